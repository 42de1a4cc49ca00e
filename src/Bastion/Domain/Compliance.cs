using System.Globalization;

namespace Bastion.Domain;

/// <summary>Length of a compliance period or of a rule's frequency (月 / 季 / 年).</summary>
public enum PeriodUnit { 月 = 1, 季 = 2, 年 = 3 }

/// <summary>
/// A calendar period in China time: a month ("2026-10"), a quarter ("2026Q3") or a year ("2026").
/// <see cref="Index"/> is the month (1–12), the quarter (1–4), or 1 for a year.
/// </summary>
public readonly record struct Period(PeriodUnit Unit, int Year, int Index) : IComparable<Period>
{
    public static Period Month(int year, int month) => new(PeriodUnit.月, year, month);
    public static Period Quarter(int year, int quarter) => new(PeriodUnit.季, year, quarter);
    public static Period OfYear(int year) => new(PeriodUnit.年, year, 1);

    /// <summary>The period of the given unit that contains the day.</summary>
    public static Period Containing(PeriodUnit unit, DateOnly day) => unit switch
    {
        PeriodUnit.月 => Month(day.Year, day.Month),
        PeriodUnit.季 => Quarter(day.Year, (day.Month - 1) / 3 + 1),
        _ => OfYear(day.Year),
    };

    public DateOnly Start => Unit switch
    {
        PeriodUnit.月 => new DateOnly(Year, Index, 1),
        PeriodUnit.季 => new DateOnly(Year, (Index - 1) * 3 + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    /// <summary>The last day (inclusive).</summary>
    public DateOnly End => Unit switch
    {
        PeriodUnit.月 => Start.AddMonths(1).AddDays(-1),
        PeriodUnit.季 => Start.AddMonths(3).AddDays(-1),
        _ => new DateOnly(Year, 12, 31),
    };

    public int Days => End.DayNumber - Start.DayNumber + 1;

    public bool Contains(DateOnly day) => Start <= day && day <= End;

    /// <summary>The machine form: "2026-10", "2026Q3", "2026".</summary>
    public string Code => Unit switch
    {
        PeriodUnit.月 => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}"),
        PeriodUnit.季 => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}Q{Index}"),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    /// <summary>The Chinese label: "2026年10月", "2026年第3季度", "2026年".</summary>
    public string Label => Unit switch
    {
        PeriodUnit.月 => string.Create(CultureInfo.InvariantCulture, $"{Year}年{Index}月"),
        PeriodUnit.季 => string.Create(CultureInfo.InvariantCulture, $"{Year}年第{Index}季度"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Year}年"),
    };

    /// <summary>Short label for a month inside a message: "10月" (other units: the full label).</summary>
    public string ShortLabel => Unit == PeriodUnit.月 ? string.Create(CultureInfo.InvariantCulture, $"{Index}月") : Label;

    public override string ToString() => Code;

    public Period Next() => Containing(Unit, End.AddDays(1));
    public Period Previous() => Containing(Unit, Start.AddDays(-1));

    /// <summary>The periods of <paramref name="unit"/> whose last day falls inside this period (the ones "due" in it), in order.</summary>
    public IReadOnlyList<Period> DueWithin(PeriodUnit unit) =>
        // the rollup asks this for every branch and rule: computed once per (period, unit)
        DueCache.GetOrAdd((this, unit), static k => k.Item1.ComputeDueWithin(k.Item2));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Period, PeriodUnit), IReadOnlyList<Period>> DueCache = new();

    private IReadOnlyList<Period> ComputeDueWithin(PeriodUnit unit)
    {
        var list = new List<Period>();
        for (var p = Containing(unit, Start); p.Start <= End; p = p.Next())
            if (p.End >= Start && p.End <= End) list.Add(p);
        return list.AsReadOnly();
    }

    /// <summary>The months of this period, in order.</summary>
    public IReadOnlyList<Period> Months => DueWithin(PeriodUnit.月);

    public int CompareTo(Period other) => (Start, Unit).CompareTo((other.Start, other.Unit));

    /// <summary>Parses "2026-10" / "2026-1" / "2026Q3" / "2026q3" / "2026"; a Chinese message otherwise.</summary>
    public static (Period? Period, string? Error) Parse(string? raw)
    {
        var s = (raw ?? "").Trim();
        const string hint = "期间格式应为 2026-10（月）、2026Q3（季度）或 2026（年）";
        if (s.Length == 0) return (null, "请填写期间，" + hint);
        static bool Int(string t, out int v) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        int year;
        if (s.Length == 4 && Int(s, out year))
            return year is >= 2000 and <= 2100 ? (OfYear(year), null) : (null, $"年份{year}超出范围（2000–2100）");
        var q = s.IndexOfAny(['Q', 'q']);
        if (q == 4 && Int(s[..4], out year) && Int(s[5..], out var quarter))
        {
            if (year is < 2000 or > 2100) return (null, $"年份{year}超出范围（2000–2100）");
            return quarter is >= 1 and <= 4 ? (Quarter(year, quarter), null) : (null, $"季度应为1–4，不能是{s[5..]}");
        }
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash == 4 && Int(s[..4], out year) && s.Length is 6 or 7 && Int(s[5..], out var month))
        {
            if (year is < 2000 or > 2100) return (null, $"年份{year}超出范围（2000–2100）");
            return month is >= 1 and <= 12 ? (Month(year, month), null) : (null, $"月份应为1–12，不能是{s[5..]}");
        }
        return (null, $"无法识别期间“{s}”，" + hint);
    }
}

/// <summary>What a compliance rule checks. The first eight are meeting types; 书记讲党课 is the extra 党课 rule.</summary>
public enum RuleKind
{
    支部委员会 = 1,
    党小组会 = 2,
    支部党员大会 = 3,
    党课 = 4,
    书记讲党课 = 5,
    主题党日 = 6,
    组织生活会 = 7,
    民主评议党员 = 8,
    谈心谈话 = 9,
}

public enum ComplianceStatus
{
    达标 = 1,
    /// <summary>Something is missing but the period (the part that is missing) ends more than N days from today.</summary>
    进行中 = 2,
    /// <summary>Something is missing and its period ends within N days.</summary>
    预警 = 3,
    /// <summary>A period has ended with something missing.</summary>
    未达标 = 4,
}

/// <summary>
/// One rule: an organization type must hold <see cref="MinCount"/> of a kind every <see cref="Frequency"/>
/// (for 主题党日 with at least <see cref="MinAttendanceRate"/> present; for 谈心谈话 MinCount is ignored: every
/// member must be talked with). A rule with MinCount 0 is switched off. Effective dates bound overrides.
/// </summary>
public sealed record ComplianceRule(OrgType OrgType, RuleKind Kind, PeriodUnit Frequency, int MinCount,
    double? MinAttendanceRate = null, DateOnly? EffectiveFrom = null, DateOnly? EffectiveTo = null)
{
    public bool InEffectOn(DateOnly day) => (EffectiveFrom is null || EffectiveFrom <= day) && (EffectiveTo is null || day <= EffectiveTo);
}

/// <summary>An exemption: the organization (and every branch under it) need not hold the kind (null: any kind) between From and To (inclusive).</summary>
public sealed record ComplianceExemptionRange(long OrgId, RuleKind? Kind, DateOnly From, DateOnly To, string Reason)
{
    /// <summary>True when the exemption covers every day of [from, to].</summary>
    public bool Covers(RuleKind kind, DateOnly from, DateOnly to) => (Kind is null || Kind == kind) && From <= from && to <= To;
}

/// <summary>Facts of one month for one branch: valid held meetings (已召开 and quorum met) by type.</summary>
public sealed class MonthFacts
{
    /// <summary>Counts by meeting kind (index = bit position of <see cref="MeetingKinds"/>).</summary>
    public int[] Counts { get; } = new int[8];
    /// <summary>Best attendance rate among the valid 主题党日 of the month (null: none held).</summary>
    public double? ThemeDayBestRate { get; set; }
    /// <summary>Valid 党课 whose lecturer was the branch's 书记 on that day.</summary>
    public int SecretaryLectures { get; set; }
    /// <summary>How many of the branch's 党小组 held a valid 党小组会 this month.</summary>
    public int GroupsMet { get; set; }

    public int Count(MeetingKinds kind) => Counts[System.Numerics.BitOperations.Log2((uint)kind)];
    public void Add(MeetingKinds kind, int n) => Counts[System.Numerics.BitOperations.Log2((uint)kind)] += n;
}

/// <summary>A 党小组 of the branch and its life span (dissolved: the day it stopped existing).</summary>
public sealed record GroupLife(long OrgId, DateOnly CreatedOn, DateOnly? DissolvedOn);

/// <summary>谈心谈话 in one year: members who had to be talked with, and how many of them were.</summary>
public sealed record TalkCoverage(int Required, int Talked);

/// <summary>Everything the rules need about one branch.</summary>
public sealed class BranchFacts
{
    public required long OrgId { get; init; }
    public required string Name { get; init; }
    public required OrgType Type { get; init; }
    public required DateOnly CreatedOn { get; init; }
    /// <summary>The day it was dissolved (it no longer existed on that day).</summary>
    public DateOnly? DissolvedOn { get; init; }
    /// <summary>Month facts keyed by the month's first day.</summary>
    public Dictionary<DateOnly, MonthFacts> Months { get; } = [];
    public List<GroupLife> Groups { get; } = [];
    /// <summary>谈心谈话 coverage by year.</summary>
    public Dictionary<int, TalkCoverage> Talks { get; } = [];
    public List<ComplianceExemptionRange> Exemptions { get; } = [];

    public MonthFacts Month(DateOnly firstDay)
    {
        if (!Months.TryGetValue(firstDay, out var m)) Months[firstDay] = m = new MonthFacts();
        return m;
    }
}

/// <summary>One gap, in plain Chinese, with the period it belongs to and whether that period has ended.</summary>
public sealed record ComplianceGap(RuleKind Kind, Period Period, string Message, ComplianceStatus Status);

/// <summary>One rule's outcome for the evaluated period: 应开 / 已开 / 缺 summed over its due sub-periods.</summary>
public sealed record RuleOutcome(RuleKind Kind, PeriodUnit Frequency, int Required, int Held, int Missing, ComplianceStatus Status,
    IReadOnlyList<ComplianceGap> Gaps, IReadOnlyList<Period> Periods);

public sealed record BranchOutcome(long OrgId, string Name, Period Period, ComplianceStatus Status, IReadOnlyList<RuleOutcome> Rules)
{
    public IEnumerable<ComplianceGap> Gaps => Rules.SelectMany(r => r.Gaps);

    /// <summary>
    /// The status over the period's own items only (<see cref="ComplianceRules.IsOwnItem"/>): a quarter's 支委会, 党员大会,
    /// 党课 and 主题党日, without the yearly items that stay open until 31 December. 达标 when it has none.
    /// </summary>
    public ComplianceStatus PeriodStatus
    {
        get
        {
            var s = ComplianceStatus.达标;
            foreach (var r in Rules) if (ComplianceRules.IsOwnItem(r.Frequency, Period) && r.Status > s) s = r.Status;
            return s;
        }
    }
}

/// <summary>
/// The rules of organizational life (DOMAIN.md "组织生活") and their evaluation. Pure: the caller supplies the facts.
/// </summary>
public static class ComplianceRules
{
    /// <summary>Days before a period's end from which a missing activity is 预警 rather than 进行中.</summary>
    public const int DefaultWarningDays = 15;
    public const double DefaultThemeDayRate = 0.5;

    public static readonly IReadOnlyList<RuleKind> AllKinds = Enum.GetValues<RuleKind>();

    public static OrgType[] EvaluatedTypes => [OrgType.党支部, OrgType.联合党支部, OrgType.临时党支部];

    public static bool IsEvaluated(OrgType type) => OrgRules.IsBranch(type);

    /// <summary>
    /// Whether a rule of this frequency is one of the period's own items — THE split of every 达标率: a month's own items
    /// are its monthly ones, a quarter's its monthly and quarterly ones, a year's all of them. Items of a longer
    /// frequency (a yearly 组织生活会 or 谈心谈话 seen in Q4) run until their own period ends, so they are shown as
    /// progress beside the rate instead of keeping every branch 进行中 all quarter.
    /// </summary>
    public static bool IsOwnItem(PeriodUnit frequency, Period period) => frequency <= period.Unit;

    /// <summary>What a period's own items are called in a figure: "季度项目达标率" and so on.</summary>
    public static string OwnItemsLabel(Period period) => period.Unit switch
    {
        PeriodUnit.月 => "月度项目",
        PeriodUnit.季 => "季度项目",
        _ => "全年项目",
    };

    /// <summary>What the longer items seen in a period are called: "年度项目" in a quarter, "季度、年度项目" in a month.</summary>
    public static string LongerItemsLabel(Period period) => period.Unit == PeriodUnit.月 ? "季度、年度项目" : "年度项目";

    /// <summary>The meeting type a rule counts (书记讲党课 counts 党课).</summary>
    public static MeetingKinds MeetingKind(RuleKind k) => k switch
    {
        RuleKind.支部委员会 => MeetingKinds.支部委员会,
        RuleKind.党小组会 => MeetingKinds.党小组会,
        RuleKind.支部党员大会 => MeetingKinds.支部党员大会,
        RuleKind.党课 or RuleKind.书记讲党课 => MeetingKinds.党课,
        RuleKind.主题党日 => MeetingKinds.主题党日,
        RuleKind.组织生活会 => MeetingKinds.组织生活会,
        RuleKind.民主评议党员 => MeetingKinds.民主评议党员,
        _ => MeetingKinds.谈心谈话,
    };

    public static (RuleKind? Kind, string? Error) ParseKind(string? raw)
    {
        var s = (raw ?? "").Trim();
        return Enum.TryParse<RuleKind>(s, out var k) && Enum.IsDefined(k) && !int.TryParse(s, out _)
            ? (k, null) : (null, $"未知的组织生活类型“{s}”");
    }

    /// <summary>
    /// Defaults from DOMAIN.md for a 党支部 or 联合党支部 (a 联合党支部 is a branch like any other; its members
    /// belong to it alone): 支部委员会 and 党小组会 monthly, 支部党员大会 and 党课 quarterly, the 书记 lectures once
    /// a year, 主题党日 monthly with at least half present, 组织生活会, 民主评议党员 and 谈心谈话 yearly.
    /// A 临时党支部 (set up for a project, a training course, a mission) keeps the monthly and quarterly meetings
    /// but not 组织生活会, 民主评议党员 or 谈心谈话: its members keep their formal organizational relationship in
    /// their home branch, which holds their 组织生活会, appraises them and talks with them, so asking it of the
    /// temporary branch as well would count them twice. Other types (党委, 党总支, 党小组) are not evaluated.
    /// </summary>
    public static IReadOnlyList<ComplianceRule> Defaults(OrgType type) => DefaultsByType[type];

    private static readonly Dictionary<OrgType, IReadOnlyList<ComplianceRule>> DefaultsByType =
        Enum.GetValues<OrgType>().ToDictionary(t => t, BuildDefaults);

    private static IReadOnlyList<ComplianceRule> BuildDefaults(OrgType type)
    {
        if (!IsEvaluated(type)) return [];
        var list = new List<ComplianceRule>
        {
            new(type, RuleKind.支部委员会, PeriodUnit.月, 1),
            new(type, RuleKind.党小组会, PeriodUnit.月, 1),
            new(type, RuleKind.支部党员大会, PeriodUnit.季, 1),
            new(type, RuleKind.党课, PeriodUnit.季, 1),
            new(type, RuleKind.书记讲党课, PeriodUnit.年, 1),
            new(type, RuleKind.主题党日, PeriodUnit.月, 1, DefaultThemeDayRate),
        };
        if (type != OrgType.临时党支部)
        {
            list.Add(new(type, RuleKind.组织生活会, PeriodUnit.年, 1));
            list.Add(new(type, RuleKind.民主评议党员, PeriodUnit.年, 1));
            list.Add(new(type, RuleKind.谈心谈话, PeriodUnit.年, 1));
        }
        return list.AsReadOnly();
    }

    /// <summary>
    /// The rule in effect for a type and kind on a day: the override with the latest EffectiveFrom that is in
    /// effect that day, else the default (null when the kind has no default for the type).
    /// </summary>
    public static ComplianceRule? RuleOn(OrgType type, RuleKind kind, DateOnly day, IEnumerable<ComplianceRule> overrides) =>
        overrides.Where(r => r.OrgType == type && r.Kind == kind && r.InEffectOn(day))
                 .OrderByDescending(r => r.EffectiveFrom ?? DateOnly.MinValue).FirstOrDefault()
        ?? Defaults(type).FirstOrDefault(r => r.Kind == kind);

    /// <summary>
    /// Whether something that existed over [created, dissolved) owes a requirement of the period: it must have
    /// existed on at least half of the period's days. A branch created on 16 August (16 of 31 days) owes
    /// August's meetings, one created on the 17th does not; periods that ended before it existed, or began after
    /// it was dissolved, owe nothing; a yearly rule is owed by a branch created by 2 July (183 of 365 days).
    /// Dissolution works the same way from the other end.
    /// </summary>
    public static bool Owes(DateOnly created, DateOnly? dissolved, Period p)
    {
        var from = created > p.Start ? created : p.Start;
        var toExclusive = dissolved is { } d && d <= p.End ? d : p.End.AddDays(1);
        var days = toExclusive.DayNumber - from.DayNumber;
        return days > 0 && days * 2 >= p.Days;
    }

    /// <summary>A member counts for the year's 谈心谈话 when in the branch on at least half of the year's days (the same rule as <see cref="Owes"/>).</summary>
    public static bool MemberNeedsTalk(DateOnly inBranchSince, DateOnly? leftOn, int year) => Owes(inBranchSince, leftOn, Period.OfYear(year));

    /// <summary>The first day of the month (China time) in which a meeting was held: the month it counts for.</summary>
    public static DateOnly MonthOf(DateTimeOffset heldAt)
    {
        var local = TimeZoneInfo.ConvertTime(heldAt, ChineseDates.China);
        return new DateOnly(local.Year, local.Month, 1);
    }

    public static string Percent(double rate) => ((int)Math.Round(rate * 100, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture) + "%";

    public static string PercentDown(double rate) => ((int)Math.Floor(Math.Round(rate * 100, 6))).ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>Bootstrap badge colour of a status.</summary>
    public static string Badge(ComplianceStatus s) => s switch
    {
        ComplianceStatus.达标 => "text-bg-success",
        ComplianceStatus.进行中 => "text-bg-info",
        ComplianceStatus.预警 => "text-bg-warning",
        _ => "text-bg-danger",
    };

    /// <summary>
    /// Evaluates one branch for one period. For each rule, the periods of the rule's frequency that END inside
    /// the evaluated period are required (a quarter needs three monthly 支委会; a yearly rule is checked in the
    /// period that holds 31 December, over the whole year). A required period is dropped when the branch did not
    /// owe it (<see cref="Owes"/>) or an exemption covers the part of it the branch existed. The status of a gap
    /// is 未达标 when its period has ended (before today), 预警 when it ends within <paramref name="warningDays"/>
    /// days, 进行中 otherwise; the branch takes the worst.
    /// </summary>
    public static BranchOutcome Evaluate(BranchFacts b, Period period, IEnumerable<ComplianceRule> overrides, DateOnly today, int warningDays = DefaultWarningDays) =>
        Evaluate(b, PlanFor(b.Type, period, overrides as IReadOnlyCollection<ComplianceRule> ?? overrides.ToList()), today, warningDays);

    /// <summary>
    /// What a branch type owes in a period, rule by rule: the sub-periods (of each rule's frequency) that end inside
    /// the period and the rule in effect for each. It depends only on the type, the period and the overrides, so a
    /// rollup over 50,000 branches works it out once per type rather than once per branch.
    /// </summary>
    public sealed record RulePlan(Period Period, IReadOnlyList<(RuleKind Kind, PeriodUnit Unit, IReadOnlyList<(Period Due, ComplianceRule Rule)> Due)> Rules);

    public static RulePlan PlanFor(OrgType type, Period period, IReadOnlyCollection<ComplianceRule> overrides)
    {
        var rules = new List<(RuleKind, PeriodUnit, IReadOnlyList<(Period, ComplianceRule)>)>();
        if (!IsEvaluated(type)) return new RulePlan(period, rules);
        foreach (var kind in AllKinds)
            foreach (var unit in new[] { PeriodUnit.月, PeriodUnit.季, PeriodUnit.年 })
            {
                var due = new List<(Period, ComplianceRule)>();
                foreach (var rp in period.DueWithin(unit))
                {
                    var rule = RuleOn(type, kind, rp.End, overrides);
                    if (rule is null || rule.Frequency != unit || rule.MinCount <= 0) continue;
                    due.Add((rp, rule));
                }
                if (due.Count > 0) rules.Add((kind, unit, due));
            }
        return new RulePlan(period, rules);
    }

    public static BranchOutcome Evaluate(BranchFacts b, RulePlan plan, DateOnly today, int warningDays = DefaultWarningDays)
    {
        var period = plan.Period;
        var outcomes = new List<RuleOutcome>();
        if (!IsEvaluated(b.Type)) return new BranchOutcome(b.OrgId, b.Name, period, ComplianceStatus.达标, outcomes);

        var i = 0;
        while (i < plan.Rules.Count)
        {
            var kind = plan.Rules[i].Kind;
            var required = 0; var held = 0; var missing = 0;
            List<ComplianceGap>? gaps = null;
            var periods = new List<Period>();
            PeriodUnit? frequency = null;
            for (; i < plan.Rules.Count && plan.Rules[i].Kind == kind; i++)
            {
                var (_, unit, due) = plan.Rules[i];
                foreach (var (rp, rule) in due)
                {
                    if (!Owes(b.CreatedOn, b.DissolvedOn, rp)) continue;
                    if (b.Exemptions.Count > 0)
                    {
                        var activeFrom = b.CreatedOn > rp.Start ? b.CreatedOn : rp.Start;
                        var activeTo = b.DissolvedOn is { } d && d <= rp.End ? d.AddDays(-1) : rp.End;
                        if (b.Exemptions.Exists(e => e.Covers(kind, activeFrom, activeTo))) continue;
                    }

                    var (need, got, message) = Check(b, kind, rule, rp);
                    if (need == 0) continue;
                    frequency = unit;
                    periods.Add(rp);
                    required += need; held += got;
                    if (message is null) continue;
                    missing += Math.Max(need - got, 0);
                    (gaps ??= []).Add(new ComplianceGap(kind, rp, message, GapStatus(rp, today, warningDays)));
                }
            }
            if (frequency is null) continue;
            var status = gaps is null ? ComplianceStatus.达标 : gaps.Max(g => g.Status);
            outcomes.Add(new RuleOutcome(kind, frequency.Value, required, held, missing, status, (IReadOnlyList<ComplianceGap>?)gaps ?? [], periods));
        }
        var overall = ComplianceStatus.达标;
        foreach (var o in outcomes) if (o.Status > overall) overall = o.Status;
        return new BranchOutcome(b.OrgId, b.Name, period, overall, outcomes);
    }

    public static ComplianceStatus GapStatus(Period rp, DateOnly today, int warningDays)
    {
        if (rp.End < today) return ComplianceStatus.未达标;
        return rp.End.DayNumber - today.DayNumber <= warningDays ? ComplianceStatus.预警 : ComplianceStatus.进行中;
    }

    /// <summary>(应开, 已开 counted towards it, the gap's message or null).</summary>
    private static (int Need, int Got, string? Message) Check(BranchFacts b, RuleKind kind, ComplianceRule rule, Period rp)
    {
        // plain loops, no LINQ: the rollup of a province calls this about 500,000 times
        // the same words whichever period is viewed: "2026年9月未召开支部委员会" in the month, the quarter and the year
        string Counted(string name, int need, int got) => got == 0 && need == 1
            ? $"{rp.Label}未召开{name}"
            : $"{rp.Label}{name}应开{need}次、已开{got}次";

        switch (kind)
        {
            case RuleKind.谈心谈话:
                {
                    var cov = b.Talks.GetValueOrDefault(rp.Year) ?? new TalkCoverage(0, 0);
                    if (cov.Required == 0) return (0, 0, null);
                    var talked = Math.Min(cov.Talked, cov.Required);
                    return talked >= cov.Required
                        ? (cov.Required, talked, null)
                        : (cov.Required, talked, $"{rp.Label}谈心谈话应谈{cov.Required}人、已谈{talked}人，尚有{cov.Required - talked}人未谈");
                }
            case RuleKind.党小组会:
                {
                    if (b.Groups.Count == 0) return (0, 0, null);
                    // each 党小组 that owed the month holds its own; the branch is short by the groups that did not
                    var need = 0; var got = 0;
                    foreach (var m in rp.Months)
                    {
                        var owing = 0;
                        foreach (var g in b.Groups) if (Owes(g.CreatedOn, g.DissolvedOn, m)) owing++;
                        need += owing * rule.MinCount;
                        got += Math.Min(b.Months.GetValueOrDefault(m.Start)?.GroupsMet ?? 0, owing) * rule.MinCount;
                    }
                    if (need == 0) return (0, 0, null);
                    return got >= need ? (need, got, null) : (need, got, Counted("党小组会", need, got));
                }
            case RuleKind.书记讲党课:
                {
                    var got = 0;
                    foreach (var m in rp.Months) if (b.Months.TryGetValue(m.Start, out var f)) got += f.SecretaryLectures;
                    return got >= rule.MinCount
                        ? (rule.MinCount, got, null)
                        : (rule.MinCount, got, got == 0 && rule.MinCount == 1 ? $"{rp.Label}支部书记未讲党课" : $"{rp.Label}支部书记应讲党课{rule.MinCount}次、已讲{got}次");
                }
            default:
                {
                    var mk = MeetingKind(kind);
                    var got = 0;
                    double? bestRate = null;
                    foreach (var m in rp.Months)
                        if (b.Months.TryGetValue(m.Start, out var f))
                        {
                            got += f.Count(mk);
                            if (f.ThemeDayBestRate is { } r && (bestRate is null || r > bestRate)) bestRate = r;
                        }
                    if (got < rule.MinCount) return (rule.MinCount, got, Counted(kind.ToString(), rule.MinCount, got));
                    if (kind == RuleKind.主题党日 && rule.MinAttendanceRate is { } min and > 0)
                    {
                        var best = bestRate ?? 0;
                        // shown rounded down, so 49.6% reads "49%，低于50%" rather than "50%，低于50%"
                        if (Math.Round(best * 100, 6) < Math.Round(min * 100, 6))
                            return (rule.MinCount, got, $"{rp.ShortLabel}主题党日出席率{PercentDown(best)}，低于{Percent(min)}");
                    }
                    return (rule.MinCount, got, null);
                }
        }
    }
}

/// <summary>An override of a default rule (compliance_rules), set by the 党委管理员 with effective dates.</summary>
public sealed class ComplianceRuleOverride
{
    public long Id { get; set; }
    public OrgType OrgType { get; set; }
    public RuleKind Kind { get; set; }
    public PeriodUnit Frequency { get; set; }
    public int MinCount { get; set; }
    public double? MinAttendanceRate { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public ComplianceRule ToRule() => new(OrgType, Kind, Frequency, MinCount, MinAttendanceRate, EffectiveFrom, EffectiveTo);
}

/// <summary>An exemption (compliance_exemptions): the organization and the branches under it need not hold the kind (null: any) in [FromDate, ToDate].</summary>
public sealed class ComplianceExemption
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public RuleKind? Kind { get; set; }
    public DateOnly FromDate { get; set; }
    public DateOnly ToDate { get; set; }
    public required string Reason { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public ComplianceExemptionRange ToRange() => new(OrgId, Kind, FromDate, ToDate, Reason);
}

/// <summary>A compliance reminder already sent; the unique (OrgId, Key) sends each once, whichever instance runs.</summary>
public sealed class ComplianceReminderSent
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public required string Key { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>A message waiting for an SMS or WeChat gateway (SentAt null until it is sent).</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public long? UserId { get; set; }
    public string? Phone { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>
/// One row of meeting_month_stats: the valid held meetings (已召开, quorum met) of an organization in a month (China
/// time), kept by database triggers on meetings and terms. Read-only for the application.
/// </summary>
public sealed class MeetingMonthStat
{
    public long OrgId { get; set; }
    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; set; }
    public int GeneralMeetings { get; set; }
    public int CommitteeMeetings { get; set; }
    public int GroupMeetings { get; set; }
    public int Lessons { get; set; }
    public int ThemeDays { get; set; }
    public int LifeMeetings { get; set; }
    public int Appraisals { get; set; }
    public int TalkMeetings { get; set; }
    public double? ThemeMinRate { get; set; }
    public double? ThemeMaxRate { get; set; }
    public int SecretaryLessons { get; set; }
}
