using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Tokens;

/// <summary>DELETE /api/v1/tokens/current — revokes the token used for this request.</summary>
public sealed class RevokeToken(AppDbContext db, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapDelete("/tokens/current", async (HttpContext http, RevokeToken h) => (await h.Handle(http.User.FindFirst("bastion:token")?.Value, http.RequestAborted)).ToHttp())
           .RequireSignedIn().WithSummary("撤销当前访问令牌").Produces(204);

    /// <param name="tokenHash">The hash of the bearer token of the request (null for a cookie session: NotFound).</param>
    public async Task<Result> Handle(string? tokenHash, CancellationToken ct = default)
    {
        var t = await db.ApiTokens.FirstOrDefaultAsync(x => x.TokenHash == tokenHash, ct);
        if (t is null) return Result.NotFound();
        t.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
