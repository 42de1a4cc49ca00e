using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>
/// 复制去年计划: last year's planned and held meetings of the branch (types, topic, place, time) become plans in
/// the same month of the target year — a 主题党日 on the fixed day, anything else on the same day of month,
/// clamped. Duplicates and days already past are skipped.
/// </summary>
public sealed class CopyLastYearPlans(AppDbContext db, TimeProvider clock)
{
    public sealed record Outcome(int Created, int Duplicates, int Past, int Source);

    /// <summary>How many plans were made and skipped, or why none could be (invalid organization or year, a conflict with the branch's settings or records).</summary>
    public async Task<Result<Outcome>> Handle(Organization org, int year, string? by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        if (PlansFeature.CheckBranch(org) is { } orgError) return PlansFeature.OrgError(orgError);
        if (year < today.Year || year > today.Year + 1) return Result.Invalid("year", "只能复制到今年或明年");
        var themeDay = (await SetThemeDay.GetAsync(db, org.Id, ct))?.ThemeDay;
        var (from, to) = PlanQueries.YearRange(year - 1);
        var source = await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.OrgId == org.Id && m.HeldAt >= from && m.HeldAt < to && m.State != MeetingState.已取消)
            .OrderBy(m => m.HeldAt).ThenBy(m => m.Id)
            .Select(m => new { m.Kinds, m.HeldAt, m.Topic, m.Place }).ToListAsync(ct);
        if (source.Count == 0) return Result.Conflict($"{year - 1}年没有可复制的计划或会议");

        var existing = await PlanQueries.SlotsAsync(db, org.Id, year, ct);
        var created = 0; var duplicates = 0; var past = 0;
        foreach (var m in source)
        {
            var date = PlanRules.CopyDate(PlanRules.LocalDate(m.HeldAt), m.Kinds, themeDay, year);
            var slot = new PlanRules.Slot(date, m.Kinds, m.Topic);
            if (existing.Any(e => PlanRules.IsDuplicate(e, slot))) { duplicates++; continue; }
            if (date < today) { past++; continue; }
            db.Add(new Meeting
            {
                OrgId = org.Id, Kinds = m.Kinds, State = MeetingState.计划, HeldAt = PlanRules.At(date, PlanRules.LocalTime(m.HeldAt)),
                Topic = m.Topic, Place = m.Place, CreatedAt = now, CreatedBy = by,
            });
            existing.Add(slot);
            created++;
        }
        await db.SaveChangesAsync(ct);
        return new Outcome(created, duplicates, past, source.Count);
    }
}
