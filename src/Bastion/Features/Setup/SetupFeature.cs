namespace Bastion.Features.Setup;

/// <summary>首次设置 of a production install. Called from FeatureRegistry.</summary>
public static class SetupFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<InitialSetup>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        InitialSetup.Map(api);
    }
}
