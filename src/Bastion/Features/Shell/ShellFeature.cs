namespace Bastion.Features.Shell;

/// <summary>The layout's organization switcher. Called from FeatureRegistry.</summary>
public static class ShellFeature
{
    public static void AddServices(IServiceCollection services)
    {
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
