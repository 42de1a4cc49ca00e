namespace Bastion.Features.Audit;

/// <summary>The audit trail viewer, its export and the audit API. Called from FeatureRegistry.</summary>
public static class AuditFeature
{
    public static void AddServices(IServiceCollection services)
    {
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        ListAuditEntries.Map(api);
    }
}
