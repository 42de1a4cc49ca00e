using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Calendar;

/// <summary>
/// The count every step uses (公示 ≥5 working days): the <c>count</c>-th working day from <c>from</c> (the start counts
/// when it is a working day), the day after it, and whether a year without a recorded calendar was crossed (暂算).
/// </summary>
public sealed class CountWorkingDays(HolidayCalendar calendar)
{
    public const int MaxCount = 250;

    public sealed record Response(DateOnly From, int Count, DateOnly LastDay, DateOnly NextDay, bool Provisional, string? Note);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/calendar/working-days", async (DateOnly? from, int? count, CountWorkingDays handler, CancellationToken ct) =>
                (await handler.Handle(from, count, ct)).ToHttp())
           .RequireSignedIn()
           .WithSummary("按节假日安排（含调休）计算工作日：from 起第 count 个工作日（默认 5，起始日为工作日时计入）；provisional 为 true 表示涉及未录入的年份，结果为暂算")
           .Produces<Response>().ProducesValidationProblem();

    public async Task<Result<Response>> Handle(DateOnly? from, int? count, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (from is null) errors["from"] = ["请填写起始日期（yyyy-mm-dd）"];
        else if (HolidayArrangementRules.CheckYear(from.Value.Year) is { } bad) errors["from"] = [bad];
        var n = count ?? 5;
        if (n is < 1 or > MaxCount) errors["count"] = [$"工作日天数须在1至{MaxCount}之间"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var cal = await calendar.LoadAsync(ct);
        var span = cal.Count(from!.Value, n);
        return new Response(from.Value, n, span.LastDay, span.NextDay, span.Provisional, Note(cal, from.Value, span.LastDay));
    }

    /// <summary>The 暂算 notice naming the years without a recorded arrangement between the two days; null when none.</summary>
    public static string? Note(WorkingDayCalendar cal, DateOnly from, DateOnly to)
    {
        var missing = Enumerable.Range(from.Year, to.Year - from.Year + 1).Where(y => !cal.Knows(y)).ToList();
        return missing.Count == 0 ? null
            : $"{string.Join("、", missing.Select(y => $"{y}年"))}节假日安排尚未录入，按周一至周五计算，结果为暂算";
    }
}
