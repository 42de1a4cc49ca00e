namespace Bastion.Features.Me;

/// <summary>The calling account (/api/v1/me), 我的党籍 and the personal home. Called from FeatureRegistry.</summary>
public static class MeFeature
{
    public static void AddServices(IServiceCollection services)
    {
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        GetMe.Map(api);
    }
}
