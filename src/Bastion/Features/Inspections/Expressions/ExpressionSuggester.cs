using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>
/// 巡言巡语 suggestions while a finding is written: the finding's text against the active library entries.
/// The matching is <see cref="ExpressionIndex"/> (in-process character bigram/trigram TF-IDF; see its comment for why
/// not pg_trgm). The index is built from the active rows and rebuilt when the library changes: each call reads a
/// cheap stamp of the table (count, last id, last change), so an edit made on another instance is seen too.
/// Singleton: the index is shared; building it takes a few milliseconds for a few hundred entries.
/// </summary>
public sealed class ExpressionSuggester(IServiceScopeFactory scopes)
{
    public const int MaxText = 4000;
    public const int DefaultTop = 5;

    /// <summary>One candidate: the entry, its category's full name (and the enum for forms), the score 0–1.</summary>
    public sealed record Candidate(long Id, string Expression, string Category, FindingCategory CategoryKey, double Score)
    {
        public MatchLevel Level => ExpressionIndex.Level(Score);
    }

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long Count, long MaxId, DateTimeOffset? Changed) _stamp = (-1, -1, null);
    private ExpressionIndex _index = new([]);

    /// <summary>Checks the text: a Chinese message when it cannot be matched (empty or too long), else null.</summary>
    public static string? Check(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "请输入问题事实或描述，再获取巡言巡语推荐"
        : text.Length > MaxText ? $"问题描述不能超过{MaxText}字（当前{text.Length}字）"
        : null;

    public async Task<IReadOnlyList<Candidate>> SuggestAsync(string text, int top = DefaultTop, CancellationToken ct = default)
    {
        var index = await IndexAsync(ct);
        return index.Search(text, Math.Clamp(top, 1, 20))
            .Select(m => new Candidate(m.Entry.Id, m.Entry.Expression, InspectionRules.Display(m.Entry.Category), m.Entry.Category, m.Score))
            .ToList();
    }

    /// <summary>The current index (rebuilt first when the library changed since the last call).</summary>
    public async Task<ExpressionIndex> IndexAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var set = db.Set<InspectionExpression>().AsNoTracking();
        var stamp = await set.GroupBy(_ => 1)
            .Select(g => new { Count = (long)g.Count(), MaxId = g.Max(e => e.Id), Changed = g.Max(e => e.UpdatedAt ?? e.CreatedAt) })
            .SingleOrDefaultAsync(ct); // one group at most (Single: EF warns of First without OrderBy)
        var now = stamp is null ? (0L, 0L, (DateTimeOffset?)null) : (stamp.Count, stamp.MaxId, (DateTimeOffset?)stamp.Changed);
        if (now == _stamp) return _index;
        await _gate.WaitAsync(ct);
        try
        {
            if (now == _stamp) return _index;
            var rows = await set.Where(e => e.Active).OrderBy(e => e.Id)
                .Select(e => new ExpressionIndex.Entry(e.Id, e.Category, e.Expression, e.Symptoms, e.Example)).ToListAsync(ct);
            _index = new ExpressionIndex(rows);
            _stamp = now;
            return _index;
        }
        finally { _gate.Release(); }
    }
}
