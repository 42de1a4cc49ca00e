namespace Bastion.Features.Tokens;

/// <summary>Opaque API tokens: issue and revoke. Called from FeatureRegistry.</summary>
public static class TokensFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<RevokeToken>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        IssueToken.Map(api);
        RevokeToken.Map(api);
    }
}
