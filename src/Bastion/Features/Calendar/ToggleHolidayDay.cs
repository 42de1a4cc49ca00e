using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Calendar;

/// <summary>
/// One tap on the month grid (/Admin/Calendar): the day moves 普通 → 休 → 班 (Saturday/Sunday only) → 普通 in a recorded
/// year. The row is locked while it changes, so two administrators tapping at once do not undo each other; audited.
/// </summary>
public sealed class ToggleHolidayDay(AppDbContext db, AuditActor actor, TimeProvider clock)
{
    /// <summary>The day's new kind; Conflict when its year is not recorded (the page asks for the source and dates first).</summary>
    public async Task<Result<HolidayDayKind>> Handle(DateOnly day, CancellationToken ct = default)
    {
        if (HolidayArrangementRules.CheckYear(day.Year) is { } bad) return Result.Invalid("day", bad);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Set<HolidayArrangement>().FromSql($"SELECT * FROM holiday_years WHERE year = {day.Year} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (row is null) return Result.Conflict($"{day.Year}年的安排尚未录入，请先在下方填写依据和日期并保存");

        var next = HolidayArrangementRules.Toggle(day, HolidayArrangementRules.KindOf(day, row.DaysOff.ToHashSet(), row.MakeupWorkdays.ToHashSet()));
        var off = row.DaysOff.Where(d => d != day).ToList();
        var worked = row.MakeupWorkdays.Where(d => d != day).ToList();
        if (next == HolidayDayKind.休) off.Add(day);
        if (next == HolidayDayKind.班) worked.Add(day);
        if (HolidayArrangementRules.Refusal(off, worked) is { } refusal)
            return Result.Refused(refusal.Rule, refusal.Message, null, "day");

        row.DaysOff = [.. off.Order()];
        row.MakeupWorkdays = [.. worked.Order()];
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return next;
    }
}
