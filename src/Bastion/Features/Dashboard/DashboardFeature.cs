namespace Bastion.Features.Dashboard;

/// <summary>工作台: the organization's figures (cached per database snapshot). Called from FeatureRegistry.</summary>
public static class DashboardFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<DashboardCache>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
