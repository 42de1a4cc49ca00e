namespace Bastion.Features.Ledger;

/// <summary>Services and API endpoints of the ledger (台账).</summary>
public static class LedgerFeature
{
    public static void AddServices(IServiceCollection services)
    {
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
