using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Notifications;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 催报: a 党委 or 党总支 reminds an organization below it that has not reported the open month (未报送 or 已退回). Its
/// dues managers — the accounts whose role on that organization carries DuesManage — get the in-app notification and an
/// outbox row each, as the other reminders do. Once a day per organization.
/// </summary>
public sealed class RemindDuesReport(AppDbContext db, TimeProvider clock)
{
    public sealed record Sent(long OrgId, int Recipients);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/organizations/{id:long}/children/{childId:long}/remind",
                async (long id, long childId, RemindDuesReport handler, CancellationToken ct) => (await handler.Handle(id, childId, ct)).ToHttp())
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("催报：提醒下级组织的党费管理人员报送本月党费（每个组织每天一次）").Produces<Sent>();

    public async Task<Result<Sent>> Handle(long orgId, long childId, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        var child = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == childId, ct);
        if (org is null || child is null || child.Id == org.Id || !child.Path.StartsWith(org.Path + ".", StringComparison.Ordinal))
            return Result.NotFound("没有这个下级组织");
        var open = await DuesMonthsDb.OpenMonthAsync(db, DuesMonthsDb.RootOf(child.Path), ct);
        if (open is null) return Result.Refused("没有正在缴费的月份", "当前没有启动缴费的月份");
        if (await db.Set<DuesBranchReport>().AnyAsync(r => r.MonthId == open.Id && r.OrgId == childId, ct))
            return Result.Conflict($"{child.Name}已报送{DuesMonthRules.Month(open.Month)}党费，无需催报");
        // a 党委 or 党总支 reviews on its month page; a branch reports on its own
        var url = await db.Organizations.AnyAsync(o => o.ParentId == childId && o.Type != OrgType.党小组, ct)
            ? $"/Dues/Months?org={childId}&month={DuesMonthRules.Code(open.Month)}"
            : $"/Dues/Months/Branch/{childId}?month={DuesMonthRules.Code(open.Month)}";
        var now = clock.GetUtcNow();
        if (await db.Notifications.AnyAsync(n => n.OrgId == childId && n.Url == url && n.CreatedAt >= ChineseDates.StartOf(clock.Today()), ct))
            return Result.Conflict($"今天已向{child.Name}催报过，请明天再催");
        var managers = Roles.All.Where(r => Roles.PermissionsOf(r).Contains(Permission.DuesManage)).ToList();
        var to = await (from g in db.RoleGrants.AsNoTracking()
                        join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                        where g.OrgId == childId && managers.Contains(g.Role) && !u.IsDisabled
                        select new { u.Id, u.PhoneNumber }).Distinct().ToListAsync(ct);
        if (to.Count == 0)
            return Result.Refused("没有可催报的账号", $"{child.Name}没有党费管理人员账号（支部书记或党委管理员），请线下联系");
        var returned = await db.Set<DuesReportReturn>().AnyAsync(r => r.MonthId == open.Id && r.OrgId == childId, ct);
        var title = $"催报：请尽快报送{DuesMonthRules.Month(open.Month)}党费";
        var body = $"{org.Name}提醒{child.Name}：{DuesMonthRules.Month(open.Month)}党费{(returned ? "报送已被退回，请更正后" : "尚未报送，请核对后")}尽快报送。";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Outbox.Post(db, to.Select(u => Outbox.Recipient.Of(u.Id, u.PhoneNumber)), childId, "党费", title, body, url, now);
        AuditEvents.Add(db, "dues.report.remind", "organizations", childId, childId, new { month = DuesMonthRules.Code(open.Month), byOrgId = orgId, recipients = to.Count });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Sent(childId, to.Count);
    }
}
