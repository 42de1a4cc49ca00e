using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Features.UnitedFront;

/// <summary>
/// Demo 统战 records for the demo group: twelve 党外人士 of every category with contact log entries (联谊交友).
/// Every record goes through <see cref="UnitedFrontRules"/>, so the demo never shows data the forms would refuse.
/// </summary>
public static class DemoUnitedFront
{
    private sealed record Person(string Unit, string Name, string Gender, string Category, string? Party, string Ethnicity, string Birth,
        string Employer, string Position, string Expertise, string Phone, string? Notes, (int DaysAgo, string OurPerson, string Topics, string? FollowUp)[] Contacts);

    private const string Secretary = "集团党委书记 张振华", Deputy = "集团党委副书记 刘红梅", Minister = "党群工作部部长 赵立军";

    private static readonly Person[] People =
    [
        new("group", "周明远", "男", "民主党派成员", "民盟", "汉族", "1971-04-12", "集团公司技术中心", "副主任、正高级工程师", "有色金属冶炼工艺、节能减排", "13907311258", "市政协委员",
            [(20, Secretary, "征求对集团“十五五”科技创新规划的意见，建议设立冶炼尾气余热利用攻关项目", "已列入党建项目攻关清单，技术中心牵头"),
             (150, Minister, "参加党外知识分子座谈会，交流科技人才评价改革", null)]),
        new("smelter", "沈慧琳", "女", "民主党派成员", "九三学社", "汉族", "1979-09-03", "冶炼厂质检中心", "主任工程师", "分析化学、环境监测", "13873125506", null,
            [(45, Deputy, "座谈新厂区建设项目环保措施，建议增加废水在线监测点位", "冶炼厂已增设2个监测点位，下月回访")]),
        new("mining", "马俊杰", "男", "少数民族", null, "回族", "1983-06-21", "矿业公司机电运输车间", "车间副主任", "矿山机械维修", "15807316642", null,
            [(12, Minister, "开展民族团结进步创建走访，了解少数民族职工饮食保障情况", "食堂已设清真窗口")]),
        new("mining", "巴特尔", "男", "少数民族", null, "蒙古族", "1976-11-30", "矿业公司一采区", "采矿工程师", "露天采矿、边坡治理", "18907317719", "自治区劳动模范",
            [(90, Secretary, "走访慰问，听取对一采区安全生产的意见建议", "已转安全环保部研究")]),
        new("group", "林佩珊", "女", "侨眷", null, "汉族", "1985-02-14", "集团公司财务资产部", "会计师", "国际结算、外汇管理", "13786150823", "父母旅居马来西亚",
            [(60, Deputy, "侨眷联谊，了解海外亲属回国探亲手续办理困难", "协助联系市侨联")]),
        new("group", "郑国华", "男", "无党派人士", null, "汉族", "1965-08-08", "集团公司安全环保部", "总工程师助理", "安全生产管理", "13574102267", "区人大代表",
            [(30, Secretary, "通报集团年度安全生产形势，征求对安全责任清单的意见", null),
             (200, Deputy, "春节走访慰问", null)]),
        new("smelter", "韩雪梅", "女", "党外知识分子", null, "汉族", "1988-12-05", "冶炼厂电解车间", "工艺工程师", "电解铜工艺优化", "15116273390", null,
            [(75, Minister, "谈心谈话，了解青年技术骨干职业发展诉求", "推荐参加集团青年人才培养计划")]),
        new("group", "吴振宇", "男", "民主党派成员", "民建", "汉族", "1974-03-19", "集团公司法律事务部", "法律顾问", "公司法、合规管理", "13337318854", null,
            [(25, Deputy, "就小微权力清单和合规管理体系征求意见", "意见已送纪检监察部")]),
        new("group", "李卫东", "男", "民主党派成员", "民进", "汉族", "1969-07-16", "集团公司职工培训中心", "高级讲师", "职业技能培训", "18673120095", null,
            [(110, Minister, "座谈职工技能提升培训需求，建议开设班组长管理课程", "培训中心已纳入下半年计划")]),
        new("smelter", "阿依古丽·买买提", "女", "少数民族", null, "维吾尔族", "1990-07-07", "冶炼厂动力车间", "技术员", "热能动力", "13974835561", null,
            [(40, Deputy, "古尔邦节走访慰问", null)]),
        new("mining", "黄志诚", "男", "侨眷", null, "汉族", "1969-10-10", "矿业公司后勤服务中心", "经理", "后勤管理", "13548769920", "兄长定居加拿大",
            [(160, Minister, "了解侨眷家庭情况，宣传侨务政策", null)]),
        new("group", "杜文清", "女", "党外知识分子", null, "汉族", "1981-05-25", "集团公司信息中心", "高级工程师", "工业互联网、数据安全", "15873104418", "省级技术能手",
            [(8, Secretary, "征求对智慧党建平台建设的意见，建议加强个人信息保护", "已落实敏感信息脱敏与查看留痕"),
             (95, Minister, "党外知识分子联谊会", null)]),
    ];

    /// <summary>
    /// Adds the demo 党外人士 to the 统战 lists of the group 党委 and, when given, of the mining and smelting 党委s
    /// (records of a unit not given go to the group). Saves once; call it inside the demo seeding transaction.
    /// </summary>
    /// <param name="clock">The clock the demo is dated by; the system clock when the caller has none to give.</param>
    public static async Task<int> SeedAsync(AppDbContext db, Organization group, Organization? mining = null, Organization? smelter = null,
        CancellationToken ct = default, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var added = new List<(UnitedFrontPerson Person, Person Source)>();
        foreach (var p in People)
        {
            var org = p.Unit switch { "mining" => mining, "smelter" => smelter, _ => null } ?? group;
            var (values, errors) = UnitedFrontRules.Check(new UnitedFrontPersonDraft(p.Name, p.Gender, p.Category, p.Party, p.Ethnicity, p.Birth,
                p.Employer, p.Position, p.Expertise, p.Phone, p.Notes), today);
            if (values is null) throw new InvalidOperationException($"demo 统战 record {p.Name} is invalid: {string.Join("; ", errors.SelectMany(e => e.Value))}");
            var person = new UnitedFrontPerson { Name = values.Name, OrgId = org.Id, CreatedAt = now, UpdatedAt = now };
            values.ApplyTo(person);
            db.Set<UnitedFrontPerson>().Add(person);
            added.Add((person, p));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (person, source) in added)
            foreach (var c in source.Contacts)
            {
                var date = today.AddDays(-c.DaysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var (v, errors) = UnitedFrontRules.Check(new UnitedFrontContactDraft(date, c.OurPerson, c.Topics, c.FollowUp), today);
                if (v is null) throw new InvalidOperationException($"demo contact of {person.Name} is invalid: {string.Join("; ", errors.SelectMany(e => e.Value))}");
                db.Set<UnitedFrontContact>().Add(new UnitedFrontContact
                {
                    PersonId = person.Id, OrgId = person.OrgId, ContactDate = v.ContactDate, OurPerson = v.OurPerson,
                    Topics = v.Topics, FollowUp = v.FollowUp, RecordedBy = "org", RecordedAt = now,
                });
            }
        await db.SaveChangesAsync(ct);
        return added.Count;
    }
}
