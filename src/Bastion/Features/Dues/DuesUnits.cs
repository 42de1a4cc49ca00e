using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>The unit options that apply to an organization: the nearest setting at or above it (the ids of its path).</summary>
public static class DuesUnits
{
    public sealed record Options(bool DeductInsurance, decimal? FarmerAmount);

    public static List<long> PathIds(string path) =>
        path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToList();

    /// <summary>Each option from the nearest organization at or above <paramref name="orgPath"/> that sets it (deduction off by default).</summary>
    public static async Task<Options> ForAsync(AppDbContext db, string orgPath, CancellationToken ct = default)
    {
        var ids = PathIds(orgPath);
        var rows = await db.Set<DuesUnitSetting>().AsNoTracking().Where(s => ids.Contains(s.OrgId)).ToListAsync(ct);
        var ordered = rows.OrderByDescending(s => ids.IndexOf(s.OrgId)).ToList();
        return new Options(ordered.FirstOrDefault(s => s.DeductInsurance is not null)?.DeductInsurance ?? false, ordered.FirstOrDefault(s => s.FarmerAmount is not null)?.FarmerAmount);
    }

    /// <summary>
    /// The monthly amount a base gives for a member's category under the standard applying to that month (stored on the
    /// base for display; null when the category is not set or has no standard).
    /// </summary>
    public static async Task<decimal?> AmountAsync(AppDbContext db, DuesCategory? category, decimal @base, DateOnly month, CancellationToken ct = default)
    {
        if (category is null) return null;
        var table = await DuesRateTables.ForMonthAsync(db, category.Value, month, ct);
        if (table is null || table.Kind != DuesNormKind.公式) return null;
        return DuesRules.Assess(table.ToStandard(), @base).Value?.Amount;
    }
}
