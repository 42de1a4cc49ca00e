namespace Bastion.Domain;

/// <summary>
/// What a development case waits for next, stored beside it (table development_queue) so that the 党委's queue filters,
/// counts and pages a whole subtree in SQL. Derived from the steps by <see cref="DevelopmentQueueFacts.Of"/>; database
/// triggers mark the row <see cref="Stale"/> when the case's steps or state change, and the list refreshes stale rows
/// before it reads. Nothing personal: a step code and dates.
/// </summary>
public sealed class DevelopmentQueueEntry
{
    public long CaseId { get; set; }
    /// <summary>The step due next (<see cref="DevelopmentGates.Next"/>), null when nothing is.</summary>
    public string? NextStep { get; set; }
    /// <summary>Its deadline: overdue from the day after.</summary>
    public DateOnly? NextDue { get; set; }
    /// <summary>预备期满 (once the 支部大会 and the approval are recorded, with an approved extension).</summary>
    public DateOnly? ProbationEndsOn { get; set; }
    /// <summary>The first and the day after the last day the values hold (the half-year 考察 moves with the date); null: unbounded.</summary>
    public DateOnly? FreshFrom { get; set; }
    public DateOnly? FreshUntil { get; set; }
    public bool Stale { get; set; } = true;
}

/// <summary>The stored queue values of a case, and the days they hold (pure).</summary>
public sealed record DevelopmentQueueFacts(string? NextStep, DateOnly? NextDue, DateOnly? ProbationEndsOn, DateOnly? FreshFrom, DateOnly? FreshUntil)
{
    /// <summary>
    /// The next step and its deadline as the timeline says on <paramref name="today"/>, and the span of days over which that
    /// answer stays the same: only the half-year 考察 between steps 5 and 7 depends on the day (each window of
    /// <see cref="DevelopmentRulePack.ReviewWindowMonths"/> months asks for its own record until the 12 months are up).
    /// The holiday calendar changes only the earliest day of a step, which is not stored.
    /// </summary>
    public static DevelopmentQueueFacts Of(DevelopmentRulePack pack, DevelopmentState state, IReadOnlyList<StepEntry> steps, DateOnly today)
    {
        var next = DevelopmentGates.Next(pack, state, steps, today, WorkingDayCalendar.Empty);
        DateOnly? from = null, until = null;
        if (next is { Step: "6" or "7" } && steps.Any(s => s.Step == "5") && steps.LastOrDefault(s => s.Step == "3") is { } activist)
        {
            var ready = activist.On.AddMonths(pack.ActivistMonths);
            if (today < ready)
            {
                var (start, end) = DevelopmentGates.ReviewWindow(pack, activist.On, today);
                from = start < today ? start : today;
                until = end.AddDays(1) < ready ? end.AddDays(1) : ready;
            }
            else from = ready;
        }
        return new(next?.Step, next?.DueBy, ProbationEndOf(pack, steps), from, until);
    }

    /// <summary>预备期满 once the 支部大会 (step 15) and an approving 17 are recorded (extended when an extension was approved).</summary>
    public static DateOnly? ProbationEndOf(DevelopmentRulePack pack, IReadOnlyList<StepEntry> steps) =>
        steps.LastOrDefault(s => s.Step == "15") is { } meeting && steps.Any(s => s.Step == "17" && s.Fields.Approved != false)
            ? DevelopmentGates.ProbationEnds(pack, meeting.On, DevelopmentGates.ApprovedExtension(steps))
            : null;

    /// <summary>Whether the stored values still hold on the day.</summary>
    public bool HoldsOn(DateOnly day) => (FreshFrom is null || FreshFrom <= day) && (FreshUntil is null || day < FreshUntil);
}
