using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>Deletes a rule override: the default (or an earlier override) applies again.</summary>
public sealed class RemoveComplianceRule(AppDbContext db)
{
    public async Task<Result> Handle(long id, CancellationToken ct = default)
    {
        var row = await db.Set<ComplianceRuleOverride>().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (row is null) return Result.NotFound("该规则不存在或已删除");
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
