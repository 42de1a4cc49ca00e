namespace Bastion.Features.Account;

/// <summary>Sign-in, password change and two-factor pages (CheckPassword is registered with Identity in Program.cs). Called from FeatureRegistry.</summary>
public static class AccountFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<ChangePassword>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
