using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Edits a round's name, plan, dates and authorization.</summary>
public sealed class UpdateInspectionRound(AppDbContext db, TimeProvider clock)
{
    public async Task<Result> Handle(long roundId, RoundInput.Request req, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().FirstOrDefaultAsync(x => x.Id == roundId, ct);
        if (r is null) return Result.Invalid("id", "巡察轮次不存在");
        var errors = RoundInput.Validate(req, clock.Today());
        if (errors.Count > 0) return Result.Invalid(errors);
        RoundInput.Apply(r, req);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
