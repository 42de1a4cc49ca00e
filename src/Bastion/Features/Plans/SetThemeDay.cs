using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>Fixes the day of month (1–28), time and place of a branch's monthly 主题党日.</summary>
public sealed class SetThemeDay(AppDbContext db, TimeProvider clock)
{
    public sealed record Request(int? Day, TimeOnly? Time, string? Place);

    public static Task<BranchSetting?> GetAsync(AppDbContext db, long orgId, CancellationToken ct = default) =>
        db.Set<BranchSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.OrgId == orgId, ct);

    public async Task<Result> Handle(Organization org, Request req, string? by, CancellationToken ct = default)
    {
        if (PlansFeature.CheckBranch(org) is { } orgError) return PlansFeature.OrgError(orgError);
        var errors = new Dictionary<string, string[]>();
        if (req.Day is null) errors["themeDay"] = ["请填写每月主题党日的日期"];
        else if (req.Day is < 1 or > 28) errors["themeDay"] = ["主题党日应固定在每月1日至28日之间"];
        if (req.Place?.Trim().Length > PlanRules.MaxPlace) errors["themePlace"] = [$"地点不能超过{PlanRules.MaxPlace}个字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var s = await db.Set<BranchSetting>().FirstOrDefaultAsync(x => x.OrgId == org.Id, ct);
        if (s is null) db.Add(s = new BranchSetting { OrgId = org.Id });
        s.ThemeDay = (short)req.Day!.Value;
        s.ThemeTime = req.Time ?? PlanRules.DefaultThemeTime;
        s.ThemePlace = string.IsNullOrWhiteSpace(req.Place) ? null : req.Place.Trim();
        s.UpdatedAt = clock.GetUtcNow();
        s.UpdatedBy = by;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
