namespace Bastion.Features.Organizations;

/// <summary>The organization feature's services and endpoints (called from FeatureRegistry).</summary>
public static class OrganizationsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<CreateOrganization>();
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
        ListOrganizations.Map(api);
        GetOrganization.Map(api);
        CreateOrganization.Map(api);
        RenameOrganization.Map(api);
        MoveOrganization.Map(api);
        MergeOrganization.Map(api);
        DissolveOrganization.Map(api);
        ListOrgRoots.Map(api);
        GetOrgTree.Map(api);
        ListJointUnits.Map(api);
        AddJointUnit.Map(api);
        RemoveJointUnit.Map(api);
        ListLiaisons.Map(api);
        LinkLiaison.Map(api);
        EndLiaison.Map(api);
        RecordGuidanceVisit.Map(api);
    }
}
