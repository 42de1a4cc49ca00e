using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>少交/免交 requests of an organization's subtree (the 党委's queue: state=待审批), or of one member, newest first.</summary>
public sealed class ListDuesReductions(AppDbContext db)
{
    public sealed record Item(long Id, long MemberId, string MemberName, long OrgId, string OrgName, string FromMonth, string ToMonth, decimal Amount,
        string BranchDecision, DateOnly? BranchDecidedOn, string? ApprovalNo, string State, DateTimeOffset CreatedAt, string? CreatedBy,
        DateTimeOffset? DecidedAt, string? DecidedBy, string? RefusalReason);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/reductions", async (long org, string? state, ListDuesReductions handler, CancellationToken ct) =>
                (await handler.Handle(org, state, ct)).ToHttp())
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("少交/免交申请列表（org 的下级范围；state=待审批/已批准/已驳回）").Produces<IReadOnlyList<Item>>();

    public async Task<Result<IReadOnlyList<Item>>> Handle(long orgId, string? state, CancellationToken ct = default)
    {
        DuesReductionState? s = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<DuesReductionState>(state, out var parsed) || !Enum.IsDefined(parsed)) return Result.Invalid("state", "状态应为待审批、已批准或已驳回");
            s = parsed;
        }
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        var orgs = db.UnderOrg(org);
        var q = db.Set<DuesReduction>().AsNoTracking().Where(r => orgs.Any(o => o.Id == r.OrgId));
        if (s is { } st) q = q.Where(r => r.State == st);
        return await Query(q).Take(500).ToListAsync(ct);
    }

    public Task<List<Item>> ForMemberAsync(long memberId, CancellationToken ct) =>
        Query(db.Set<DuesReduction>().AsNoTracking().Where(r => r.MemberId == memberId)).Take(100).ToListAsync(ct);

    private IQueryable<Item> Query(IQueryable<DuesReduction> q) =>
        from r in q
        join m in db.Members on r.MemberId equals m.Id
        join o in db.Organizations on r.OrgId equals o.Id
        orderby r.State == DuesReductionState.待审批 descending, r.CreatedAt descending, r.Id descending
        select new Item(r.Id, r.MemberId, m.Name, r.OrgId, o.Name, r.FromMonth.ToString("yyyy-MM"), r.ToMonth.ToString("yyyy-MM"), r.Amount,
            r.BranchDecision, r.BranchDecidedOn, r.ApprovalNo, r.State.ToString(), r.CreatedAt, r.CreatedBy, r.DecidedAt, r.DecidedBy, r.RefusalReason);
}
