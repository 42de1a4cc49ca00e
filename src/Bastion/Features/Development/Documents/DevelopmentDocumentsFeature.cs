namespace Bastion.Features.Development.Documents;

/// <summary>The development documents (公示, 汇总表, 纪实表) and the annual plan: services and API (called from DevelopmentFeature).</summary>
public static class DevelopmentDocumentsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<ExportPublicityNotice>();
        services.AddScoped<ExportAdmissionList>();
        services.AddScoped<ExportConfirmationList>();
        services.AddScoped<ExportCaseRecord>();
        services.AddScoped<GetDevelopmentPlan>();
        services.AddScoped<SaveDevelopmentPlan>();
        services.AddScoped<ExportDevelopmentPlan>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        ExportPublicityNotice.Map(api);
        ExportAdmissionList.Map(api);
        ExportConfirmationList.Map(api);
        ExportCaseRecord.Map(api);
        GetDevelopmentPlan.Map(api);
        SaveDevelopmentPlan.Map(api);
        ExportDevelopmentPlan.Map(api);
    }
}
