namespace Bastion.Features.Development.Transfers;

/// <summary>发展党员 转出/转入 between branches: services and API (called from DevelopmentFeature).</summary>
public static class DevelopmentTransfersFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<DecideDevelopmentTransfer>();
        services.AddScoped<WithdrawDevelopmentTransfer>();
        services.AddScoped<ListDevelopmentTransfers>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        DecideDevelopmentTransfer.Map(api);
        WithdrawDevelopmentTransfer.Map(api);
        ListDevelopmentTransfers.Map(api);
    }
}
