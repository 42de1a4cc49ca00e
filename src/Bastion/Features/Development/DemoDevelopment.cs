using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// Development cases for the demo group (called by DemoData): seven people in 一采区党支部 at different stages, dated
/// from the injected clock so that something is always due — a 谈话 due soon, one overdue, a 积极分子 whose next
/// half-year 考察 is due, a 发展对象 waiting for the 政审, one waiting for the 党委's approval, and two 预备党员 (approved
/// at step 17, so each has its member record as 预备党员): one whose 预备期 ends within 60 days (the 转正 notice and the
/// 预审表 list them), one four months in; one whose first 支部大会 did not pass (kept on the timeline) and whose second
/// did, now waiting for the 党委. An 入党积极分子 of 熔炼二工段党支部 (冶炼厂党委) is being transferred to 一采区党支部 and
/// waits for it to accept (转接中: /Development/Transfers of the secretary and of the 集团 党委). Steps are recorded by the
/// demo accounts (支部: secretary, 党委: org). The 矿业公司党委 has this year's plan with 一采区党支部's share.
/// </summary>
public static class DemoDevelopment
{
    /// <returns>The cases past 预审 (step 13) with its date, for the 志愿书 numbers seeded after them.</returns>
    public static async Task<IReadOnlyList<(long CaseId, string Name, DateOnly ReviewedOn)>> SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var reviewed = new List<(long CaseId, string Name, DateOnly ReviewedOn)>();
        var branch = await db.Organizations.AsNoTracking().Where(o => o.Name == "一采区党支部").OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (branch is null) return reviewed;
        var contacts = await db.Members.AsNoTracking().Where(m => m.OrgId == branch.Id && m.Category == MemberCategory.正式党员).OrderBy(m => m.Id).Take(3).ToListAsync(ct);
        if (contacts.Count < 3) return reviewed;
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var pack = DevelopmentRulePacks.细则2014;

        async Task<DevelopmentCase> Case(string name, DateOnly birth, int seq, DevelopmentState state, params (string Step, DateOnly On, DevelopmentStepFields? Fields)[] steps) =>
            await CaseAt(branch, name, birth, seq, state, steps);

        async Task<DevelopmentCase> CaseAt(Organization at, string name, DateOnly birth, int seq, DevelopmentState state, params (string Step, DateOnly On, DevelopmentStepFields? Fields)[] steps)
        {
            var recorder = at.Id == branch.Id ? "secretary" : null; // no demo account is secretary of another branch
            var c = new DevelopmentCase
            {
                OrgId = at.Id, Name = name, IdNumber = ChineseIdNumber.Compose("610102", birth, seq), BirthDate = birth, Gender = seq % 2 == 1 ? Gender.男 : Gender.女,
                AppliedOn = steps[0].On, State = state, PackVersion = pack.Version, CreatedAt = now, CreatedBy = recorder, UpdatedAt = now,
            };
            db.Add(c);
            await db.SaveChangesAsync(ct);
            foreach (var (step, on, fields) in steps)
            {
                var s = new DevelopmentStep
                {
                    CaseId = c.Id, OrgId = at.Id, Step = step, On = on, Fields = DevelopmentFacts.WriteFields(fields ?? new()),
                    RecordedBy = DevelopmentSteps.Get(step).Actor == StepActor.党委 ? "org" : recorder, RecordedAt = now,
                    // a 支部大会 that did not pass stays on the timeline with the warning RecordDevelopmentStep gives it
                    Warnings = fields?.Vote is { } vote && DevelopmentGates.VoteFailed(vote) is { } failed ? [failed] : [],
                };
                db.Add(s);
                await db.SaveChangesAsync(ct);
                foreach (var id in fields?.MemberIds ?? [])
                    db.Add(new DevelopmentStepMember { StepId = s.Id, MemberId = id, OrgId = at.Id, Role = step == "5" ? "培养联系人" : "入党介绍人" });
            }
            await db.SaveChangesAsync(ct);
            if (steps.LastOrDefault(x => x.Step == "13") is { Step: not null } review) reviewed.Add((c.Id, c.Name, review.On));
            if (state is DevelopmentState.预备党员)
            {
                // approved at step 17: a member record as 预备党员 from the 支部大会's day, as RecordDevelopmentStep makes it
                var member = new Member
                {
                    OrgId = branch.Id, Name = c.Name, Gender = c.Gender, IdNumber = c.IdNumber, BirthDate = c.BirthDate, Category = MemberCategory.预备党员,
                    JoinedAt = steps.Last(x => x.Step == "15").On, CreatedAt = now,
                };
                db.Members.Add(member);
                await db.SaveChangesAsync(ct);
                c.MemberId = member.Id;
                await db.SaveChangesAsync(ct);
            }
            return c;
        }

        DevelopmentStepFields People(params Member[] ms) => new() { MemberIds = [.. ms.Select(m => m.Id)], MemberNames = [.. ms.Select(m => m.Name)] };

        // 申请人: applied 10 days ago, the 谈话 is due
        await Case("赵晓晨", new DateOnly(2001, 4, 12), 131, DevelopmentState.申请人, ("1", today.AddDays(-10), null));
        // 申请人: applied 40 days ago, the 谈话 is overdue
        await Case("钱雨桐", new DateOnly(2000, 9, 3), 142, DevelopmentState.申请人, ("1", today.AddDays(-40), null));
        // 入党积极分子 for 7 months: one 考察 recorded, the next half-year's is due
        var a3 = today.AddMonths(-7);
        await Case("孙浩然", new DateOnly(1999, 1, 21), 155, DevelopmentState.入党积极分子,
            ("1", a3.AddMonths(-2), null), ("2", a3.AddMonths(-2).AddDays(12), new() { Talker = contacts[0].Name }),
            ("3", a3, new() { Recommendation = "党员推荐" }), ("4", a3.AddDays(5), null), ("5", a3.AddDays(7), People(contacts[0])),
            ("6", a3.AddMonths(5), new() { Note = "工作积极，按时提交思想汇报" }));
        // 发展对象: 介绍人 chosen, the 政审 is next
        var b3 = today.AddMonths(-14);
        await Case("李思远", new DateOnly(1996, 11, 8), 167, DevelopmentState.发展对象,
            ("1", b3.AddMonths(-3), null), ("2", b3.AddMonths(-3).AddDays(20), new() { Talker = contacts[0].Name }),
            ("3", b3, new() { Recommendation = "群团推优" }), ("4", b3.AddDays(3), null), ("5", b3.AddDays(5), People(contacts[1])),
            ("6", b3.AddMonths(4), new() { Note = "考察合格" }), ("6", b3.AddMonths(10), new() { Note = "考察合格" }),
            ("7", b3.AddMonths(12), null), ("8", b3.AddMonths(12).AddDays(4), null), ("9", b3.AddMonths(12).AddDays(10), People(contacts[1], contacts[2])));
        // 预备党员待审批: the 支部大会 passed 40 days ago, the 党委's 谈话 and 审批 are next
        var m15 = today.AddDays(-40);
        var c3 = m15.AddMonths(-16);
        await Case("周佳怡", new DateOnly(1995, 6, 30), 178, DevelopmentState.预备党员待审批,
            ("1", c3.AddMonths(-2), null), ("2", c3.AddMonths(-2).AddDays(15), new() { Talker = contacts[0].Name }),
            ("3", c3, new() { Recommendation = "党员推荐" }), ("4", c3.AddDays(2), null), ("5", c3.AddDays(4), People(contacts[2])),
            ("6", c3.AddMonths(3), new() { Note = "考察合格" }), ("6", c3.AddMonths(9), new() { Note = "考察合格" }),
            ("7", c3.AddMonths(12), null), ("8", c3.AddMonths(12).AddDays(3), null), ("9", c3.AddMonths(12).AddDays(6), People(contacts[1], contacts[2])),
            ("10", c3.AddMonths(13), new() { Conclusion = "合格" }), ("11", c3.AddMonths(14), new() { TrainingDays = 3, TrainingHours = 24 }),
            ("12", m15.AddDays(-30), null), ("12a", m15.AddDays(-28), null), ("13", m15.AddDays(-14), null),
            ("14", m15.AddDays(-7), null),
            ("15", m15, new()
            {
                Vote = new VoteTally(30, 26, 25, 0, 1, 1, 0, 0, 4, true, true, [], [], [], []),
                Note = "支部党员大会讨论，同意接收为预备党员",
            }));

        // 预备党员: the 支部大会 of (today + 45 days − 12 months), so the 预备期 ends within 60 days
        await Probationer("吴承泽", new DateOnly(1994, 10, 17), 183, today.AddDays(45).AddMonths(-12));
        // 预备党员: the 支部大会 four months ago
        await Probationer("郑雅琴", new DateOnly(1997, 2, 14), 196, today.AddMonths(-4));

        async Task Probationer(string name, DateOnly birth, int seq, DateOnly meeting)
        {
            var a = meeting.AddMonths(-16);
            await Case(name, birth, seq, DevelopmentState.预备党员,
                ("1", a.AddMonths(-3), null), ("2", a.AddMonths(-3).AddDays(14), new() { Talker = contacts[0].Name }),
                ("3", a, new() { Recommendation = "党员推荐" }), ("4", a.AddDays(3), null), ("5", a.AddDays(6), People(contacts[1])),
                ("6", a.AddMonths(5), new() { Note = "考察合格" }), ("6", a.AddMonths(11), new() { Note = "考察合格" }),
                ("7", a.AddMonths(12), null), ("8", a.AddMonths(12).AddDays(3), null), ("9", a.AddMonths(12).AddDays(7), People(contacts[0], contacts[2])),
                ("10", a.AddMonths(13), new() { Conclusion = "合格" }), ("11", a.AddMonths(14), new() { TrainingDays = 3, TrainingHours = 24 }),
                ("12", meeting.AddDays(-30), null), ("12a", meeting.AddDays(-28), null), ("13", meeting.AddDays(-14), null), ("14", meeting.AddDays(-7), null),
                ("15", meeting, new() { Vote = new VoteTally(30, 27, 26, 0, 1, 1, 0, 0, 3, true, true, [], [], [], []), Note = "支部党员大会讨论，同意接收为预备党员" }),
                ("16", meeting.AddDays(10), new() { Talker = "矿业公司党委组织委员" }), ("17", meeting.AddDays(20), new() { Approved = true }),
                ("18", meeting.AddDays(30), null), ("19", meeting.AddDays(32), null), ("20", meeting.AddDays(35), null),
                ("21", meeting.AddMonths(3), new() { Note = "按时参加组织生活，表现良好" }));
        }

        // 预备党员待审批 after a second 支部大会: the first (75 days ago) did not get more than half of 应到 and is kept on
        // the timeline; the second, 20 days ago, passed; the 党委's 谈话 and 审批 are next
        var failedOn = today.AddDays(-75);
        var passedOn = today.AddDays(-20);
        var d3 = failedOn.AddMonths(-16);
        await Case("韩明轩", new DateOnly(1998, 3, 22), 205, DevelopmentState.预备党员待审批,
            ("1", d3.AddMonths(-2), null), ("2", d3.AddMonths(-2).AddDays(10), new() { Talker = contacts[1].Name }),
            ("3", d3, new() { Recommendation = "党员推荐" }), ("4", d3.AddDays(4), null), ("5", d3.AddDays(6), People(contacts[1])),
            ("6", d3.AddMonths(4), new() { Note = "考察合格" }), ("6", d3.AddMonths(10), new() { Note = "考察合格" }),
            ("7", d3.AddMonths(12), null), ("8", d3.AddMonths(12).AddDays(3), null), ("9", d3.AddMonths(12).AddDays(8), People(contacts[1], contacts[2])),
            ("10", d3.AddMonths(13), new() { Conclusion = "合格" }), ("11", d3.AddMonths(14), new() { TrainingDays = 3, TrainingHours = 24 }),
            ("12", failedOn.AddDays(-30), null), ("12a", failedOn.AddDays(-28), null), ("13", failedOn.AddDays(-14), null), ("14", failedOn.AddDays(-7), null),
            ("15", failedOn, new()
            {
                Vote = new VoteTally(30, 24, 13, 8, 3, 0, 0, 0, 6, true, false, [], [], [], []),
                Note = "支部党员大会讨论，部分党员认为其群众基础有待加强，表决未通过",
            }),
            ("15", passedOn, new()
            {
                Vote = new VoteTally(30, 27, 24, 1, 2, 1, 0, 0, 3, true, true, [], [], [], []),
                Note = "支部党员大会再次讨论，同意接收为预备党员",
            }));

        // 转接中: an 入党积极分子 of 熔炼二工段党支部 (冶炼厂党委) moving to 一采区党支部, outside the sender's scope, so the
        // 转出 waits for 一采区党支部 (its secretary, or the 集团 党委) to accept; no reminder runs for it meanwhile
        if (await db.Organizations.AsNoTracking().Where(o => o.Name == "熔炼二工段党支部").OrderBy(o => o.Id).FirstOrDefaultAsync(ct) is { } smelting
            && await db.Members.AsNoTracking().Where(m => m.OrgId == smelting.Id && m.Category == MemberCategory.正式党员).OrderBy(m => m.Id).FirstOrDefaultAsync(ct) is { } contact)
        {
            var e3 = today.AddMonths(-5);
            var moving = await CaseAt(smelting, "蒋思齐", new DateOnly(2000, 7, 9), 217, DevelopmentState.入党积极分子,
                ("1", e3.AddMonths(-2), null), ("2", e3.AddMonths(-2).AddDays(9), new() { Talker = contact.Name }),
                ("3", e3, new() { Recommendation = "群团推优" }), ("4", e3.AddDays(4), null), ("5", e3.AddDays(6), People(contact)),
                ("6", e3.AddMonths(4), new() { Note = "表现良好，已提交思想汇报" }));
            db.Add(new DevelopmentTransfer
            {
                CaseId = moving.Id, OrgId = branch.Id, FromOrgId = smelting.Id, State = DevelopmentTransferState.待接收, On = today.AddDays(-3),
                Reason = "调至一采区工作", CreatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }

        // this year's plan of 矿业公司党委, with 一采区党支部's share
        if (await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == "矿业公司党委" && o.Status == OrgStatus.正常, ct) is { } mining)
        {
            db.Add(new DevelopmentPlan { OrgId = mining.Id, Year = today.Year, Planned = 8, UpdatedAt = now, UpdatedBy = "org" });
            db.Add(new DevelopmentPlan { OrgId = branch.Id, Year = today.Year, Planned = 3, UpdatedAt = now, UpdatedBy = "org" });
            await db.SaveChangesAsync(ct);
        }
        return reviewed;
    }
}
