using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Features.Appraisals;

/// <summary>Services of 民主评议党员.</summary>
public static class AppraisalsFeature
{
    public const int MaxText = 2000;

    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<OpenAppraisalRound>();
        services.AddScoped<SaveAppraisalEntry>();
        services.AddScoped<FinishAppraisalRound>();
        services.AddScoped<CloseAppraisalFollowUp>();
    }

    public static void MapApi(RouteGroupBuilder api) => ListAppraisals.Map(api);

    public static string? CheckBranch(Organization org) =>
        !OrgRules.IsBranch(org.Type) ? "民主评议党员由党支部组织，请先在顶部切换到党支部"
        : org.Status != OrgStatus.正常 ? "该党支部已撤销，不能组织民主评议" : null;

    public static Result Error(string key, string message) => Result.Invalid(key, message);
}
