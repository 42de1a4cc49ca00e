using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>
/// Creates the year's 12 主题党日 plans on the branch's fixed day, skipping months that already have a 主题党日
/// (planned or held) and days already past.
/// </summary>
public sealed class GenerateThemeDayPlans(AppDbContext db, TimeProvider clock)
{
    public sealed record Outcome(int Created, int Existing, int Past);

    /// <summary>How many plans were made and skipped, or why none could be (invalid organization or year, a conflict with the branch's settings or records).</summary>
    public async Task<Result<Outcome>> Handle(Organization org, int year, string? by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        if (PlansFeature.CheckBranch(org) is { } orgError) return PlansFeature.OrgError(orgError);
        if (year < today.Year || year > today.Year + 1) return Result.Invalid("year", "只能生成今年或明年的主题党日计划");
        var s = await SetThemeDay.GetAsync(db, org.Id, ct);
        if (s?.ThemeDay is not { } day) return Result.Conflict("请先设置每月主题党日的固定日期");

        var existing = await PlanQueries.SlotsAsync(db, org.Id, year, ct);
        var created = 0; var skippedExisting = 0; var past = 0;
        for (var month = 1; month <= 12; month++)
        {
            var date = PlanRules.ThemeDayIn(year, month, day);
            var slot = new PlanRules.Slot(date, MeetingKinds.主题党日, $"{month}月主题党日");
            if (existing.Any(e => PlanRules.IsDuplicate(e, slot))) { skippedExisting++; continue; }
            if (date < today) { past++; continue; }
            db.Add(new Meeting
            {
                OrgId = org.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = PlanRules.At(date, s.ThemeTime),
                Topic = slot.Topic, Place = s.ThemePlace, CreatedAt = now, CreatedBy = by,
            });
            existing.Add(slot);
            created++;
        }
        await db.SaveChangesAsync(ct);
        return new Outcome(created, skippedExisting, past);
    }
}
