namespace Bastion.Features.Admin;

/// <summary>Accounts, role grants and sessions (系统管理员, 安全管理员); called from FeatureRegistry. No API endpoints.</summary>
public static class AdminFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<CreateAccount>();
        services.AddScoped<SetAccountDisabled>();
        services.AddScoped<EndUserSessions>();
        services.AddScoped<GrantRole>();
        services.AddScoped<RevokeRole>();
        services.AddScoped<SetTwoFactorPolicy>();
        services.AddScoped<UnlockAccount>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
