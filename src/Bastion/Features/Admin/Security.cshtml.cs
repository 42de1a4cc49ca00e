using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>The 安全管理员 sets which roles must sign in with two factors, and unlocks accounts.</summary>
[Require(Permission.SecurityPolicy, From = OrgFrom.None)]
public sealed class SecurityModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record LockedRow(long Id, string UserName, DateTimeOffset Until);

    public IReadOnlyList<RolePolicy> Policies { get; private set; } = [];
    public IReadOnlyList<LockedRow> Locked { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostPolicyAsync(List<Role> required, [FromServices] SetTwoFactorPolicy policy)
    {
        await policy.Handle(required, HttpContext.RequestAborted);
        Message = "安全策略已保存。";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(long id, [FromServices] UnlockAccount unlock)
    {
        var r = await unlock.Handle(id, HttpContext.RequestAborted);
        if (r.IsOk) Message = $"已解锁 {r.Value}。";
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Policies = await db.RolePolicies.AsNoTracking().OrderBy(p => p.Role).ToListAsync();
        var now = clock.GetUtcNow();
        Locked = await db.Users.AsNoTracking().Where(u => u.LockoutEnd > now).OrderBy(u => u.UserName)
            .Select(u => new LockedRow(u.Id, u.UserName!, u.LockoutEnd!.Value)).ToListAsync();
    }
}
