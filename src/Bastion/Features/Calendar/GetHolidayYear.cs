using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Calendar;

/// <summary>
/// One year of the holiday calendar, for everyone signed in: the days off and the 调休 workdays, or <c>recorded: false</c>
/// when the year's arrangement is not recorded (working days touching it are then 暂算).
/// </summary>
public sealed class GetHolidayYear(AppDbContext db)
{
    public sealed record Response(int Year, bool Recorded, DateOnly[] DaysOff, DateOnly[] MakeupWorkdays, string? Source, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/calendar/{year:long}", async (long year, GetHolidayYear handler, CancellationToken ct) => (await handler.Handle(year, ct)).ToHttp())
           .RequireSignedIn()
           .WithSummary("某年的节假日安排（放假日期、调休上班日期；recorded 为 false 表示该年未录入，涉及该年的工作日计算为暂算）")
           .Produces<Response>().ProducesValidationProblem();

    public async Task<Result<Response>> Handle(long year, CancellationToken ct = default)
    {
        if (HolidayArrangementRules.CheckYear(year) is { } bad) return Result.Invalid("year", bad);
        var y = (int)year;
        var row = await db.Set<HolidayArrangement>().AsNoTracking().FirstOrDefaultAsync(h => h.Year == y, ct);
        return row is null
            ? new Response(y, false, [], [], null, null, null)
            : new Response(y, true, [.. row.DaysOff.Order()], [.. row.MakeupWorkdays.Order()], row.Source, row.UpdatedAt, row.UpdatedBy);
    }
}
