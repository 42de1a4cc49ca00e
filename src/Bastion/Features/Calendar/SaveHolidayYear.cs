using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Calendar;

/// <summary>
/// The 系统管理员 records or replaces one year's holiday arrangement (the days off, the 调休 workdays and where they come
/// from). Every date belongs to the year; a 调休 workday is a Saturday or Sunday; no date is both (refused with the rule).
/// The change is audited with the row, in the same transaction.
/// </summary>
public sealed class SaveHolidayYear(AppDbContext db, AuditActor actor, TimeProvider clock)
{
    public sealed record Request(string? Source, DateOnly[]? DaysOff, DateOnly[]? MakeupWorkdays);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/calendar/{year:long}", async (long year, Request req, SaveHolidayYear handler, GetHolidayYear get, CancellationToken ct) =>
                await (await handler.Handle(year, req, ct)).ToHttpAsync(async () => (await get.Handle(year, ct)).ToHttp()))
           .Require(Permission.CalendarManage, OrgFrom.None)
           .WithSummary("录入或修改某年的节假日安排（source 必填；daysOff 放假日期，可含周末；makeupWorkdays 调休上班日期，须为周六或周日）")
           .Produces<GetHolidayYear.Response>().ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);

    /// <summary>Field errors under "year", "source", "daysOff", "makeupWorkdays"; rule refusals under "makeupWorkdays".</summary>
    public async Task<Result> Handle(long year, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (HolidayArrangementRules.CheckYear(year) is { } badYear) return Result.Invalid("year", badYear);
        var y = (int)year;
        if (HolidayArrangementRules.CheckSource(req.Source) is { } badSource) errors["source"] = [badSource];
        DateOnly[] daysOff = [.. (req.DaysOff ?? []).Distinct().Order()];
        DateOnly[] makeup = [.. (req.MakeupWorkdays ?? []).Distinct().Order()];
        foreach (var (field, messages) in HolidayArrangementRules.OutsideYear(y, daysOff, makeup)) errors[field] = messages;
        if (errors.Count > 0) return Result.Invalid(errors);
        if (HolidayArrangementRules.Refusal(daysOff, makeup) is { } refusal)
            return Result.Refused(refusal.Rule, refusal.Message, null, refusal.Field);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Set<HolidayArrangement>().FirstOrDefaultAsync(h => h.Year == y, ct);
        var source = req.Source!.Trim();
        if (row is not null && row.Source == source && row.DaysOff.Order().SequenceEqual(daysOff) && row.MakeupWorkdays.Order().SequenceEqual(makeup))
            return Result.Ok; // nothing changed: nothing to audit
        if (row is null) db.Add(row = new HolidayArrangement { Year = y });
        row.Source = source;
        row.DaysOff = daysOff;
        row.MakeupWorkdays = makeup;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = actor.UserName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict($"{y}年的安排刚由他人录入，请刷新后再修改");
        }
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
