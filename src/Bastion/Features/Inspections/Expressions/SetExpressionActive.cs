using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>(De)activates a 巡言巡语 entry (the inspection office); audited by AppDbContext.SaveChanges.</summary>
public sealed class SetExpressionActive(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>Deactivates (or reactivates) an entry: deactivated entries are kept (findings may cite them) but not suggested.</summary>
    public async Task<Result> Handle(long id, bool active, CancellationToken ct)
    {
        var x = await db.Set<InspectionExpression>().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (x is null) return Result.NotFound("该条目不存在或已被删除");
        if (x.Active == active) return Result.Conflict(active ? "该条目已是启用状态" : "该条目已停用");
        x.Active = active;
        x.UpdatedAt = clock.GetUtcNow();
        x.UpdatedBy = user.UserName;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
