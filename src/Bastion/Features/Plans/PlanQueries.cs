using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

public static class PlanQueries
{
    /// <summary>A calendar year in China time as [from, to).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) YearRange(int year) =>
        (PlanRules.At(new DateOnly(year, 1, 1), TimeOnly.MinValue), PlanRules.At(new DateOnly(year + 1, 1, 1), TimeOnly.MinValue));

    public static (DateTimeOffset From, DateTimeOffset To) Range(DateOnly from, DateOnly toExclusive) =>
        (PlanRules.At(from, TimeOnly.MinValue), PlanRules.At(toExclusive, TimeOnly.MinValue));

    /// <summary>The branch's planned and held meetings of a year, as slots for duplicate checks.</summary>
    public static async Task<List<PlanRules.Slot>> SlotsAsync(AppDbContext db, long orgId, int year, CancellationToken ct)
    {
        var (from, to) = YearRange(year);
        var rows = await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.OrgId == orgId && m.HeldAt >= from && m.HeldAt < to && m.State != MeetingState.已取消)
            .Select(m => new { m.HeldAt, m.Kinds, m.Topic }).ToListAsync(ct);
        return rows.Select(r => new PlanRules.Slot(PlanRules.LocalDate(r.HeldAt), r.Kinds, r.Topic)).ToList();
    }
}
