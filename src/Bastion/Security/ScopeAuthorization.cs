using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Security;

/// <summary>
/// Enforces each endpoint's <see cref="RequireAttribute"/> against the organization the request acts on.
/// Runs after routing and authentication, before any handler or model binding.
/// </summary>
public sealed class ScopeAuthorizationMiddleware(RequestDelegate next)
{
    public const string OrgCookie = "bastion.org";

    public async Task InvokeAsync(HttpContext ctx, UserContext user, AppDbContext db)
    {
        var ep = ctx.GetEndpoint();
        if (ep is null || IsPublic(ep))
        {
            await next(ctx);
            return;
        }
        if (!user.IsSignedIn)
        {
            await ctx.ChallengeAsync();
            return;
        }
        var require = ep.Metadata.GetMetadata<RequireAttribute>();
        var signedIn = ep.Metadata.GetMetadata<SignedInAttribute>();
        if (require is null && signedIn is null)
        {
            // fail closed: an endpoint nobody declared a policy for is refused
            await Deny(ctx);
            return;
        }

        var grants = await user.GrantsAsync(ctx.RequestAborted);
        if (require?.Permission is not { } permission)
        {
            user.CurrentOrg = await DefaultOrgAsync(ctx, db, grants, Permission.DashboardView);
            await next(ctx);
            return;
        }

        Organization? target = null;
        var raw = require.From switch
        {
            OrgFrom.Route or OrgFrom.Record => ctx.Request.RouteValues.TryGetValue(require.Key, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null,
            OrgFrom.Current => ctx.Request.Query.TryGetValue(require.Key, out var q) ? q.ToString() : null,
            _ => null,
        };
        if (require.From == OrgFrom.Record)
        {
            // the record decides: read its OrgId, then authorize against that organization
            raw = long.TryParse(raw, out var recordId) ? (await RecordOrgAsync(db, require.Record!, recordId, ctx.RequestAborted))?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (raw is null) { await NotFound(ctx); return; }
        }
        if (!string.IsNullOrEmpty(raw))
        {
            if (!long.TryParse(raw, out var orgId) || (target = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ctx.RequestAborted)) is null)
            {
                await NotFound(ctx);
                return;
            }
        }
        else if (require.From == OrgFrom.Current)
        {
            target = await DefaultOrgAsync(ctx, db, grants, permission);
        }

        if (!Access.Allows(grants, permission, target?.Path))
        {
            // a record outside the caller's sight is answered as a missing one (no existence oracle)
            if (require.From == OrgFrom.Record && Access.RecordRefusal(grants, permission, target?.Path) == StatusCodes.Status404NotFound) await NotFound(ctx);
            else await Deny(ctx);
            return;
        }
        user.CurrentOrg = target ?? await DefaultOrgAsync(ctx, db, grants, permission);
        if (user.CurrentOrg is null && require.From == OrgFrom.Current && ctx.Request.Path.Value is not ("/" or "/Dashboard"))
        {
            // no organization at all (a fresh install before 首次设置): the 工作台 explains; nothing else has a scope
            if (Web.ErrorResponses.IsApi(ctx)) await Web.ErrorResponses.WriteAsync(ctx, StatusCodes.Status404NotFound, "平台中还没有党组织，请先由系统管理员完成首次设置。");
            else ctx.Response.Redirect("/");
            return;
        }
        await next(ctx);
    }

    /// <summary>The OrgId of one row of any mapped entity that has one.</summary>
    private static async Task<long?> RecordOrgAsync(AppDbContext db, Type record, long id, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(record) ?? throw new InvalidOperationException($"{record.Name} is not mapped");
        var table = entity.GetTableName();
        var conn = db.Database.GetDbConnection();
        var close = conn.State != System.Data.ConnectionState.Open;
        if (close) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT org_id FROM \"{table}\" WHERE id = @id";
            var p = cmd.CreateParameter();
            p.ParameterName = "id";
            p.Value = id;
            cmd.Parameters.Add(p);
            return await cmd.ExecuteScalarAsync(ct) is long org ? org : null;
        }
        finally { if (close) await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>
    /// Endpoints anyone may call: those marked [AllowAnonymous], and the static-file fallback that
    /// MapStaticAssets adds when it serves files from the build output (it carries no metadata of ours).
    /// </summary>
    public static bool IsPublic(Endpoint ep) =>
        ep.Metadata.GetMetadata<IAllowAnonymous>() is not null
        // routing's own answers to a wrong method or content type (they run no code of ours)
        || ep.DisplayName is "405 HTTP Method Not Supported" or "415 HTTP Unsupported Media Type"
        || (ep is RouteEndpoint r && r.RoutePattern.RawText == "{**path:file}" && r.Order == int.MaxValue);

    /// <summary>The organization chosen in the switcher when it is inside the caller's scope, else the first scope root.</summary>
    private static async Task<Organization?> DefaultOrgAsync(HttpContext ctx, AppDbContext db, IReadOnlyList<Grant> grants, Permission permission)
    {
        if (long.TryParse(ctx.Request.Cookies[OrgCookie], out var chosen))
        {
            var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == chosen, ctx.RequestAborted);
            if (org is not null && Access.Allows(grants, permission, org.Path)) return org;
        }
        return await db.FirstRootAsync(Access.ScopeRoots(grants, permission), ctx.RequestAborted);
    }

    private static Task Deny(HttpContext ctx) => ErrorResponses.WriteAsync(ctx, StatusCodes.Status403Forbidden);

    private static Task NotFound(HttpContext ctx) => ErrorResponses.WriteAsync(ctx, StatusCodes.Status404NotFound);
}
