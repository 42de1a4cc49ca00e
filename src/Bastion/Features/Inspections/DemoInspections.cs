using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// Demo 巡察: "2026年第一轮巡察" by the root 党委, inspecting the demo secretary's branch (一采区党支部, past 反馈 and in
/// 整改: findings in each 四个落实 category settled in 同题共答, one clue, and the rectification plan 反馈 generated, its
/// ledger items 已销号, 申请销号, 办理中 (overdue, 立行立改) and 待办) and 电解车间党支部 (进驻了解); a team of five
/// (xuncha1 周敏 组长, xuncha2 陈立 副组长, inspector, jijian and org 组员). Call at the end of the demo seeding, after
/// the accounts and the demo ledger. Dates count back from today, so the figures are the same on every seeding day.
/// </summary>
public static class DemoInspections
{
    public const string RoundName = "2026年第一轮巡察";

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var root = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).FirstOrDefaultAsync(ct);
        var secretary = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == "secretary", ct);
        if (root is null || secretary is null) return;
        var branchId = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == secretary.Id && g.Role == Role.BranchSecretary).Select(g => g.OrgId).FirstOrDefaultAsync(ct);
        var branch = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == branchId, ct);
        var other = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == "电解车间党支部", ct);
        if (branch is null) return;

        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var round = Round(root, today, now);
        db.Add(round);
        await db.SaveChangesAsync(ct);
        var (main, feedback) = await TargetAsync(db, round, branch, InspectionPhase.整改, now, ct);
        if (other is not null) await TargetAsync(db, round, other, InspectionPhase.进驻了解, now, ct);
        var feedbackDay = feedback ?? today;
        var members = await TeamAsync(db, round, now, ct);
        var findings = await FindingsAsync(db, round, main, branch, ct);
        var leader = members.FirstOrDefault(m => m.Role == TeamRole.组长).User;
        await SettleAsync(db, findings, round.StartsOn, leader, secretary, ct);

        // 移交: the clue went to the discipline inspection body after 反馈
        db.Add(new InspectionClueTransfer { FindingId = findings.Clue.Id, Department = "纪检监察机构", TransferredAt = At(feedbackDay.AddDays(5)), TransferredBy = "inspector", Note = "按规定移交集团纪委" });

        var inspector = members.First(m => m.User.UserName == "inspector").User;
        await RectificationAsync(db, round, main.Id, findings, inspector, secretary.Id, At(feedbackDay), ct);
    }

    private static DateTimeOffset At(DateOnly d) => ChineseDates.At(d, new TimeOnly(10, 0));

    /// <summary>The round: started 70 days ago, authorized five days before.</summary>
    private static InspectionRound Round(Organization root, DateOnly today, DateTimeOffset now)
    {
        var start = today.AddDays(-70);
        return new InspectionRound
        {
            OrgId = root.Id, Name = RoundName, Year = today.Year, StartsOn = start, EndsOn = today.AddDays(20),
            Plan = "按照集团公司党委巡察工作规划，对一采区党支部、电解车间党支部开展常规巡察，聚焦“四个落实”，压实全面从严治党主体责任。",
            AuthorizedBy = root.Name, AuthorizationNo = $"集团党委〔{today.Year}〕12号", AuthorizedOn = start.AddDays(-5),
            AuthorizationScope = "对一采区党支部、电解车间党支部开展常规巡察", CreatedAt = now, CreatedBy = "inspector",
        };
    }

    /// <summary>An inspected organization moved up to <paramref name="phase"/>, one phase entry per step; returns its 反馈 day when it got there.</summary>
    private static async Task<(InspectionTarget Target, DateOnly? FeedbackDay)> TargetAsync(AppDbContext db, InspectionRound round, Organization o, InspectionPhase phase,
        DateTimeOffset now, CancellationToken ct)
    {
        var t = new InspectionTarget { RoundId = round.Id, OrgId = o.Id, Phase = phase, PhaseChangedAt = now, CreatedAt = now };
        db.Add(t);
        await db.SaveChangesAsync(ct);
        var notes = new Dictionary<InspectionPhase, string>
        {
            [InspectionPhase.准备] = "列为被巡察党组织", [InspectionPhase.进驻了解] = "召开巡察动员会，进驻开展工作", [InspectionPhase.报告] = "形成巡察报告初稿",
            [InspectionPhase.反馈] = "召开巡察反馈会议，反馈巡察意见", [InspectionPhase.移交] = "问题线索按规定移交", [InspectionPhase.整改] = "被巡察党组织按整改台账落实整改",
        };
        var day = round.StartsOn;
        DateOnly? feedbackDay = null;
        foreach (var p in InspectionRules.Phases.Where(p => p <= phase))
        {
            db.Add(new InspectionPhaseEntry { TargetId = t.Id, Phase = p, EnteredOn = day, RecordedAt = At(day), RecordedBy = "inspector", Note = notes.GetValueOrDefault(p) });
            if (p == InspectionPhase.反馈) feedbackDay = day;
            day = day.AddDays(p < InspectionPhase.反馈 ? 10 : 5);
        }
        return (t, feedbackDay);
    }

    /// <summary>The team (accounts made with the other demo accounts): 周敏 组长, 陈立 副组长, the inspection office, 纪委 and 组织部.</summary>
    private static async Task<List<(AppUser User, TeamRole Role)>> TeamAsync(AppDbContext db, InspectionRound round, DateTimeOffset now, CancellationToken ct)
    {
        var members = new List<(AppUser User, TeamRole Role)>();
        foreach (var (name, role) in new[] { ("xuncha1", TeamRole.组长), ("xuncha2", TeamRole.副组长), ("inspector", TeamRole.组员), ("jijian", TeamRole.组员), ("org", TeamRole.组员) })
            if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == name, ct) is { } u) members.Add((u, role));
        foreach (var (u, role) in members)
            db.Add(new InspectionTeamMember { RoundId = round.Id, UserId = u.Id, Name = u.DisplayName, Role = role, AddedAt = now, AddedBy = "inspector" });
        return members;
    }

    private sealed record Findings(InspectionFinding Theory, InspectionFinding Strict, InspectionFinding Org, InspectionFinding Rect, InspectionFinding Clue);

    /// <summary>One finding in each 四个落实 category and a clue, about the secretary's branch.</summary>
    private static async Task<Findings> FindingsAsync(AppDbContext db, InspectionRound round, InspectionTarget main, Organization branch, CancellationToken ct)
    {
        var start = round.StartsOn;
        InspectionFinding Finding(FindingCategory c, string title, string facts, string expression, string? basis, bool immediate = false,
            ClueGrade? grade = null, DisciplineForm? form = null, ResponsibilityKinds resp = ResponsibilityKinds.组织 | ResponsibilityKinds.现任) => new()
            {
                RoundId = round.Id, TargetId = main.Id, OrgId = branch.Id, Title = title, Facts = facts, Category = c, Expression = expression, Basis = basis,
                Immediate = immediate, ClueGrade = grade, SuggestedForm = form, Responsibility = resp, ResponsibleOrgId = branch.Id,
                Evidence = "查阅2025年以来会议记录、台账资料，个别谈话记录", Recommendation = c == FindingCategory.问题线索 ? null : "对照问题建立清单，明确责任人和时限，建立长效机制",
                CreatedAt = At(start.AddDays(20)), CreatedBy = "inspector",
            };
        var f = new Findings(
            Finding(FindingCategory.理论路线落实, "理论学习中心组学习不深入", "2025年支部理论学习以读文件为主，研讨发言记录雷同，学习成果转化不够。",
                "学习贯彻习近平新时代中国特色社会主义思想不够深入，学用结合不紧", "《中国共产党党委（党组）理论学习中心组学习规则》"),
            Finding(FindingCategory.从严治党落实, "落实全面从严治党主体责任有差距", "支部书记“第一责任人”职责履行不到位，2025年未专题研究党风廉政建设工作。",
                "履行全面从严治党主体责任不到位，管党治党宽松软", "《党委（党组）落实全面从严治党主体责任规定》", resp: ResponsibilityKinds.个人 | ResponsibilityKinds.一把手 | ResponsibilityKinds.现任),
            Finding(FindingCategory.组织路线落实, "“三会一课”制度执行不严格", "2025年支部委员会仅召开7次，党小组会记录缺失3次，党员大会未按季度召开。",
                "基层党组织建设薄弱，组织生活制度执行不严格", "《中国共产党支部工作条例（试行）》第十九条", immediate: true),
            Finding(FindingCategory.整改落实, "上轮巡察反馈问题整改不彻底", "上一轮巡察指出的台账管理问题仍然存在，整改销号材料不完整。",
                "对巡察反馈问题整改不彻底，存在虚假整改、敷衍整改现象", "《中国共产党巡视工作条例》"),
            Finding(FindingCategory.问题线索, "反映某采区负责人违规接受宴请", "群众来信反映采区某负责人多次接受供应商宴请，需进一步核实。",
                "违反中央八项规定精神", "《中国共产党纪律处分条例》", grade: ClueGrade.建议进一步了解关注类, form: DisciplineForm.第一种形态, resp: ResponsibilityKinds.个人 | ResponsibilityKinds.现任));
        db.AddRange(f.Theory, f.Strict, f.Org, f.Rect, f.Clue);
        await db.SaveChangesAsync(ct);
        return f;
    }

    /// <summary>同题共答: two findings shared, with an exchange between the team and the branch's secretary; all four surface findings settled before 反馈.</summary>
    private static async Task SettleAsync(AppDbContext db, Findings f, DateOnly start, AppUser? leader, AppUser secretary, CancellationToken ct)
    {
        foreach (var x in new[] { f.Org, f.Strict }) { x.State = FindingState.共答中; x.SharedAt = At(start.AddDays(25)); }
        void Message(InspectionFinding x, AppUser? u, string side, string body, string? wording, int day) =>
            db.Add(new InspectionFindingMessage { FindingId = x.Id, AuthorUserId = u?.Id, AuthorName = u?.DisplayName ?? side, Side = side, Body = body, ProposedWording = wording, At = At(start.AddDays(day)) });
        Message(f.Org, leader, InspectionRules.SideTeam, "经查阅记录，2025年支部委员会仅召开7次，请说明情况。", null, 25);
        Message(f.Org, secretary, InspectionRules.SideInspected, "7月至9月生产任务重，有两次支委会合并召开，另有1次记录未归档，问题属实。", "组织生活制度执行不够严格，会议记录归档不及时", 27);
        Message(f.Strict, leader, InspectionRules.SideTeam, "支部全年未专题研究党风廉政建设，请补充说明。", "履行全面从严治党主体责任不到位", 26);
        // settled before 反馈: the two discussed findings with the agreed wording, the other two as written
        f.Org.AgreedWording = "组织生活制度执行不够严格，会议记录归档不及时";
        f.Strict.AgreedWording = "履行全面从严治党主体责任不到位";
        foreach (var x in new[] { f.Theory, f.Strict, f.Org, f.Rect })
        {
            x.State = FindingState.已定稿;
            x.AgreedAt = At(start.AddDays(28));
            x.AgreedBy = x.AgreedWording is null ? null : $"{leader?.DisplayName}（巡察组）、{secretary.DisplayName}（被巡察党组织）";
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>反馈: the rectification plan, made by the same use case as a real 反馈, then worked on to different states.</summary>
    private static async Task RectificationAsync(AppDbContext db, InspectionRound round, long mainId, Findings f, AppUser inspector, long secretaryId,
        DateTimeOffset feedbackAt, CancellationToken ct)
    {
        var tracked = await db.Set<InspectionTarget>().FirstAsync(t => t.Id == mainId, ct);
        tracked.FeedbackAt = feedbackAt;
        await new CreateRectificationPlan(db).HandleAsync(tracked, inspector.Id, Ledger.LedgerAccess.NameOf(inspector), feedbackAt, ct);
        await db.SaveChangesAsync(ct);
        var owner = await db.Users.AsNoTracking().FirstAsync(u => u.Id == secretaryId, ct);
        var items = await db.Set<LedgerItem>().Where(i => i.RoundId == round.Id).OrderBy(i => i.FindingId).ToListAsync(ct);
        var states = new Dictionary<long, LedgerState> { [f.Theory.Id] = LedgerState.已销号, [f.Strict.Id] = LedgerState.申请销号, [f.Org.Id] = LedgerState.办理中, [f.Rect.Id] = LedgerState.待办 };
        foreach (var item in items)
        {
            var state = states.GetValueOrDefault(item.FindingId ?? 0, LedgerState.待办);
            if (state != LedgerState.待办) WorkOn(db, item, state, owner, inspector, feedbackAt);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The steps that bring a rectification item from 待办 to <paramref name="state"/>, four days apart.</summary>
    private static void WorkOn(AppDbContext db, LedgerItem item, LedgerState state, AppUser owner, AppUser inspector, DateTimeOffset feedbackAt)
    {
        var at = feedbackAt;
        LedgerTransition Step(string action, LedgerState from, LedgerState to, AppUser actor, string? reason)
        {
            at = at.AddDays(4);
            var t = new LedgerTransition { Item = item, Action = action, FromState = from, ToState = to, ActorUserId = actor.Id, ActorName = Ledger.LedgerAccess.NameOf(actor, 100), At = at, Reason = reason };
            db.Add(t);
            return t;
        }
        Step("start", LedgerState.待办, LedgerState.办理中, owner, "召开支委会研究整改措施，明确分工");
        if (state == LedgerState.办理中) Step("progress", LedgerState.办理中, LedgerState.办理中, owner, "已补齐第三季度支委会会议记录，党员大会记录正在整理");
        if (state is LedgerState.申请销号 or LedgerState.已销号)
        {
            Ledger.DemoLedger.Evidence(db, item, Step("submit", LedgerState.办理中, LedgerState.申请销号, owner, "整改措施已落实，申请销号"), owner, at);
            item.SubmittedAt = at;
        }
        if (state == LedgerState.已销号)
        {
            Step("close", LedgerState.申请销号, LedgerState.已销号, inspector, "佐证材料齐全，同意销号");
            item.ClosedAt = at;
        }
        item.State = state;
        item.UpdatedAt = at;
    }
}
