using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Me;

/// <summary>GET /api/v1/me — the calling account and its roles.</summary>
public static class GetMe
{
    public sealed record GrantDto(string Role, string RoleName, long? OrgId, string? OrgName);
    public sealed record Response(long Id, string UserName, string DisplayName, bool TwoFactorEnabled, IReadOnlyList<GrantDto> Grants);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me", Handle).RequireSignedIn().WithSummary("当前账号").Produces<Response>();

    public static async Task<IResult> Handle(UserContext user, AppDbContext db)
    {
        var id = user.UserId!.Value;
        var u = await db.Users.AsNoTracking().FirstAsync(x => x.Id == id);
        var grants = await (from g in db.RoleGrants.AsNoTracking()
                            where g.UserId == id
                            join o in db.Organizations on g.OrgId equals (long?)o.Id into os
                            from o in os.DefaultIfEmpty()
                            select new { g.Role, g.OrgId, OrgName = o == null ? null : o.Name }).ToListAsync();
        return Results.Ok(new Response(u.Id, u.UserName ?? "", u.DisplayName, u.TwoFactorEnabled,
            grants.Select(g => new GrantDto(g.Role.ToString(), Roles.Display(g.Role), g.OrgId, g.OrgName)).ToList()));
    }
}
