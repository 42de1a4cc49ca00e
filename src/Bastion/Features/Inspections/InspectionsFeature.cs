namespace Bastion.Features.Inspections;

/// <summary>Services and API endpoints of 巡察 (rounds, findings, 巡言巡语, reports, rectification).</summary>
public static class InspectionsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<InspectionAccess>();
        services.AddScoped<InspectionQueries>();
        services.AddScoped<InspectionNotifier>();
        // rounds and teams
        services.AddScoped<ListInspectionRounds>();
        services.AddScoped<GetInspectionRound>();
        services.AddScoped<CreateInspectionRound>();
        services.AddScoped<UpdateInspectionRound>();
        services.AddScoped<AddInspectionTarget>();
        services.AddScoped<RemoveInspectionTarget>();
        services.AddScoped<AddTeamMember>();
        services.AddScoped<RemoveTeamMember>();
        services.AddScoped<AdvancePhase>();
        services.AddScoped<CreateRectificationPlan>();
        // findings
        services.AddScoped<GetFinding>();
        services.AddScoped<CreateFinding>();
        services.AddScoped<UpdateFinding>();
        services.AddScoped<ShareFinding>();
        services.AddScoped<PostFindingMessage>();
        services.AddScoped<AgreeFindingWording>();
        services.AddScoped<UploadFindingEvidence>();
        services.AddScoped<TransferClue>();
        services.AddScoped<ReceiveClue>();
        // documents, rectification, 巡言巡语
        services.AddScoped<Reports.GetInspectionDocument>();
        services.AddScoped<Rectification.GetRectification>();
        services.AddScoped<Rectification.AddRectificationItem>();
        services.AddSingleton<Expressions.ExpressionSuggester>();
        services.AddScoped<Expressions.SuggestExpressions>();
        services.AddScoped<Expressions.SaveExpression>();
        services.AddScoped<Expressions.SetExpressionActive>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        Reports.GetInspectionDocument.Map(api);
        Expressions.SuggestExpressions.Map(api);
        ListInspectionRounds.Map(api);
        CreateInspectionRound.Map(api);
        GetInspectionRound.Map(api);
        AddTeamMember.Map(api);
        AdvancePhase.Map(api);
        CreateFinding.Map(api);
        GetFinding.Map(api);
        UpdateFinding.Map(api);
        PostFindingMessage.Map(api);
    }
}
