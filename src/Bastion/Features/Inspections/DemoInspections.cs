using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// Demo 巡察: "2026年第一轮巡察" by the root 党委, inspecting the demo secretary's branch (一采区党支部, in 报告 with
/// findings in each 四个落实 category, one clue and a 同题共答 exchange) and 电解车间党支部 (进驻了解); a team of five
/// (inspector 组长, jijian 副组长, org and two extra team accounts). Call at the end of the demo seeding, after the accounts.
/// </summary>
public static class DemoInspections
{
    public const string RoundName = "2026年第一轮巡察";

    public static async Task SeedAsync(AppDbContext db, UserManager<AppUser> users, CancellationToken ct = default)
    {
        var root = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).FirstOrDefaultAsync(ct);
        var secretary = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == "secretary", ct);
        if (root is null || secretary is null) return;
        var branchId = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == secretary.Id && g.Role == Role.BranchSecretary).Select(g => g.OrgId).FirstOrDefaultAsync(ct);
        var branch = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == branchId, ct);
        var other = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == "电解车间党支部", ct);
        if (branch is null) return;

        var now = DateTimeOffset.UtcNow;
        var today = ChineseDates.Today();
        DateTimeOffset At(DateOnly d) => new DateTimeOffset(d.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        var start = today.AddDays(-40);
        var round = new InspectionRound
        {
            OrgId = root.Id, Name = RoundName, Year = today.Year, StartsOn = start, EndsOn = today.AddDays(50),
            Plan = "按照集团公司党委巡察工作规划，对一采区党支部、电解车间党支部开展常规巡察，聚焦“四个落实”，压实全面从严治党主体责任。",
            AuthorizedBy = root.Name, AuthorizationNo = $"集团党委〔{today.Year}〕12号", AuthorizedOn = start.AddDays(-5),
            AuthorizationScope = "对一采区党支部、电解车间党支部开展常规巡察", CreatedAt = now, CreatedBy = "inspector",
        };
        db.Add(round);
        await db.SaveChangesAsync(ct);

        async Task<InspectionTarget> Target(Organization o, InspectionPhase phase)
        {
            var t = new InspectionTarget { RoundId = round.Id, OrgId = o.Id, Phase = phase, PhaseChangedAt = now, CreatedAt = now };
            db.Add(t);
            await db.SaveChangesAsync(ct);
            var notes = new Dictionary<InspectionPhase, string> { [InspectionPhase.准备] = "列为被巡察党组织", [InspectionPhase.进驻了解] = "召开巡察动员会，进驻开展工作", [InspectionPhase.报告] = "形成巡察报告初稿" };
            var day = start;
            foreach (var p in InspectionRules.Phases.Where(p => p <= phase))
            {
                db.Add(new InspectionPhaseEntry { TargetId = t.Id, Phase = p, EnteredOn = day, RecordedAt = At(day), RecordedBy = "inspector", Note = notes.GetValueOrDefault(p) });
                day = day.AddDays(14);
            }
            return t;
        }
        var main = await Target(branch, InspectionPhase.报告);
        if (other is not null) await Target(other, InspectionPhase.进驻了解);

        // the team: inspector (组长), jijian (副组长), org and two extra team accounts
        var members = new List<(AppUser User, TeamRole Role)>();
        foreach (var (name, role) in new[] { ("inspector", TeamRole.组长), ("jijian", TeamRole.副组长), ("org", TeamRole.组员) })
            if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == name, ct) is { } u) members.Add((u, role));
        foreach (var (name, display) in new[] { ("xuncha1", "巡察组员 周敏"), ("xuncha2", "巡察组员 陈立") })
        {
            var u = new AppUser { UserName = name, DisplayName = display, CreatedAt = now, LockoutEnabled = true };
            var r = await users.CreateAsync(u, PasswordPolicy.Generate());
            if (r.Succeeded) members.Add((u, TeamRole.组员));
        }
        foreach (var (u, role) in members)
            db.Add(new InspectionTeamMember { RoundId = round.Id, UserId = u.Id, Name = u.DisplayName, Role = role, AddedAt = now, AddedBy = "inspector" });

        InspectionFinding Finding(FindingCategory c, string title, string facts, string expression, string? basis, bool immediate = false,
            ClueGrade? grade = null, DisciplineForm? form = null, ResponsibilityKinds resp = ResponsibilityKinds.组织 | ResponsibilityKinds.现任) => new()
        {
            RoundId = round.Id, TargetId = main.Id, OrgId = branch.Id, Title = title, Facts = facts, Category = c, Expression = expression, Basis = basis,
            Immediate = immediate, ClueGrade = grade, SuggestedForm = form, Responsibility = resp, ResponsibleOrgId = branch.Id,
            Evidence = "查阅2025年以来会议记录、台账资料，个别谈话记录", Recommendation = c == FindingCategory.问题线索 ? null : "对照问题建立清单，明确责任人和时限，建立长效机制",
            CreatedAt = At(start.AddDays(20)), CreatedBy = "inspector",
        };
        var theory = Finding(FindingCategory.理论路线落实, "理论学习中心组学习不深入", "2025年支部理论学习以读文件为主，研讨发言记录雷同，学习成果转化不够。",
            "学习贯彻习近平新时代中国特色社会主义思想不够深入，学用结合不紧", "《中国共产党党委（党组）理论学习中心组学习规则》");
        var strict = Finding(FindingCategory.从严治党落实, "落实全面从严治党主体责任有差距", "支部书记“第一责任人”职责履行不到位，2025年未专题研究党风廉政建设工作。",
            "履行全面从严治党主体责任不到位，管党治党宽松软", "《党委（党组）落实全面从严治党主体责任规定》", resp: ResponsibilityKinds.个人 | ResponsibilityKinds.一把手 | ResponsibilityKinds.现任);
        var org = Finding(FindingCategory.组织路线落实, "“三会一课”制度执行不严格", "2025年支部委员会仅召开7次，党小组会记录缺失3次，党员大会未按季度召开。",
            "基层党组织建设薄弱，组织生活制度执行不严格", "《中国共产党支部工作条例（试行）》第十九条", immediate: true);
        var rect = Finding(FindingCategory.整改落实, "上轮巡察反馈问题整改不彻底", "上一轮巡察指出的台账管理问题仍然存在，整改销号材料不完整。",
            "对巡察反馈问题整改不彻底，存在虚假整改、敷衍整改现象", "《中国共产党巡视工作条例》");
        var clue = Finding(FindingCategory.问题线索, "反映某采区负责人违规接受宴请", "群众来信反映采区某负责人多次接受供应商宴请，需进一步核实。",
            "违反中央八项规定精神", "《中国共产党纪律处分条例》", grade: ClueGrade.建议进一步了解关注类, form: DisciplineForm.第一种形态, resp: ResponsibilityKinds.个人 | ResponsibilityKinds.现任);
        db.AddRange(theory, strict, org, rect, clue);
        await db.SaveChangesAsync(ct);

        // 同题共答: two findings shared, with an exchange between the team and the branch's secretary
        var leader = members.FirstOrDefault(m => m.Role == TeamRole.组长).User;
        foreach (var f in new[] { org, strict }) { f.State = FindingState.共答中; f.SharedAt = At(start.AddDays(25)); }
        void Message(InspectionFinding f, AppUser? u, string side, string body, string? wording, int day) =>
            db.Add(new InspectionFindingMessage { FindingId = f.Id, AuthorUserId = u?.Id, AuthorName = u?.DisplayName ?? side, Side = side, Body = body, ProposedWording = wording, At = At(start.AddDays(day)) });
        Message(org, leader, InspectionRules.SideTeam, "经查阅记录，2025年支部委员会仅召开7次，请说明情况。", null, 25);
        Message(org, secretary, InspectionRules.SideInspected, "7月至9月生产任务重，有两次支委会合并召开，另有1次记录未归档，问题属实。", "组织生活制度执行不够严格，会议记录归档不及时", 27);
        Message(strict, leader, InspectionRules.SideTeam, "支部全年未专题研究党风廉政建设，请补充说明。", "履行全面从严治党主体责任不到位", 26);
        await db.SaveChangesAsync(ct);
    }
}
