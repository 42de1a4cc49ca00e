namespace Bastion.Features.Development;

/// <summary>Member development's (发展党员) services and API (called from FeatureRegistry).</summary>
public static class DevelopmentFeature
{
    public static void AddServices(IServiceCollection services)
    {
        VolunteerBooks.VolunteerBooksFeature.AddServices(services);
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        VolunteerBooks.VolunteerBooksFeature.MapApi(api);
    }
}
