using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Shell;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>
/// The 安全管理员 grants and revokes roles. With no account chosen the page lists every account with its roles (those
/// without any stand out) to choose from; with one chosen (<c>?userId=</c>) it shows that account's grants. The
/// separation of the three administrator duties and the organization types each role fits (<see cref="Roles.CheckScope"/>)
/// are enforced by <see cref="GrantRole"/>.
/// </summary>
[Require(Permission.RoleGrant, From = OrgFrom.None)]
public sealed class GrantsModel(AppDbContext db) : PageModel
{
    public sealed record Row(long Id, long UserId, string UserName, Role Role, string? OrgName, DateTimeOffset GrantedAt);
    public sealed record UserOption(long Id, string UserName, string DisplayName, bool IsDisabled);

    /// <summary>The chosen account (null: the list of accounts to choose from).</summary>
    [BindProperty(SupportsGet = true)] public long? UserId { get; set; }
    public UserOption? Chosen { get; private set; }
    /// <summary>The grants of the chosen account; every grant when none is chosen (for the account list).</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<UserOption> Users { get; private set; } = [];
    /// <summary>The organizations the scope list opens with (the top of the tree); any other is found by name (<see cref="OnGetOrgsAsync"/>).</summary>
    public OrgSwitcher.Listing Orgs { get; private set; } = new([], null);
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostGrantAsync(long? userId, Role role, long? orgId, [FromServices] GrantRole grant)
    {
        var r = await grant.Handle(new GrantRole.Request(userId, role, orgId), HttpContext.RequestAborted);
        (Message, IsError) = r.IsOk ? ("已授予角色。", false) : (r.FirstMessage, true);
        UserId = userId;
        await LoadAsync();
        return Page();
    }

    /// <summary>The grant's scope list (htmx fragment): organizations in being whose name contains <paramref name="q"/>, those the role does not fit disabled.</summary>
    public async Task<IActionResult> OnGetOrgsAsync(string? q, Role? role)
    {
        var ct = HttpContext.RequestAborted;
        var orgs = string.IsNullOrWhiteSpace(q) ? await OrgSwitcher.TopAsync(db, ct) : await OrgSwitcher.SearchAllAsync(db, q, ct);
        return Partial("_GrantOrgOptions", new GrantOrgOptions(orgs, role is { } r ? Roles.FitsOn(r) : null));
    }

    /// <summary>The scope list's options; with a role, those of types it does not fit are disabled (the server checks again).</summary>
    public sealed record GrantOrgOptions(OrgSwitcher.Listing Orgs, IReadOnlyList<OrgType>? Fits);

    public async Task<IActionResult> OnPostRevokeAsync(long id, [FromServices] RevokeRole revoke)
    {
        var r = await revoke.Handle(id, HttpContext.RequestAborted);
        if (r.IsOk) { UserId = r.Value; (Message, IsError) = ("已撤销角色。", false); }
        else (Message, IsError) = (r.Status.FirstMessage, true);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).Select(u => new UserOption(u.Id, Masking.UserName(u.UserName)!, u.DisplayName, u.IsDisabled)).ToListAsync();
        Chosen = Users.FirstOrDefault(u => u.Id == UserId);
        var chosen = Chosen?.Id;
        Rows = await (from g in db.RoleGrants.AsNoTracking()
                      join u in db.Users on g.UserId equals u.Id
                      join o in db.Organizations on g.OrgId equals (long?)o.Id into os
                      from o in os.DefaultIfEmpty()
                      where chosen == null || g.UserId == chosen
                      orderby u.UserName, g.Role
                      select new Row(g.Id, g.UserId, Masking.UserName(u.UserName)!, g.Role, o == null ? null : o.Name, g.GrantedAt)).ToListAsync();
        Orgs = await OrgSwitcher.TopAsync(db);
    }
}
