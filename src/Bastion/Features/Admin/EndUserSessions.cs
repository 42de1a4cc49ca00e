using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>
/// The 系统管理员 ends every session of an account (a lost phone, a shared computer): its signed-in browsers are
/// refused at their next request and its API tokens are revoked, in one transaction with its audit row.
/// </summary>
public sealed class EndUserSessions(AppDbContext db, TimeProvider clock)
{
    public sealed record Ended(int Sessions, int Tokens);

    /// <summary>What was ended; NotFound when the account does not exist.</summary>
    public async Task<Result<Ended>> Handle(long userId, CancellationToken ct = default)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) return Result.NotFound("账号不存在");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sessions = await UserSessions.EndAllAsync(db, userId, "admin", now);
        var tokens = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        AuditEvents.Add(db, "user.sessions.end", "users", userId, null, new { sessions, tokens });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Ended(sessions, tokens);
    }
}
