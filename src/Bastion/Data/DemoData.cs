using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Data;

/// <summary>
/// A realistic demo group: 集团公司党委 → three 二级单位党委 → 党总支 / 党支部 (one 联合党支部, one 临时党支部)
/// → 党小组, about 600 members with valid 公民身份号码, and one account per role.
/// </summary>
public sealed class DemoData(AppDbContext db, UserManager<AppUser> users, OperatorConsole console, ILogger<DemoData> log, TimeProvider clock)
{
    public const string PasswordVariable = "BASTION_DEMO_PASSWORD";
    private readonly Random _rng = new(20261121);
    private readonly HashSet<string> _ids = [];

    /// <summary>The founding day given to the demo organizations (compliance owes nothing before it).</summary>
    public static readonly DateTimeOffset DemoFounded = new(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public sealed record Account(string UserName, string DisplayName, Role Role, string? OrgName, string Password);

    public async Task<IReadOnlyList<Account>> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct) || await db.Organizations.AnyAsync(ct))
            throw new StartupException("数据库不为空，演示数据只能导入空数据库。", "The database is not empty; demo data is seeded only into an empty database.");

        var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var now = clock.GetUtcNow();
        var sort = 0;
        async Task<Organization> Org(string name, OrgType type, Organization? parent)
        {
            var id = await db.NextOrganizationIdAsync(ct);
            var o = new Organization { Id = id, Name = name, Type = type, ParentId = parent?.Id, CreatedAt = now, SortOrder = sort++, Path = OrgRules.ChildPath(parent?.Path ?? "", id) };
            db.Organizations.Add(o);
            await db.SaveChangesAsync(ct);
            return o;
        }

        var root = await Org("集团公司党委", OrgType.党委, null);
        var branches = new List<Organization>();
        async Task<Organization> Branch(string name, Organization parent, OrgType type = OrgType.党支部)
        {
            var b = await Org(name, type, parent);
            branches.Add(b);
            if (type != OrgType.临时党支部)
            {
                await Org("第一党小组", OrgType.党小组, b);
                await Org("第二党小组", OrgType.党小组, b);
            }
            return b;
        }

        var mining = await Org("矿业公司党委", OrgType.党委, root);
        var miningGeneral = await Org("采矿党总支", OrgType.党总支, mining);
        var firstPit = await Branch("一采区党支部", miningGeneral);
        await Branch("二采区党支部", miningGeneral);
        await Branch("选矿车间党支部", miningGeneral);
        await Branch("机电运输党支部", mining);
        await Branch("安全环保党支部", mining);
        await Branch("矿区后勤联合党支部", mining, OrgType.联合党支部);

        var smelter = await Org("冶炼厂党委", OrgType.党委, root);
        var smelterGeneral = await Org("熔炼车间党总支", OrgType.党总支, smelter);
        await Branch("熔炼一工段党支部", smelterGeneral);
        await Branch("熔炼二工段党支部", smelterGeneral);
        await Branch("电解车间党支部", smelter);
        await Branch("动力车间党支部", smelter);
        await Branch("质检中心党支部", smelter);
        await Branch("新厂区建设项目临时党支部", smelter, OrgType.临时党支部);

        var office = await Org("机关党委", OrgType.党委, root);
        await Branch("党群工作部党支部", office);
        await Branch("综合办公室党支部", office);
        await Branch("财务资产部党支部", office);
        await Branch("人力资源部党支部", office);
        await Branch("离退休职工党支部", office);

        var members = new List<Member>();
        foreach (var b in branches)
        {
            var count = b.Type == OrgType.临时党支部 ? 12 : 32 + _rng.Next(8);
            for (var i = 0; i < count; i++) members.Add(NewMember(b, now, retired: b.Name.StartsWith("离退休", StringComparison.Ordinal)));
        }
        db.Members.AddRange(members);
        await db.SaveChangesAsync(ct);
        await Features.UnitedFront.DemoUnitedFront.SeedAsync(db, root, mining, smelter, ct, clock);
        await Features.Terms.DemoTerms.SeedAsync(db, ct, clock);
        await Features.Transfers.DemoTransfers.SeedAsync(db, ct, clock);
        await Features.Organizations.DemoOrgLifecycle.SeedAsync(db, ct, clock);
        // compliance counts created_at as the founding day: the demo organizations were founded long before their meetings
        await db.Database.ExecuteSqlAsync($"UPDATE organizations SET created_at = {DemoFounded.ToUniversalTime()} WHERE created_at = {now}", ct);

        var fixedPassword = Environment.GetEnvironmentVariable(PasswordVariable);
        string Pw() => string.IsNullOrEmpty(fixedPassword) ? PasswordPolicy.Generate() : fixedPassword;
        var firstPitMembers = members.Where(m => m.OrgId == firstPit.Id).ToList();
        await Features.Members.DemoMemberRecords.SeedAsync(db, firstPit, firstPitMembers, now, ct);
        await Features.Meetings.DemoMeetings.SeedAsync(db, clock, ct);
        await Features.Plans.DemoPlans.SeedAsync(db, clock, ct);
        var accounts = new List<Account>
        {
            new("admin", "系统管理员", Role.SystemAdmin, null, Pw()),
            new("secadmin", "安全管理员", Role.SecurityAdmin, null, Pw()),
            new("auditor", "审计管理员", Role.AuditAdmin, null, Pw()),
            new("org", "集团党委组织部", Role.OrgAdmin, root.Name, Pw()),
            new("inspector", "集团巡察办", Role.Inspector, root.Name, Pw()),
            new("jijian", "集团纪委", Role.Discipline, root.Name, Pw()),
            new("secretary", firstPitMembers[0].Name, Role.BranchSecretary, firstPit.Name, Pw()),
            new("member", firstPitMembers[1].Name, Role.Member, firstPit.Name, Pw()),
            // the two further members of the demo 巡察组 (组长 and 副组长 of 2026年第一轮巡察)
            new("xuncha1", "周敏", Role.Inspector, root.Name, Pw()),
            new("xuncha2", "陈立", Role.Inspector, root.Name, Pw()),
        };
        var orgByName = new Dictionary<string, Organization> { [root.Name] = root, [firstPit.Name] = firstPit };
        foreach (var a in accounts)
        {
            var u = new AppUser
            {
                UserName = a.UserName, DisplayName = a.DisplayName, CreatedAt = now, LockoutEnabled = true,
                MemberId = a.UserName switch { "secretary" => firstPitMembers[0].Id, "member" => firstPitMembers[1].Id, _ => null },
            };
            var r = await users.CreateAsync(u, a.Password);
            if (!r.Succeeded)
                throw new StartupException("演示账号创建失败：" + string.Join("；", r.Errors.Select(e => e.Description)),
                    $"Could not create demo account {a.UserName}; {PasswordVariable} must satisfy the password policy (8+ characters, 3 of 4 classes).");
            db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = a.Role, OrgId = a.OrgName is null ? null : orgByName[a.OrgName].Id, GrantedAt = now });
            db.Notifications.Add(new Notification { UserId = u.Id, Title = "欢迎使用堡垒智慧党建平台", Body = $"您的角色：{Roles.Display(a.Role)}", Url = Web.Home.Of([a.Role], u.MemberId is not null), CreatedAt = now });
        }
        await db.SaveChangesAsync(ct);
        await Features.Ledger.DemoLedger.SeedAsync(db, clock, ct);
        await Features.Inspections.DemoInspections.SeedAsync(db, clock, ct);
        var reviewed = await Features.Development.DemoDevelopment.SeedAsync(db, clock, ct);
        await Features.Development.VolunteerBooks.DemoVolunteerBooks.SeedAsync(db, clock, reviewed, ct);
        await Features.Dues.DemoDues.SeedAsync(db, clock, ct);
        await Features.Dues.Months.DemoDuesMonths.SeedAsync(db, clock, ct);
        await Features.Dues.Months.DemoDuesRelief.SeedAsync(db, clock, ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
            await tx.DisposeAsync();
        }

        log.LogInformation("Demo data seeded: {Orgs} organizations, {Members} members", sort, members.Count);
        Print(accounts, string.IsNullOrEmpty(fixedPassword));
        return accounts;
    }

    private void Print(IReadOnlyList<Account> accounts, bool generated)
    {
        console.WriteLine();
        console.WriteLine("==================== 演示账号 / demo accounts ====================");
        foreach (var a in accounts)
            console.WriteLine($"  {a.UserName,-10} {a.Password,-18} {Roles.Display(a.Role)}{(a.OrgName is null ? "" : "（" + a.OrgName + "）")}");
        console.WriteLine(generated
            ? "  密码只显示这一次，请妥善保存。/ Passwords are shown only this once."
            : $"  密码来自环境变量 {PasswordVariable}。/ Passwords come from {PasswordVariable}.");
        console.WriteLine("==================================================================");
        console.WriteLine();
    }

    // ---- synthetic people ----
    private static readonly string[] Surnames = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").Select(c => c.ToString()).ToArray();
    private static readonly string[] MaleGiven = ("伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘").Select(c => c.ToString()).ToArray();
    private static readonly string[] FemaleGiven = ("秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸贤蝶菡绿蓝儿翠烟").Select(c => c.ToString()).ToArray();
    private static readonly string[] Regions = ["110105", "370102", "320106", "510104", "610113", "150102", "140105", "410105", "430102", "420106", "210102", "130102", "620102", "640104", "350102"];
    private static readonly string[] Educations = ["研究生", "大学本科", "大学本科", "大学本科", "大学专科", "大学专科", "中专", "高中"];
    private static readonly string[] Positions = ["工程师", "技术员", "班组长", "调度员", "安全员", "会计", "主任科员", "值班长", "检修工", "化验员", "副主任", "操作工", "经济师"];

    private Member NewMember(Organization branch, DateTimeOffset now, bool retired)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var gender = _rng.Next(100) < 68 ? Gender.男 : Gender.女;
        var birth = retired
            ? new DateOnly(1945 + _rng.Next(18), 1 + _rng.Next(12), 1 + _rng.Next(28))
            : new DateOnly(1966 + _rng.Next(36), 1 + _rng.Next(12), 1 + _rng.Next(28));
        string id;
        do
        {
            var seq = _rng.Next(0, 500) * 2 + (gender == Gender.男 ? 1 : 0);
            id = ChineseIdNumber.Compose(Regions[_rng.Next(Regions.Length)], birth, seq);
        } while (!_ids.Add(id));
        var given = gender == Gender.男 ? MaleGiven : FemaleGiven;
        var name = Surnames[_rng.Next(Surnames.Length)] + given[_rng.Next(given.Length)] + (_rng.Next(100) < 65 ? given[_rng.Next(given.Length)] : "");
        var earliest = birth.AddYears(18);
        var span = Math.Max(1, today.DayNumber - earliest.DayNumber - 30);
        var probationary = _rng.Next(100) < 6;
        var joined = probationary ? today.AddDays(-30 - _rng.Next(300)) : earliest.AddDays(_rng.Next(span));
        if (joined < earliest) joined = earliest;
        var confirmed = probationary || joined.AddYears(1) > today ? (DateOnly?)null : joined.AddYears(1);
        return new Member
        {
            OrgId = branch.Id,
            Name = name,
            Gender = gender,
            Ethnicity = _rng.Next(100) switch { < 92 => "汉族", < 95 => "回族", < 97 => "满族", < 99 => "蒙古族", _ => "壮族" },
            IdNumber = id,
            BirthDate = birth,
            Phone = "1" + "3578"[_rng.Next(4)] + _rng.Next(0, 1_000_000_000).ToString("000000000", System.Globalization.CultureInfo.InvariantCulture),
            Category = confirmed is null ? MemberCategory.预备党员 : MemberCategory.正式党员,
            JoinedAt = joined,
            ConfirmedAt = confirmed,
            Education = Educations[_rng.Next(Educations.Length)],
            Position = retired ? "退休职工" : Positions[_rng.Next(Positions.Length)],
            CreatedAt = now,
        };
    }
}
