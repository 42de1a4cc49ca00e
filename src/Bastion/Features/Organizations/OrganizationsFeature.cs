namespace Bastion.Features.Organizations;

/// <summary>The organization lifecycle's services and endpoints (called from FeatureRegistry).</summary>
public static class OrganizationsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<RenameOrganization>();
        services.AddScoped<MoveOrganization>();
        services.AddScoped<MergeOrganization>();
        services.AddScoped<DissolveOrganization>();
        services.AddScoped<AddJointUnit>();
        services.AddScoped<RemoveJointUnit>();
        services.AddScoped<LinkLiaison>();
        services.AddScoped<EndLiaison>();
        services.AddScoped<RecordGuidanceVisit>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        RenameOrganization.Map(api);
        MoveOrganization.Map(api);
        MergeOrganization.Map(api);
        DissolveOrganization.Map(api);
        OrgLinksApi.Map(api);
    }
}
