namespace Bastion.Features.Transfers;

/// <summary>The transfers feature's services and API (called from FeatureRegistry).</summary>
public static class TransfersFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<SubmitTransfer>();
        services.AddScoped<StartTransfer>();
        services.AddScoped<DecideTransfer>();
        services.AddScoped<CancelTransfer>();
        services.AddScoped<IssueTransferLetter>();
        services.AddScoped<AddLetterNumberRange>();
        services.AddScoped<RecordLetterReceipt>();
        services.AddScoped<ReceiveInwardTransfer>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        ListTransfers.Map(api);
        SubmitTransfer.Map(api);
        DecideTransfer.Map(api);
        ListLetterNumberRanges.Map(api);
        AddLetterNumberRange.Map(api);
        RecordLetterReceipt.Map(api);
    }
}
