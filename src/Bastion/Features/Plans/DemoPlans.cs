using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>
/// Demo organizational-life plans: a fixed 主题党日 day with the coming months' 主题党日 for most branches, some other
/// plans for the coming months, a few 谈心谈话 and last year's finished 民主评议 in 一采区党支部. 一采区党支部 has no
/// 主题党日 day yet, so the demo secretary can fix one and generate the year. Call after terms and members are saved.
/// </summary>
public static class DemoPlans
{
    public const string SecretaryBranch = "一采区党支部";

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var branches = (await db.Organizations.AsNoTracking().Where(o => o.Status == OrgStatus.正常).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct))
            .Where(o => OrgRules.IsBranch(o.Type)).ToList();
        if (branches.Count == 0) return;
        var first = branches.FirstOrDefault(b => b.Name == SecretaryBranch) ?? branches[0];
        await SeedPlansAsync(db, branches, first, today, now, ct);

        // 谈心谈话 and last year's 民主评议 in the secretary's branch
        var members = await db.Members.AsNoTracking().Where(m => m.OrgId == first.Id).OrderBy(m => m.Id)
            .Select(m => new Person(m.Id, m.JoinedAt)).ToListAsync(ct);
        await AddTalksAsync(db, first, members, today, now, ct);
        await SeedAppraisalAsync(db, first, members, today, now, ct);
    }

    private sealed record Person(long Id, DateOnly JoinedAt);

    /// <summary>A fixed 主题党日 day with the coming months' 主题党日 (all but the secretary's branch), and a few other plans.</summary>
    private static async Task SeedPlansAsync(AppDbContext db, List<Organization> branches, Organization first, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        Meeting Plan(Organization o, DateOnly day, TimeOnly time, MeetingKinds kinds, string topic, string? place) => new()
        {
            OrgId = o.Id, Kinds = kinds, State = MeetingState.计划, HeldAt = PlanRules.At(day, time), Topic = topic, Place = place, CreatedAt = now, CreatedBy = "demo",
        };

        var i = 0;
        foreach (var b in branches)
        {
            var month = new DateOnly(today.Year, today.Month, 1);
            if (b.Id != first.Id)
            {
                var day = (short)(5 + i++ % 20);
                db.Add(new BranchSetting { OrgId = b.Id, ThemeDay = day, ThemeTime = PlanRules.DefaultThemeTime, ThemePlace = "党员活动室", UpdatedAt = now, UpdatedBy = "demo" });
                for (var k = 0; k < 3; k++)
                {
                    var m = month.AddMonths(k);
                    var d = PlanRules.ThemeDayIn(m.Year, m.Month, day);
                    if (d >= today) db.Add(Plan(b, d, PlanRules.DefaultThemeTime, MeetingKinds.主题党日, $"{m.Month}月主题党日", "党员活动室"));
                }
            }
            var next = month.AddMonths(1);
            db.Add(Plan(b, next.AddDays(2), new TimeOnly(9, 0), MeetingKinds.支部委员会, $"{next.Month}月支部委员会：研究季度工作", "支部办公室"));
            if (b.Id == first.Id)
            {
                db.Add(Plan(b, next.AddDays(14), new TimeOnly(15, 0), MeetingKinds.党课, "书记讲党课：安全生产与党员责任", "矿部会议室"));
                db.Add(Plan(b, month.AddMonths(2).AddDays(9), new TimeOnly(14, 0), MeetingKinds.支部党员大会, "支部党员大会：季度工作总结", "矿部会议室"));
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A few 谈心谈话 by a committee member who has served a month (saved with the appraisal that follows).</summary>
    private static async Task AddTalksAsync(AppDbContext db, Organization first, List<Person> members, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var talker = await (from t in db.Set<OrgTerm>()
                            join tm in db.Set<OrgTermMember>() on t.Id equals tm.TermId
                            where t.OrgId == first.Id && t.EndDate == null && tm.LeftAt == null && tm.MemberId != null && tm.AppointedAt <= today.AddDays(-30)
                            orderby tm.Post
                            select tm.MemberId).FirstOrDefaultAsync(ct);
        if (talker is { } talkerId)
        {
            string[] topics = ["工作和思想情况，对支部工作的意见建议", "家庭困难和身体情况", "岗位安全责任落实", "学习教育中的收获和不足"];
            var k = 0;
            foreach (var m in members.Where(m => m.Id != talkerId).Take(4))
            {
                var day = today.AddDays(-(k * 7 + 3));
                if (day.Year != today.Year) day = today;
                db.Add(new Talk
                {
                    OrgId = first.Id, TalkerMemberId = talkerId, MemberId = m.Id, HeldOn = day, Topics = topics[k % topics.Length],
                    FollowUp = k == 1 ? "已联系工会走访慰问" : null, CreatedAt = now, CreatedBy = "demo",
                });
                k++;
            }
        }
    }

    /// <summary>Last year's finished 民主评议 of the branch, its grades written to the member records.</summary>
    private static async Task SeedAppraisalAsync(AppDbContext db, Organization first, List<Person> members, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var lastYear = today.Year - 1;
        var appraised = members.Where(m => m.JoinedAt <= new DateOnly(lastYear, 12, 31)).ToList();
        if (appraised.Count == 0) { await db.SaveChangesAsync(ct); return; }
        var round = new AppraisalRound
        {
            OrgId = first.Id, Year = lastYear, GradeSet = AppraisalGradeSet.四档, State = AppraisalState.已完成, Voters = appraised.Count,
            CreatedAt = now, CreatedBy = "demo", FinishedAt = now, FinishedBy = "demo",
        };
        db.Add(round);
        await db.SaveChangesAsync(ct);
        var n = appraised.Count;
        for (var j = 0; j < n; j++)
        {
            var grade = j % 5 == 0 ? AppraisalGrade.优秀 : j == n - 1 && n > 3 ? AppraisalGrade.基本合格 : AppraisalGrade.合格;
            var excellent = grade == AppraisalGrade.优秀 ? n * 7 / 10 : n / 5;
            var basic = grade == AppraisalGrade.基本合格 ? n / 2 : 0;
            db.Add(new AppraisalEntry
            {
                RoundId = round.Id, OrgId = first.Id, MemberId = appraised[j].Id, SelfAssessment = "能够认真学习党的理论，履行党员义务，发挥先锋模范作用。",
                PeerSummary = "群众基础较好，工作积极。", VotesExcellent = excellent, VotesQualified = n - excellent - basic, VotesBasic = basic,
                Grade = grade, DecidedBy = "demo", DecidedAt = now,
            });
            db.Add(new MemberAppraisal { MemberId = appraised[j].Id, OrgId = first.Id, RoundId = round.Id, Year = lastYear, Grade = grade, RecordedAt = now });
        }
        await db.SaveChangesAsync(ct);
    }
}
