namespace Bastion.Features.Development;

/// <summary>Member development's (发展党员) services and API (called from FeatureRegistry).</summary>
public static class DevelopmentFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<CreateDevelopmentCase>();
        services.AddScoped<RecordDevelopmentStep>();
        services.AddScoped<EditDevelopmentStepDate>();
        services.AddScoped<TransferDevelopmentCase>();
        services.AddScoped<CloseDevelopmentCase>();
        services.AddScoped<ReplaceDevelopmentSponsor>();
        services.AddScoped<GetDevelopmentCase>();
        services.AddScoped<ListDevelopmentCases>();
        services.AddScoped<DevelopmentDocuments>();
        VolunteerBooks.VolunteerBooksFeature.AddServices(services);
        Documents.DevelopmentDocumentsFeature.AddServices(services);
        Reminders.DevelopmentRemindersFeature.AddServices(services);
        Transfers.DevelopmentTransfersFeature.AddServices(services);
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        CreateDevelopmentCase.Map(api);
        RecordDevelopmentStep.Map(api);
        EditDevelopmentStepDate.Map(api);
        TransferDevelopmentCase.Map(api);
        CloseDevelopmentCase.Map(api);
        ReplaceDevelopmentSponsor.Map(api);
        GetDevelopmentCase.Map(api);
        ListDevelopmentCases.Map(api);
        DevelopmentDocuments.Map(api);
        VolunteerBooks.VolunteerBooksFeature.MapApi(api);
        Documents.DevelopmentDocumentsFeature.MapApi(api);
        Transfers.DevelopmentTransfersFeature.MapApi(api);
    }
}
