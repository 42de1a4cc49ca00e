using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// Development cases for the demo group (called by DemoData): five people in 一采区党支部 at different stages, dated
/// from the injected clock so that something is always due — a 谈话 due soon, one overdue, a 积极分子 whose next
/// half-year 考察 is due, a 发展对象 waiting for the 政审, and one waiting for the 党委's approval. None has reached step
/// 17, so no member record is added (member counts of the demo stay as they were).
/// </summary>
public static class DemoDevelopment
{
    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var branch = await db.Organizations.AsNoTracking().Where(o => o.Name == "一采区党支部").OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (branch is null) return;
        var contacts = await db.Members.AsNoTracking().Where(m => m.OrgId == branch.Id && m.Category == MemberCategory.正式党员).OrderBy(m => m.Id).Take(3).ToListAsync(ct);
        if (contacts.Count < 3) return;
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var pack = DevelopmentRulePacks.细则2014;

        async Task Case(string name, DateOnly birth, int seq, DevelopmentState state, params (string Step, DateOnly On, DevelopmentStepFields? Fields)[] steps)
        {
            var c = new DevelopmentCase
            {
                OrgId = branch.Id, Name = name, IdNumber = ChineseIdNumber.Compose("610102", birth, seq), BirthDate = birth, Gender = seq % 2 == 1 ? Gender.男 : Gender.女,
                AppliedOn = steps[0].On, State = state, PackVersion = pack.Version, CreatedAt = now, CreatedBy = "demo", UpdatedAt = now,
            };
            db.Add(c);
            await db.SaveChangesAsync(ct);
            foreach (var (step, on, fields) in steps)
            {
                var s = new DevelopmentStep
                {
                    CaseId = c.Id, OrgId = branch.Id, Step = step, On = on, Fields = DevelopmentFacts.WriteFields(fields ?? new()), RecordedBy = "demo", RecordedAt = now,
                };
                db.Add(s);
                await db.SaveChangesAsync(ct);
                foreach (var id in fields?.MemberIds ?? [])
                    db.Add(new DevelopmentStepMember { StepId = s.Id, MemberId = id, OrgId = branch.Id, Role = step == "5" ? "培养联系人" : "入党介绍人" });
            }
            await db.SaveChangesAsync(ct);
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
            ("12", m15.AddDays(-30), null), ("12a", m15.AddDays(-28), null), ("13", m15.AddDays(-14), new() { VolunteerBookNo = "演示0001" }),
            ("14", m15.AddDays(-7), null),
            ("15", m15, new()
            {
                Vote = new VoteTally(30, 26, 25, 0, 1, 1, 0, 0, 4, true, true, [], [], [], []),
                Note = "支部党员大会讨论，同意接收为预备党员",
            }));
    }
}
