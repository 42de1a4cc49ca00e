using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>GET /api/v1/members/{id} — one member record, masked; in full only with the permission, and that view is audited.</summary>
public sealed class GetMember(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/members/{id:long}", async (long id, bool? full, GetMember h, CancellationToken ct) => (await h.Handle(id, full == true, ct)).ToHttp())
           .RequireRecord(Permission.MemberRead, typeof(Member))
           .WithSummary("党员信息（敏感信息脱敏；?full=true 查看完整信息须有权限并记入审计）").Produces<MemberRow>();

    public async Task<Result<MemberRow>> Handle(long id, bool full, CancellationToken ct = default)
    {
        var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var showFull = full && await user.HasAsync(Permission.PersonalDataFull, user.CurrentOrg, ct);
        if (full && !showFull) return Result.Forbidden("您没有查看完整个人信息的权限。");
        if (showFull) await PersonalData.RecordFullViewAsync(db, m, "api", ct);
        return MemberQuery.ToRow(m, user.CurrentOrg!.Name, showFull, clock.Today());
    }
}
