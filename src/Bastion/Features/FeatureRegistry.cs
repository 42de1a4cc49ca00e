namespace Bastion.Features;

/// <summary>Each feature's API endpoints, mapped under /api/v1.</summary>
public static class FeatureRegistry
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<Organizations.CreateOrganization>();
        services.AddScoped<Admin.CreateAccount>();
        services.AddScoped<Admin.SetAccountDisabled>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        Tokens.IssueToken.Map(api);
        Tokens.RevokeToken.Map(api);
        Me.GetMe.Map(api);
        Organizations.ListOrganizations.Map(api);
        Organizations.GetOrganization.Map(api);
        Organizations.CreateOrganization.Map(api);
        Audit.ListAuditEntries.Map(api);
    }
}
