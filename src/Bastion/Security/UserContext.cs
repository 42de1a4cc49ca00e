using System.Security.Claims;
using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Security;

/// <summary>The signed-in account of this request and its grants, loaded once per request.</summary>
public sealed class UserContext(IHttpContextAccessor http, AppDbContext db)
{
    private IReadOnlyList<Grant>? _grants;
    private (bool Loaded, long? Id) _member;

    public long? UserId => long.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => http.HttpContext?.User.Identity?.Name;
    public bool IsSignedIn => UserId is not null;

    /// <summary>The organization this request acts in (set by the authorization middleware).</summary>
    public Organization? CurrentOrg { get; set; }

    /// <summary>Grants already read with the request's credentials (the cookie session check or the bearer token lookup), so they are not queried again.</summary>
    public static void UseGrants(HttpContext ctx, IReadOnlyList<Grant> grants) => ctx.Items[typeof(Grant)] = grants;

    public async Task<IReadOnlyList<Grant>> GrantsAsync(CancellationToken ct = default)
    {
        if (_grants is not null) return _grants;
        if (UserId is not { } uid) return _grants = [];
        if (http.HttpContext?.Items[typeof(Grant)] is IReadOnlyList<Grant> read) return _grants = read;
        _grants = await (from g in db.RoleGrants.AsNoTracking()
                         where g.UserId == uid
                         join o in db.Organizations.AsNoTracking() on g.OrgId equals (long?)o.Id into orgs
                         from o in orgs.DefaultIfEmpty()
                         select new Grant(g.Role, g.OrgId, o == null ? null : o.Path)).ToListAsync(ct);
        return _grants;
    }

    /// <summary>The member record linked to the account (users.member_id), if any; read once per request.</summary>
    public async Task<long?> MemberIdAsync(CancellationToken ct = default)
    {
        if (_member.Loaded) return _member.Id;
        if (AccountFacts.Of(http.HttpContext) is { } facts) return (_member = (true, facts.MemberId)).Id;
        var id = UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.MemberId).FirstOrDefaultAsync(ct) : null;
        _member = (true, id);
        return id;
    }

    /// <summary>
    /// Whether the account's roles require two-factor sign-in (<see cref="Roles.RequiresTwoFactor"/>), as read with the
    /// session; true (the strict answer) for a request without a cookie session.
    /// </summary>
    public bool TwoFactorRequired => AccountFacts.Of(http.HttpContext)?.TwoFactorRequired ?? true;

    public async Task<bool> HasAsync(Permission p, Organization? target = null, CancellationToken ct = default) =>
        Access.Allows(await GrantsAsync(ct), p, target?.Path);

    public async Task<IReadOnlySet<Role>> RolesAsync(CancellationToken ct = default) =>
        (await GrantsAsync(ct)).Select(g => g.Role).ToHashSet();

    /// <summary>Roots of the subtrees in which the permission holds (null = everywhere).</summary>
    public async Task<IReadOnlyList<string>?> ScopeRootsAsync(Permission p, CancellationToken ct = default) =>
        Access.ScopeRoots(await GrantsAsync(ct), p);
}
