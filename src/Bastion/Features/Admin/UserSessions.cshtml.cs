using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>An account's signed-in sessions (系统管理员): when, from which address, with which browser; and 结束全部会话.</summary>
[Require(Permission.AccountManage, From = OrgFrom.None)]
public sealed class UserSessionsModel(AppDbContext db, EndUserSessions end, TimeProvider clock) : PageModel
{
    public sealed record Row(DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? ClientIp, string? UserAgent);

    public AppUser Account { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int ActiveTokens { get; private set; }
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public Task<IActionResult> OnGetAsync(long id) => LoadAsync(id);

    public async Task<IActionResult> OnPostEndAsync(long id)
    {
        var r = await end.Handle(id, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        (Message, IsError) = r.IsOk ? ($"已结束 {r.Value.Sessions} 个会话，撤销 {r.Value.Tokens} 个 API 令牌。", false) : (r.Status.FirstMessage, true);
        return await LoadAsync(id);
    }

    private async Task<IActionResult> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (account is null) return NotFound();
        Account = account;
        var now = clock.GetUtcNow();
        // open on the server and still inside the cookie's windows (12 hours since sign-in, 30 idle minutes)
        var signedInSince = now - SessionRules.Absolute;
        var seenSince = now - SessionRules.Idle - UserSessions.SeenGranularity;
        Rows = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == id && s.EndedAt == null && s.CreatedAt > signedInSince && s.LastSeenAt > seenSince)
            .OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.Id)
            .Select(s => new Row(s.CreatedAt, s.LastSeenAt, s.ClientIp, s.UserAgent)).ToListAsync(ct);
        ActiveTokens = await db.ApiTokens.CountAsync(t => t.UserId == id && t.RevokedAt == null && t.ExpiresAt > now, ct);
        return Page();
    }
}
