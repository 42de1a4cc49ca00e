using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>Every version of every category's rate norm, with the one applying this month marked.</summary>
public sealed class ListDuesRateTables(AppDbContext db, TimeProvider clock)
{
    public sealed record Bracket(decimal? UpTo, decimal Rate);

    public sealed record Version(long Id, string Category, int Number, string Kind, string State, string EffectiveFrom, bool AppliesThisMonth,
        IReadOnlyList<Bracket> Brackets, decimal? FixedAmount, decimal? MinAmount, decimal? MaxAmount, string Rounding, string? Basis,
        DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? ActivatedAt, string? ActivatedBy, DateTimeOffset? VoidedAt, string? VoidedBy,
        long? ReplacedById);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/rate-tables", async (ListDuesRateTables handler, CancellationToken ct) => Results.Ok(await handler.Handle(ct)))
           .Require(Permission.DuesRead)
           .WithSummary("党费标准各版本（含本月适用的版本）").Produces<IReadOnlyList<Version>>();

    public async Task<IReadOnlyList<Version>> Handle(CancellationToken ct = default)
    {
        var all = await LoadAsync(ct);
        var month = DuesRules.MonthOf(clock.Today());
        var applying = all.GroupBy(t => t.Category).Select(g => DuesRateTables.Applying(g.ToList(), month)?.Id).ToHashSet();
        return all.Select(t => new Version(t.Id, t.Category.ToString(), t.Version, t.Kind.ToString(), t.State.ToString(), t.EffectiveFrom.ToString("yyyy-MM"),
                applying.Contains(t.Id), t.ToStandard().Brackets.Select(b => new Bracket(b.UpTo, GetDuesStandard.Plain(b.Rate))).ToList(),
                t.FixedAmount, t.MinAmount, t.MaxAmount, t.Rounding.ToString(), t.Basis, t.CreatedAt, t.CreatedBy, t.ActivatedAt, t.ActivatedBy,
                t.VoidedAt, t.VoidedBy, t.ReplacedById))
            .ToList();
    }

    /// <summary>All versions with their brackets, by category then newest first.</summary>
    public async Task<List<DuesRateTable>> LoadAsync(CancellationToken ct = default) =>
        (await db.Set<DuesRateTable>().AsNoTracking().Include(t => t.Brackets).ToListAsync(ct))
            .OrderBy(t => t.Category).ThenByDescending(t => t.Version).ToList();
}
