using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// The rate-table steps shared by the use cases, the demo and the tests: adding a draft version and enabling it (which
/// voids the version it replaces). Callers own the transaction; each step saves (and so writes its audit rows).
/// </summary>
public static class DuesRateTables
{
    public const string NationalBasis = "中组发〔2008〕3号";

    /// <summary>Adds a draft (未启用) version of <paramref name="s"/>, numbered after the category's last version.</summary>
    public static async Task<DuesRateTable> AddDraftAsync(AppDbContext db, DuesStandard s, DateOnly effectiveFrom, string? basis, string? note,
        DateTimeOffset now, string? by, CancellationToken ct = default)
    {
        var last = await db.Set<DuesRateTable>().Where(t => t.Category == s.Category).MaxAsync(t => (int?)t.Version, ct) ?? 0;
        var table = new DuesRateTable
        {
            Category = s.Category, Version = last + 1, Kind = s.Kind, Rounding = s.Rounding,
            FixedAmount = s.Kind is DuesNormKind.统一标准 or DuesNormKind.基层党委设定 ? s.FixedAmount : null,
            MinAmount = s.Kind == DuesNormKind.基层党委设定 ? s.MinAmount : null,
            MaxAmount = s.Kind == DuesNormKind.基层党委设定 ? s.MaxAmount : null,
            EffectiveFrom = DuesRules.MonthOf(effectiveFrom), State = DuesTableState.未启用, Basis = basis, Note = note,
            CreatedAt = now, CreatedBy = by,
            Brackets = s.Kind == DuesNormKind.公式 ? s.Brackets.Select(b => new DuesRateBracket { UpTo = b.UpTo, Rate = b.Rate }).ToList() : [],
        };
        db.Add(table);
        await db.SaveChangesAsync(ct);
        return table;
    }

    /// <summary>The version of the category now 启用, if any.</summary>
    public static Task<DuesRateTable?> InForceAsync(AppDbContext db, DuesCategory category, CancellationToken ct = default) =>
        db.Set<DuesRateTable>().Include(t => t.Brackets).FirstOrDefaultAsync(t => t.Category == category && t.State == DuesTableState.启用, ct);

    /// <summary>
    /// The version that applies to the month of <paramref name="month"/> (what dues_assessment uses): among the version in
    /// force and, back along ReplacedById, those it replaced, the latest whose effective month is not after it.
    /// </summary>
    public static async Task<DuesRateTable?> ForMonthAsync(AppDbContext db, DuesCategory category, DateOnly month, CancellationToken ct = default)
    {
        var versions = await db.Set<DuesRateTable>().AsNoTracking().Include(t => t.Brackets).Where(t => t.Category == category).ToListAsync(ct);
        return Applying(versions, DuesRules.MonthOf(month));
    }

    /// <summary>The rule of <see cref="ForMonthAsync"/> over a category's versions already loaded.</summary>
    public static DuesRateTable? Applying(IReadOnlyList<DuesRateTable> versions, DateOnly firstOfMonth)
    {
        var chain = new List<DuesRateTable>();
        for (var t = versions.FirstOrDefault(v => v.State == DuesTableState.启用); t is not null; t = versions.FirstOrDefault(v => v.ReplacedById == t.Id))
            chain.Add(t);
        return chain.Where(t => t.EffectiveFrom <= firstOfMonth).OrderByDescending(t => t.EffectiveFrom).ThenByDescending(t => t.Version).FirstOrDefault();
    }

    /// <summary>
    /// Enables a draft: the category's version in force (if any) becomes 作废, replaced by this one (it keeps applying to
    /// the months before this one's effective month). Returns the replaced version. The caller checked that
    /// <paramref name="draft"/> is 未启用 and that its month is after the replaced one's.
    /// </summary>
    public static async Task<DuesRateTable?> ActivateAsync(AppDbContext db, DuesRateTable draft, DateTimeOffset now, string? by, CancellationToken ct = default)
    {
        var current = await db.Set<DuesRateTable>().FirstOrDefaultAsync(t => t.Category == draft.Category && t.State == DuesTableState.启用, ct);
        if (current is not null)
        {
            // first out of force, then in: the partial unique index allows one 启用 per category at every moment
            current.State = DuesTableState.作废;
            current.ReplacedById = draft.Id;
            current.VoidedAt = now;
            current.VoidedBy = by;
            current.VoidReason = $"由第{draft.Version}版取代（自{draft.EffectiveFrom:yyyy年M月}起）";
            await db.SaveChangesAsync(ct);
        }
        draft.State = DuesTableState.启用;
        draft.ActivatedAt = now;
        draft.ActivatedBy = by;
        await db.SaveChangesAsync(ct);
        return current;
    }

    /// <summary>Adds and enables the national standard of every category (demo, tests, a new platform), effective from <paramref name="effectiveFrom"/>.</summary>
    public static async Task SeedNationalAsync(AppDbContext db, DateOnly effectiveFrom, DateTimeOffset now, string? by, CancellationToken ct = default)
    {
        foreach (var c in DuesRules.AllCategories)
        {
            var draft = await AddDraftAsync(db, DuesRules.NationalStandard(c), effectiveFrom, NationalBasis, null, now, by, ct);
            await ActivateAsync(db, draft, now, by, ct);
        }
    }
}
