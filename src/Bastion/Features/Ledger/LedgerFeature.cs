namespace Bastion.Features.Ledger;

/// <summary>Services and API endpoints of the ledger (台账).</summary>
public static class LedgerFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<LedgerAccess>();
        services.AddScoped<CreateLedgerItem>();
        services.AddScoped<TransitionLedgerItem>();
        services.AddScoped<GetLedgerItem>();
        services.AddScoped<ListLedgerItems>();
        services.AddHostedService<LedgerReminderJob>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        CreateLedgerItem.Map(api);
        ListLedgerItems.Map(api);
        GetLedgerItem.Map(api);
        TransitionLedgerItem.Map(api);
    }
}
