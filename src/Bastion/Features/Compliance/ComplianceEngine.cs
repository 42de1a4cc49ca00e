using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bastion.Features.Compliance;

/// <summary>
/// The figures of one organization's branches for a period — one definition for the page, the API, the export and the
/// dashboard. The counts by status and the rate (达标 / branches; 1 when it has none) are over the period's own items
/// (<see cref="BranchOutcome.PeriodStatus"/>); items of a longer frequency (a quarter's yearly 组织生活会, 谈心谈话…) are
/// counted apart as progress: <see cref="LongerItems"/> owed by the branches, <see cref="LongerItemsDone"/> of them done,
/// and <see cref="LongerBranches"/> branches owing any, <see cref="LongerBranchesDone"/> of them with all done.
/// </summary>
public sealed record ComplianceTally(int Branches, int Compliant, int Warning, int Failing, int InProgress)
{
    public double Rate => Branches == 0 ? 1 : Math.Round((double)Compliant / Branches, 4);

    public int LongerItems { get; init; }
    public int LongerItemsDone { get; init; }
    public int LongerBranches { get; init; }
    public int LongerBranchesDone { get; init; }

    public static ComplianceTally Of(IEnumerable<BranchOutcome> outcomes)
    {
        int n = 0, ok = 0, warn = 0, fail = 0, prog = 0, items = 0, itemsDone = 0, owing = 0, owingDone = 0;
        foreach (var o in outcomes)
        {
            n++;
            switch (o.PeriodStatus)
            {
                case ComplianceStatus.达标: ok++; break;
                case ComplianceStatus.预警: warn++; break;
                case ComplianceStatus.未达标: fail++; break;
                default: prog++; break;
            }
            int mine = 0, mineDone = 0;
            foreach (var r in o.Rules)
            {
                if (ComplianceRules.IsOwnItem(r.Frequency, o.Period)) continue;
                mine++;
                if (r.Status == ComplianceStatus.达标) mineDone++;
            }
            items += mine; itemsDone += mineDone;
            if (mine > 0) { owing++; if (mineDone == mine) owingDone++; }
        }
        return new ComplianceTally(n, ok, warn, fail, prog) { LongerItems = items, LongerItemsDone = itemsDone, LongerBranches = owing, LongerBranchesDone = owingDone };
    }
}

public sealed record ComplianceChild(long OrgId, string Name, OrgType Type, ComplianceTally Tally);

/// <summary>The rollup of a subtree: every branch's outcome, the totals, and the totals per direct child.</summary>
public sealed record ComplianceRollup(Organization Org, Period Period, DateOnly Today, ComplianceTally Tally,
    IReadOnlyList<ComplianceChild> Children, IReadOnlyList<BranchOutcome> Branches);

/// <summary>
/// Evaluates organizational life against the rules: loads per-branch monthly facts for the period from
/// meeting_month_stats (one query over the subtree), 谈心谈话 coverage from talks when a year is due,
/// exemptions and overrides, and evaluates each branch with <see cref="ComplianceRules.Evaluate"/>. Large subtrees
/// are kept evaluated by <see cref="ComplianceCache"/>, which re-evaluates only the branches whose facts changed.
/// </summary>
public sealed class ComplianceEngine(AppDbContext db, IOptions<ComplianceSettings> settings, ComplianceCache cache, TimeProvider clock)
{
    /// <summary>Bastion:Compliance:WarningDays (default 15): days before a period ends from which a gap is 预警.</summary>
    public int WarningDays => settings.Value.WarningDays;

    /// <summary>One branch (null when the organization does not exist or is not a branch).</summary>
    public async Task<BranchOutcome?> EvaluateBranchAsync(long orgId, Period period, CancellationToken ct = default, DateOnly? today = null)
    {
        var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null || !ComplianceRules.IsEvaluated(org.Type)) return null;
        var rollup = await RollupAsync(org, period, ct, today);
        return rollup.Branches.SingleOrDefault(b => b.OrgId == orgId);
    }

    /// <summary>Every branch under <paramref name="org"/> (itself included), totals, and totals per direct child.</summary>
    public async Task<ComplianceRollup> RollupAsync(Organization org, Period period, CancellationToken ct = default, DateOnly? today = null)
    {
        var day = today ?? clock.Today();
        var warn = WarningDays;
        var evaluation = await cache.GetAsync(db, org, period, day, warn, (only, c) => EvaluateAsync(org, period, day, warn, only, c), ct);
        var outcomes = evaluation.Outcomes;

        var byChild = new Dictionary<long, List<BranchOutcome>>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            var child = evaluation.ChildOf[i];
            if (child == 0) continue; // the root itself is a branch
            if (!byChild.TryGetValue(child, out var list)) byChild[child] = list = [];
            list.Add(outcomes[i]);
        }
        var children = evaluation.Children
            .Where(c => byChild.ContainsKey(c.Id) || c.Status == OrgStatus.正常)
            .Select(c => new ComplianceChild(c.Id, c.Name, c.Type, ComplianceTally.Of(byChild.GetValueOrDefault(c.Id) ?? [])))
            .ToList();
        return new ComplianceRollup(org, period, day, ComplianceTally.Of(outcomes), children, outcomes);
    }

    /// <summary>
    /// Loads the facts and evaluates the branches of <paramref name="org"/>'s subtree — all of them, or (when
    /// <paramref name="only"/> is given) those of the given organizations (a 党小组 stands for its branch), in path order.
    /// </summary>
    private async Task<ComplianceEvaluation> EvaluateAsync(Organization org, Period period, DateOnly day, int warn, long[]? only, CancellationToken ct)
    {
        var facts = await LoadFactsAsync(org, period, day, only, ct);
        var overrides = await db.Set<ComplianceRuleOverride>().AsNoTracking().Select(r => r.ToRule()).ToListAsync(ct);
        // what each branch type owes is worked out once; the branches are then evaluated on all cores (pure work)
        var plans = facts.Branches.Select(b => b.Type).Distinct().ToDictionary(t => t, t => ComplianceRules.PlanFor(t, period, overrides));
        var evaluated = new BranchOutcome[facts.Branches.Count];
        if (evaluated.Length < 2000)
            for (var i = 0; i < evaluated.Length; i++) evaluated[i] = ComplianceRules.Evaluate(facts.Branches[i], plans[facts.Branches[i].Type], day, warn);
        else
            Parallel.For(0, evaluated.Length, new ParallelOptions { CancellationToken = ct },
                i => evaluated[i] = ComplianceRules.Evaluate(facts.Branches[i], plans[facts.Branches[i].Type], day, warn));
        // which of the root's children each branch lies under: worked out once per load, not on every cached read
        var rootDepth = org.Path.Split('.').Length;
        var childOf = new long[facts.Paths.Count];
        for (var i = 0; i < childOf.Length; i++)
        {
            var labels = facts.Paths[i].Split('.');
            childOf[i] = labels.Length <= rootDepth ? 0 : long.Parse(labels[rootDepth], CultureInfo.InvariantCulture);
        }
        return new ComplianceEvaluation(evaluated, childOf, facts.Children);
    }

    /// <summary>A bigint[] parameter that may be NULL (a NULL list means "all").</summary>
    private static NpgsqlParameter IdsOrNull(long[]? ids) =>
        new() { Value = (object?)ids ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint };

    private sealed record Facts(List<BranchFacts> Branches, List<string> Paths, List<Organization> Children);

    /// <summary>The branches of a subtree as they are read: each branch's facts, its path, its 党小组, and the root's direct children.</summary>
    private sealed class Tree
    {
        public Dictionary<long, BranchFacts> Branches { get; } = [];
        public List<(BranchFacts B, string Path)> Order { get; } = [];
        public Dictionary<long, BranchFacts> GroupOf { get; } = [];
        public List<Organization> Children { get; } = [];
    }

    /// <summary>The types a branch's facts are read for: the branch types of <see cref="OrgRules.IsBranch"/> and the 党小组 (whose meetings count for its branch).</summary>
    private static readonly string[] BranchAndGroupTypes =
        [.. Enum.GetValues<OrgType>().Where(t => OrgRules.IsBranch(t) || t == OrgType.党小组).Select(t => t.ToString())];

    /// <summary>The first day of the earliest rule period that may be due in <paramref name="period"/> (a year for Q4 and December).</summary>
    public static DateOnly WindowStart(Period period) =>
        Enum.GetValues<PeriodUnit>().SelectMany(period.DueWithin).Select(p => p.Start).Min();

    private async Task<Facts> LoadFactsAsync(Organization root, Period period, DateOnly today, long[]? only, CancellationToken ct)
    {
        var from = WindowStart(period);
        var to = period.End;
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var close = conn.State != System.Data.ConnectionState.Open;
        if (close) await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (only is not null) only = await BranchesOfAsync(conn, only, ct);
            var tree = await LoadTreeAsync(conn, root, from, only, ct);
            // when only some branches are (re)loaded, their rows are read by organization
            var loaded = only is null ? null : tree.Branches.Keys.Concat(tree.GroupOf.Keys).ToArray();
            await LoadMonthsAsync(conn, root, from, to, tree, loaded, ct);
            await LoadExemptionsAsync(conn, root, from, to, tree, ct);

            // 谈心谈话 coverage, when a year is due in the period
            foreach (var year in period.DueWithin(PeriodUnit.年))
                await LoadTalksAsync(conn, root, year, today, tree.Branches, tree.GroupOf, loaded, ct);

            tree.Order.Sort((x, y) => string.CompareOrdinal(x.Path, y.Path));
            tree.Children.Sort((x, y) => string.CompareOrdinal(x.Path, y.Path));
            return new Facts(tree.Order.Select(o => o.B).ToList(), tree.Order.Select(o => o.Path).ToList(), tree.Children);
        }
        finally { if (close) await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>The branches that changed organizations stand for: a changed 党小组 stands for its branch; other organizations (a 党委's own meetings) are not evaluated.</summary>
    private static async Task<long[]> BranchesOfAsync(NpgsqlConnection conn, long[] changed, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT coalesce(array_agg(DISTINCT CASE WHEN type = '党小组' THEN parent_id ELSE id END), '{}')
            FROM organizations WHERE id = ANY($1) AND type = ANY($2)
            """, conn);
        cmd.Parameters.AddWithValue(changed);
        cmd.Parameters.AddWithValue(BranchAndGroupTypes);
        return (long[])(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Branches (existing at some time in the window) and their 党小组, and the root's direct children.</summary>
    private static async Task<Tree> LoadTreeAsync(NpgsqlConnection conn, Organization root, DateOnly from, long[]? only, CancellationToken ct)
    {
        var tree = new Tree();
        await using var cmd = new NpgsqlCommand("""
            SELECT id, parent_id, type, name, path::text, created_at, dissolved_at, status
            FROM organizations
            WHERE path <@ $1::ltree
              AND (type = ANY($5) OR parent_id = $2)
              AND (dissolved_at IS NULL OR dissolved_at >= $3)
              -- a 党小组 nobody belongs to has no one to meet: it owes no 党小组会 (members kept on the branch itself)
              AND (type <> '党小组' OR EXISTS (SELECT 1 FROM org_member_counts c WHERE c.org_id = organizations.id AND c.direct > 0))
              AND ($4::bigint[] IS NULL OR id = ANY($4) OR (type = '党小组' AND parent_id = ANY($4)))
            """, conn);
        cmd.Parameters.AddWithValue(root.Path);
        cmd.Parameters.AddWithValue(root.Id);
        cmd.Parameters.AddWithValue(ChineseDates.StartOf(from));
        cmd.Parameters.Add(IdsOrNull(only));
        cmd.Parameters.AddWithValue(BranchAndGroupTypes);
        var groups = new List<(long Id, long Parent, DateOnly Created, DateOnly? Dissolved)>();
        await using (var rd = await cmd.ExecuteReaderAsync(ct))
            while (await rd.ReadAsync(ct))
            {
                var id = rd.GetInt64(0);
                long? parent = rd.IsDBNull(1) ? null : rd.GetInt64(1);
                var type = Enum.Parse<OrgType>(rd.GetString(2));
                var created = ChineseDates.DayOf(rd.GetFieldValue<DateTimeOffset>(5));
                DateOnly? dissolved = rd.IsDBNull(6) ? null : ChineseDates.DayOf(rd.GetFieldValue<DateTimeOffset>(6));
                if (parent == root.Id && only is null)
                    tree.Children.Add(new Organization { Id = id, Name = rd.GetString(3), Type = type, Path = rd.GetString(4), Status = Enum.Parse<OrgStatus>(rd.GetString(7)) });
                if (ComplianceRules.IsEvaluated(type))
                {
                    var b = new BranchFacts { OrgId = id, Name = rd.GetString(3), Type = type, CreatedOn = created, DissolvedOn = dissolved };
                    tree.Branches[id] = b;
                    tree.Order.Add((b, rd.GetString(4)));
                }
                else if (type == OrgType.党小组 && parent is { } p)
                    groups.Add((id, p, created, dissolved));
            }
        foreach (var g in groups)
            if (tree.Branches.TryGetValue(g.Parent, out var b))
            {
                b.Groups.Add(new GroupLife(g.Id, g.Created, g.Dissolved));
                tree.GroupOf[g.Id] = b;
            }
        return tree;
    }

    /// <summary>
    /// Monthly facts of the window: one query over the subtree. For a top-level organization the subtree filter is skipped
    /// (rows of other trees are ignored): a range scan of the month index beats joining 50,000 organizations.
    /// </summary>
    private static async Task LoadMonthsAsync(NpgsqlConnection conn, Organization root, DateOnly from, DateOnly to, Tree tree, long[]? loaded, CancellationToken ct)
    {
        const string columns = """
            SELECT s.org_id, s.month, s.general_meetings, s.committee_meetings, s.group_meetings, s.lessons, s.theme_days,
                   s.life_meetings, s.appraisals, s.talk_meetings, s.theme_max_rate, s.secretary_lessons
            """;
        var sql = loaded is not null
            ? columns + " FROM meeting_month_stats s WHERE s.org_id = ANY($1) AND s.month BETWEEN $2 AND $3"
            : root.ParentId is null
            ? columns + " FROM meeting_month_stats s WHERE $1::ltree IS NOT NULL AND s.month BETWEEN $2 AND $3"
            : columns + " FROM meeting_month_stats s JOIN organizations o ON o.id = s.org_id WHERE o.path <@ $1::ltree AND s.month BETWEEN $2 AND $3";
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (loaded is not null) cmd.Parameters.AddWithValue(loaded);
        else cmd.Parameters.AddWithValue(root.Path);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        await using var rd = await cmd.ExecuteReaderAsync(ct);
        while (await rd.ReadAsync(ct))
        {
            var orgId = rd.GetInt64(0);
            var month = rd.GetFieldValue<DateOnly>(1);
            if (tree.Branches.TryGetValue(orgId, out var b))
            {
                var m = b.Month(month);
                for (var k = 0; k < 8; k++) m.Counts[k] += rd.GetInt32(2 + k);
                if (!rd.IsDBNull(10)) m.ThemeDayBestRate = Math.Max(m.ThemeDayBestRate ?? 0, rd.GetDouble(10));
                m.SecretaryLectures += rd.GetInt32(11);
            }
            else if (tree.GroupOf.TryGetValue(orgId, out var parent) && rd.GetInt32(4) > 0)
                parent.Month(month).GroupsMet++;
        }
    }

    /// <summary>Exemptions of the branches, their ancestors (inherited) and descendants.</summary>
    private static async Task LoadExemptionsAsync(NpgsqlConnection conn, Organization root, DateOnly from, DateOnly to, Tree tree, CancellationToken ct)
    {
        var exemptions = new List<(ComplianceExemptionRange E, string Path)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT e.org_id, e.kind, e.from_date, e.to_date, e.reason, o.path::text
            FROM compliance_exemptions e JOIN organizations o ON o.id = e.org_id
            WHERE (o.path <@ $1::ltree OR o.path @> $1::ltree) AND e.to_date >= $2 AND e.from_date <= $3
            """, conn))
        {
            cmd.Parameters.AddWithValue(root.Path);
            cmd.Parameters.AddWithValue(from);
            cmd.Parameters.AddWithValue(to);
            await using var rd = await cmd.ExecuteReaderAsync(ct);
            while (await rd.ReadAsync(ct))
                exemptions.Add((new ComplianceExemptionRange(rd.GetInt64(0), rd.IsDBNull(1) ? null : Enum.Parse<RuleKind>(rd.GetString(1)),
                    rd.GetFieldValue<DateOnly>(2), rd.GetFieldValue<DateOnly>(3), rd.GetString(4)), rd.GetString(5)));
        }
        if (exemptions.Count > 0)
            foreach (var (b, path) in tree.Order)
                b.Exemptions.AddRange(exemptions.Where(x => OrgRules.IsWithin(path, x.Path)).Select(x => x.E));
    }

    /// <summary>谈心谈话 owed and held in the year per branch (or its 党小组), by the one definition in <see cref="TalksOwed"/>.</summary>
    private static async Task LoadTalksAsync(NpgsqlConnection conn, Organization root, Period year, DateOnly today,
        Dictionary<long, BranchFacts> branches, Dictionary<long, BranchFacts> groupOf, long[]? only, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT org_id, count(*), count(*) FILTER (WHERE talked) FROM ({TalksOwed.Sql}) owed GROUP BY org_id", conn);
        TalksOwed.Bind(cmd, root.Path, year, today, only);
        var sums = new Dictionary<BranchFacts, (int Required, int Talked)>();
        await using (var rd = await cmd.ExecuteReaderAsync(ct))
            while (await rd.ReadAsync(ct))
            {
                var orgId = rd.GetInt64(0);
                var b = branches.GetValueOrDefault(orgId) ?? groupOf.GetValueOrDefault(orgId);
                if (b is null) continue;
                var s = sums.GetValueOrDefault(b);
                sums[b] = (s.Required + (int)rd.GetInt64(1), s.Talked + (int)rd.GetInt64(2));
            }
        foreach (var (b, s) in sums) b.Talks[year.Year] = new TalkCoverage(s.Required, s.Talked);
    }
}
