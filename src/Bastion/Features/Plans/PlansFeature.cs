using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Features.Plans;

/// <summary>Services and API endpoints of planning organizational life (工作计划).</summary>
public static class PlansFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<SavePlan>();
        services.AddScoped<CancelPlan>();
        services.AddScoped<SetThemeDay>();
        services.AddScoped<GenerateThemeDayPlans>();
        services.AddScoped<CopyLastYearPlans>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        ListPlans.Map(api);
        SavePlan.Map(api);
    }

    /// <summary>Plans belong to a branch that has not been dissolved; returns the reason otherwise.</summary>
    public static string? CheckBranch(Organization org) =>
        !OrgRules.IsBranch(org.Type) ? "只有党支部（含联合党支部、临时党支部）可以制定组织生活计划，请先选择党支部"
        : org.Status != OrgStatus.正常 ? "该党支部已撤销，不能制定计划" : null;

    public static Result OrgError(string message) => Result.Invalid("orgId", message);
}
