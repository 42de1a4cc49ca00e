using Bastion.Data;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>The 安全管理员 revokes one grant; the audit trail keeps the removed row (<see cref="AuditClassification"/>).</summary>
public sealed class RevokeRole(AppDbContext db)
{
    /// <summary>The account the grant belonged to; NotFound when there is no such grant.</summary>
    public async Task<Result<long>> Handle(long grantId, CancellationToken ct = default)
    {
        var g = await db.RoleGrants.FirstOrDefaultAsync(x => x.Id == grantId, ct);
        if (g is null) return Result.NotFound("授权不存在");
        db.RoleGrants.Remove(g);
        await db.SaveChangesAsync(ct);
        return g.UserId;
    }
}
