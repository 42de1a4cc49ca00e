namespace Bastion.Features.Inspections;

/// <summary>Services and API endpoints of 巡察 (rounds, findings, 巡言巡语, reports, rectification).</summary>
public static class InspectionsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<CreateRectificationPlan>();
        services.AddScoped<InspectionAccess>();
        services.AddScoped<Reports.GetInspectionDocument>();
        services.AddScoped<Rectification.GetRectification>();
        services.AddSingleton<Expressions.ExpressionSuggester>();
        services.AddScoped<Expressions.SaveExpression>();
        services.AddScoped<InspectionRounds>();
        services.AddScoped<InspectionFindings>();
        services.AddScoped<InspectionQueries>();
        services.AddScoped<InspectionNotifier>();
        services.AddScoped<AdvancePhase>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        Reports.ReportsApi.Map(api);
        Expressions.SuggestionsApi.Map(api);
        InspectionsApi.Map(api);
    }
}
