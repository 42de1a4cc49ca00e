namespace Bastion.Features.Dues;

/// <summary>Party dues' (党费) services and API (called from FeatureRegistry).</summary>
public static class DuesFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<DuesAssessment>();
        Months.DuesMonthsFeature.AddServices(services);
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        Months.DuesMonthsFeature.MapApi(api);
    }
}
