using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bastion.Features.Compliance;

/// <summary>Services and API endpoints of the compliance engine (组织生活达标).</summary>
public static class ComplianceFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ComplianceCache>();
        services.AddScoped<ComplianceEngine>();
        services.AddScoped<AddComplianceRule>();
        services.AddScoped<RemoveComplianceRule>();
        services.AddScoped<AddComplianceExemption>();
        services.AddScoped<RemoveComplianceExemption>();
        services.AddHostedService<ComplianceReminderJob>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        GetCompliance.Map(api);
    }
}
