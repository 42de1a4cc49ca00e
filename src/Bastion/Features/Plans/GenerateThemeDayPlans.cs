using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>
/// Creates the year's 12 主题党日 plans on the branch's fixed day, skipping months that already have a 主题党日
/// (planned or held) and days already past.
/// </summary>
public sealed class GenerateThemeDayPlans(AppDbContext db)
{
    public sealed record Outcome(int Created, int Existing, int Past);

    public async Task<(Outcome? Outcome, string? Error)> Handle(Organization org, int year, DateOnly today, string? by, CancellationToken ct = default)
    {
        if (PlansFeature.CheckBranch(org) is { } orgError) return (null, orgError);
        if (year < today.Year || year > today.Year + 1) return (null, "只能生成今年或明年的主题党日计划");
        var s = await SetThemeDay.GetAsync(db, org.Id, ct);
        if (s?.ThemeDay is not { } day) return (null, "请先设置每月主题党日的固定日期");

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
                Topic = slot.Topic, Place = s.ThemePlace, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = by,
            });
            existing.Add(slot);
            created++;
        }
        await db.SaveChangesAsync(ct);
        return (new Outcome(created, skippedExisting, past), null);
    }
}
