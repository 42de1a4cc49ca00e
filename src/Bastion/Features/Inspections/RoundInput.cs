using Bastion.Domain;

namespace Bastion.Features.Inspections;

/// <summary>A round as written (plan, dates, 一次一授权): the request, its checks and its copy onto the round. Used by <see cref="CreateInspectionRound"/> and <see cref="UpdateInspectionRound"/>.</summary>
public static class RoundInput
{
    public const int NameMax = 100, PlanMax = 4000, AuthorizedByMax = 100, AuthorizationNoMax = 50, ScopeMax = 1000, ReasonMax = 500;

    /// <summary>A round as written (API JSON in camelCase); targetOrgIds only when creating.</summary>
    public sealed record Request(
        string? Name, int? Year, string? Plan, DateOnly? StartsOn, DateOnly? EndsOn,
        string? AuthorizedBy, string? AuthorizationNo, DateOnly? AuthorizedOn, string? AuthorizationScope, IReadOnlyList<long>? TargetOrgIds = null);

    /// <summary>The field errors of a round (dates no further ahead than planning allows; 一次一授权 complete and before the start).</summary>
    public static Dictionary<string, string[]> Validate(Request req, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        var name = req.Name?.Trim();
        if (string.IsNullOrEmpty(name)) e["name"] = ["请填写巡察轮次名称"];
        else if (name.Length > NameMax) e["name"] = [$"名称不超过{NameMax}字"];
        if (req.Year is not { } y || y < 2000 || y > 2100) e["year"] = ["请填写巡察年度（如 2026）"];
        if (req.StartsOn is null) e["startsOn"] = ["请填写开始日期"];
        else if (PlanningDates.CheckLatest(req.StartsOn.Value, today, "开始日期") is { } farStart) e["startsOn"] = [farStart];
        if (req.EndsOn is null) e["endsOn"] = ["请填写结束日期"];
        else if (req.StartsOn is { } s && req.EndsOn < s) e["endsOn"] = ["结束日期不能早于开始日期"];
        else if (PlanningDates.CheckLatest(req.EndsOn.Value, today, "结束日期") is { } farEnd) e["endsOn"] = [farEnd];
        if ((req.Plan?.Length ?? 0) > PlanMax) e["plan"] = [$"巡察工作计划不超过{PlanMax}字"];
        if (string.IsNullOrWhiteSpace(req.AuthorizedBy)) e["authorizedBy"] = ["一次一授权：请填写授权主体（如 集团公司党委）"];
        else if (req.AuthorizedBy.Trim().Length > AuthorizedByMax) e["authorizedBy"] = [$"授权主体不超过{AuthorizedByMax}字"];
        if (string.IsNullOrWhiteSpace(req.AuthorizationNo)) e["authorizationNo"] = ["一次一授权：请填写授权文号"];
        else if (req.AuthorizationNo.Trim().Length > AuthorizationNoMax) e["authorizationNo"] = [$"授权文号不超过{AuthorizationNoMax}字"];
        if (req.AuthorizedOn is null) e["authorizedOn"] = ["一次一授权：请填写授权日期"];
        else if (req.StartsOn is { } s2 && req.AuthorizedOn > s2) e["authorizedOn"] = ["授权日期应早于巡察开始日期（先授权，后巡察）"];
        if ((req.AuthorizationScope?.Trim().Length ?? 0) > ScopeMax) e["authorizationScope"] = [$"授权范围不超过{ScopeMax}字"];
        return e;
    }

    /// <summary>Copies the request onto the round.</summary>
    public static void Apply(InspectionRound r, Request req)
    {
        r.Name = req.Name!.Trim();
        r.Year = req.Year!.Value;
        r.Plan = InspectionInput.Clean(req.Plan);
        r.StartsOn = req.StartsOn!.Value;
        r.EndsOn = req.EndsOn!.Value;
        r.AuthorizedBy = InspectionInput.Clean(req.AuthorizedBy);
        r.AuthorizationNo = InspectionInput.Clean(req.AuthorizationNo);
        r.AuthorizedOn = req.AuthorizedOn;
        r.AuthorizationScope = InspectionInput.Clean(req.AuthorizationScope);
    }
}
