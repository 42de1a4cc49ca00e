using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Notifications;

/// <summary>全部标为已读: every unread notification of the signed-in account.</summary>
public sealed class MarkAllRead(AppDbContext db, UserContext user, TimeProvider clock)
{
    public async Task<Result> Handle(CancellationToken ct = default)
    {
        var id = user.UserId!.Value;
        var now = clock.GetUtcNow();
        foreach (var n in await db.Notifications.Where(n => n.UserId == id && n.ReadAt == null).ToListAsync(ct)) n.ReadAt = now;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
