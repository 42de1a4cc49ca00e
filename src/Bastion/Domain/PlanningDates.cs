namespace Bastion.Domain;

/// <summary>
/// The sanity bound of dates people plan with (a ledger deadline, a plan's date, an inspection round): no later than
/// <see cref="MaxYearsAhead"/> calendar years from today in China (29 February clamps to the 28th), so 9999-12-31 or a
/// mistyped 2206 is refused with the latest allowed date instead of sitting in every list as a commitment nobody owns.
/// </summary>
public static class PlanningDates
{
    public const int MaxYearsAhead = 10;

    /// <summary>The latest date a plan may name today.</summary>
    public static DateOnly Latest(DateOnly today) => today.AddYears(MaxYearsAhead);

    /// <summary>Null when the date lies within the bound; else a Chinese message naming the rule and the latest allowed date.</summary>
    public static string? CheckLatest(DateOnly date, DateOnly today, string label) =>
        date > Latest(today) ? $"{label}不能晚于{ChineseDates.Date(Latest(today))}（最远为今天起{MaxYearsAhead}年）" : null;
}
