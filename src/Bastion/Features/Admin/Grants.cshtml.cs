using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Shell;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>The 安全管理员 grants and revokes roles; the separation of the three administrator duties is enforced here.</summary>
[Require(Permission.RoleGrant, From = OrgFrom.None)]
public sealed class GrantsModel(AppDbContext db, UserContext current) : PageModel
{
    public sealed record Row(long Id, string UserName, Role Role, string? OrgName, DateTimeOffset GrantedAt);
    public sealed record UserOption(long Id, string UserName, string DisplayName);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<UserOption> Users { get; private set; } = [];
    public IReadOnlyList<OrgSwitcher.Option> Orgs { get; private set; } = [];
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostGrantAsync(long userId, Role role, long? orgId)
    {
        var error = await GrantAsync(userId, role, orgId);
        (Message, IsError) = error is null ? ("已授予角色。", false) : (error, true);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id)
    {
        var g = await db.RoleGrants.FirstOrDefaultAsync(x => x.Id == id);
        if (g is null) { (Message, IsError) = ("授权不存在", true); }
        else
        {
            db.RoleGrants.Remove(g);
            await db.SaveChangesAsync();
            (Message, IsError) = ("已撤销角色。", false);
        }
        await LoadAsync();
        return Page();
    }

    private async Task<string?> GrantAsync(long userId, Role role, long? orgId)
    {
        if (!Enum.IsDefined(role)) return "请选择角色";
        if (!await db.Users.AnyAsync(u => u.Id == userId)) return "请选择账号";
        if (Roles.IsAdministrator(role) && orgId is not null) return "管理员角色不限组织，请不要选择授权范围";
        if (Roles.IsScoped(role))
        {
            if (orgId is null) return "业务角色必须选择授权范围（组织）";
            if (!await db.Organizations.AnyAsync(o => o.Id == orgId)) return "组织不存在";
        }
        if (Roles.IsAdministrator(role) && await db.Users.AnyAsync(u => u.Id == userId && u.MemberId != null))
            return $"三员分立：已关联党员的账号不能担任{Roles.Display(role)}";
        var held = await db.RoleGrants.Where(g => g.UserId == userId).Select(g => g.Role).ToListAsync();
        if (Roles.CheckCombination(held.Append(role)) is { } conflict) return conflict;
        if (await db.RoleGrants.AnyAsync(g => g.UserId == userId && g.Role == role && g.OrgId == orgId)) return "该账号已拥有此授权";
        db.RoleGrants.Add(new RoleGrant { UserId = userId, Role = role, OrgId = orgId, GrantedAt = DateTimeOffset.UtcNow, GrantedBy = current.UserId });
        await db.SaveChangesAsync();
        return null;
    }

    private async Task LoadAsync()
    {
        Rows = await (from g in db.RoleGrants.AsNoTracking()
                      join u in db.Users on g.UserId equals u.Id
                      join o in db.Organizations on g.OrgId equals (long?)o.Id into os
                      from o in os.DefaultIfEmpty()
                      orderby u.UserName, g.Role
                      select new Row(g.Id, Masking.UserName(u.UserName)!, g.Role, o == null ? null : o.Name, g.GrantedAt)).ToListAsync();
        Users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).Select(u => new UserOption(u.Id, Masking.UserName(u.UserName)!, u.DisplayName)).ToListAsync();
        Orgs = await OrgSwitcher.AllAsync(db);
    }
}
