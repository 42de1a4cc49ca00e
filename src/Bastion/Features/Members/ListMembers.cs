using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Members;

/// <summary>GET /api/v1/members — the masked member list of the organization in scope and its subtree, one page at a time.</summary>
public sealed class ListMembers(AppDbContext db, UserContext user, MemberCountCache counts, TimeProvider clock)
{
    public sealed record ListResponse(int Total, int Page, int PageSize, IReadOnlyList<MemberRow> Items);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/members", async (ListMembers h, string? q, string? category, string? status, string? gender,
                string? ageBand, string? education, int? joinYear, bool? mobile, int? page, int? pageSize, CancellationToken ct) =>
            {
                var filter = new MemberFilter(q, Enum.TryParse<MemberCategory>(category, out var c) ? c : null, Enum.TryParse<PartyStatus>(status, out var s) ? s : null,
                    Enum.TryParse<Gender>(gender, out var g) ? g : null, ageBand, education, joinYear, mobile);
                return Results.Ok(await h.Handle(filter, page, pageSize, ct));
            })
           .Require(Permission.MemberRead)
           .WithSummary("党员列表（?org= 组织及其下级；q 按姓名或身份证号后几位）").Produces<ListResponse>();

    public async Task<ListResponse> Handle(MemberFilter filter, int? page, int? pageSize, CancellationToken ct = default)
    {
        var today = clock.Today();
        var query = MemberQuery.Apply(db, user.CurrentOrg!, filter, today);
        var total = await counts.CountAsync(db, user.CurrentOrg!, filter, today, query, ct);
        var w = Pager.Window(page, pageSize, total);
        var rows = await MemberQuery.RowsAsync(db, query.Skip(w.Skip).Take(w.Size), full: false, today, ct);
        return new ListResponse(total, w.Page, w.Size, rows);
    }
}
