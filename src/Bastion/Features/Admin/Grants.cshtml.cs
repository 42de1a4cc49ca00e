using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Shell;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>
/// The 安全管理员 grants and revokes roles. With no account chosen the page lists every account with its roles (those
/// without any stand out) to choose from; with one chosen (<c>?userId=</c>) it shows that account's grants. The
/// separation of the three administrator duties and the organization types each role fits (<see cref="Roles.CheckScope"/>)
/// are enforced here.
/// </summary>
[Require(Permission.RoleGrant, From = OrgFrom.None)]
public sealed class GrantsModel(AppDbContext db, UserContext current) : PageModel
{
    public sealed record Row(long Id, long UserId, string UserName, Role Role, string? OrgName, DateTimeOffset GrantedAt);
    public sealed record UserOption(long Id, string UserName, string DisplayName, bool IsDisabled);
    public sealed record OrgOption(long Id, string Name, int Depth, OrgType Type);

    /// <summary>The chosen account (null: the list of accounts to choose from).</summary>
    [BindProperty(SupportsGet = true)] public long? UserId { get; set; }
    public UserOption? Chosen { get; private set; }
    /// <summary>The grants of the chosen account; every grant when none is chosen (for the account list).</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<UserOption> Users { get; private set; } = [];
    public IReadOnlyList<OrgOption> Orgs { get; private set; } = [];
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostGrantAsync(long? userId, Role role, long? orgId)
    {
        var error = await GrantAsync(userId, role, orgId);
        (Message, IsError) = error is null ? ("已授予角色。", false) : (error, true);
        UserId = userId;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id)
    {
        var g = await db.RoleGrants.FirstOrDefaultAsync(x => x.Id == id);
        if (g is null) { (Message, IsError) = ("授权不存在", true); }
        else
        {
            UserId = g.UserId;
            db.RoleGrants.Remove(g);
            await db.SaveChangesAsync();
            (Message, IsError) = ("已撤销角色。", false);
        }
        await LoadAsync();
        return Page();
    }

    private async Task<string?> GrantAsync(long? userId, Role role, long? orgId)
    {
        if (userId is null || !await db.Users.AnyAsync(u => u.Id == userId)) return "请选择账号";
        if (!Enum.IsDefined(role)) return "请选择角色";
        if (Roles.IsAdministrator(role) && orgId is not null) return "管理员角色不限组织，请不要选择授权范围";
        if (Roles.IsScoped(role))
        {
            if (orgId is null) return "业务角色必须选择授权范围（组织）";
            var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId);
            if (org is null) return "组织不存在";
            if (org.Status != OrgStatus.正常) return $"{org.Name}已撤销，不能在其上授权";
            if (Roles.CheckScope(role, org.Type) is { } misfit) return $"{misfit}（{org.Name}）";
        }
        if (Roles.IsAdministrator(role) && await db.Users.AnyAsync(u => u.Id == userId && u.MemberId != null))
            return $"三员分立：已关联党员的账号不能担任{Roles.Display(role)}";
        var held = await db.RoleGrants.Where(g => g.UserId == userId).Select(g => g.Role).ToListAsync();
        if (Roles.CheckCombination(held.Append(role)) is { } conflict) return conflict;
        if (await db.RoleGrants.AnyAsync(g => g.UserId == userId && g.Role == role && g.OrgId == orgId)) return "该账号已拥有此授权";
        db.RoleGrants.Add(new RoleGrant { UserId = userId.Value, Role = role, OrgId = orgId, GrantedAt = DateTimeOffset.UtcNow, GrantedBy = current.UserId });
        await db.SaveChangesAsync();
        return null;
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
        var types = await db.Organizations.AsNoTracking().Where(o => o.Status == OrgStatus.正常).ToDictionaryAsync(o => o.Id, o => o.Type);
        Orgs = (await OrgSwitcher.AllAsync(db)).Where(o => types.ContainsKey(o.Id)).Select(o => new OrgOption(o.Id, o.Name, o.Depth, types[o.Id])).ToList();
    }
}
