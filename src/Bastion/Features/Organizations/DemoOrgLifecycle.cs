using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// Demo data of the organization lifecycle: the units the 联合党支部 covers, one earlier renaming in the history,
/// and 联系点 of the group's and the mining company's leadership teams with a few guidance visits.
/// Call after the organizations are saved; organizations missing from another demo layout are skipped.
/// </summary>
public static class DemoOrgLifecycle
{
    /// <param name="clock">The clock the demo is dated by; the system clock when the caller has none to give.</param>
    public static async Task SeedAsync(AppDbContext db, CancellationToken ct = default, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Status == OrgStatus.正常).ToListAsync(ct);
        Organization? Named(string name) => orgs.FirstOrDefault(o => o.Name == name);
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);

        if (orgs.FirstOrDefault(o => o.Type == OrgType.联合党支部) is { } joint)
            foreach (var unit in new[] { "矿区物业服务公司", "矿区职工医院", "矿区幼儿园" })
                db.JointUnits.Add(new JointUnit { OrgId = joint.Id, Name = unit, AddedAt = now });

        if (Named("质检中心党支部") is { } renamed)
            db.OrgHistories.Add(new OrgHistory
            {
                OrgId = renamed.Id, Action = OrgHistoryAction.更名, OldValue = "质量检验中心党支部", NewValue = renamed.Name,
                Reason = "机构改革，质量检验中心更名为质检中心", ApprovalNo = "冶炼厂党委〔2025〕7号", ActorName = "org", At = now.AddDays(-200),
            });

        var links = new List<(LiaisonLink Link, string[] Visits)>();
        void Link(string committee, string person, string post, string branch, int daysAgo, params string[] visits)
        {
            if (Named(committee) is not { } c || Named(branch) is not { } b) return;
            var link = new LiaisonLink
            {
                CommitteeOrgId = c.Id, OrgId = b.Id, PersonName = person, Post = post, LinkedOn = today.AddDays(-daysAgo),
                CreatedBy = "org", CreatedAt = now.AddDays(-daysAgo),
            };
            db.LiaisonLinks.Add(link);
            links.Add((link, visits));
        }
        Link("集团公司党委", "周正国", "党委书记、董事长", "一采区党支部", 400, "指导支部落实“三会一课”，听取支部书记述职", "指导开展主题党日活动");
        Link("集团公司党委", "陈立新", "党委副书记、总经理", "电解车间党支部", 380, "调研车间党建与生产融合情况");
        Link("集团公司党委", "孙明华", "党委委员、纪委书记", "离退休职工党支部", 300, "走访慰问老党员，听取意见建议");
        Link("矿业公司党委", "刘建军", "党委书记", "二采区党支部", 200, "检查支部标准化规范化建设");
        Link("矿业公司党委", "赵红梅", "党委副书记", "机电运输党支部", 30);
        await db.SaveChangesAsync(ct);

        var problems = new[] { "会议记录不够规范，部分党员学习笔记不全", null, "党员积分管理台账未及时更新" };
        var n = 0;
        foreach (var (link, visits) in links)
            for (var i = 0; i < visits.Length; i++, n++)
                db.GuidanceVisits.Add(new GuidanceVisit
                {
                    LinkId = link.Id, OrgId = link.OrgId, VisitDate = today.AddDays(-20 - 45 * i - 7 * (n % 3)), Content = visits[i],
                    Problems = problems[n % problems.Length], RecordedBy = "org", RecordedAt = now,
                });
        await db.SaveChangesAsync(ct);
    }
}
