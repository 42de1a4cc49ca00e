namespace Bastion.Features;

/// <summary>Each feature's API endpoints, mapped under /api/v1.</summary>
public static class FeatureRegistry
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<Organizations.CreateOrganization>();
        Organizations.OrganizationsFeature.AddServices(services);
        services.AddScoped<Admin.CreateAccount>();
        services.AddScoped<Setup.InitialSetup>();
        services.AddSingleton<Dashboard.DashboardCache>();
        services.AddSingleton<Members.MemberCountCache>();
        services.AddScoped<Admin.SetAccountDisabled>();
        services.AddScoped<Admin.EndUserSessions>();
        Terms.TermsFeature.AddServices(services);
        services.AddScoped<UnitedFront.CreateUnitedFrontPerson>();
        services.AddScoped<UnitedFront.UpdateUnitedFrontPerson>();
        services.AddScoped<UnitedFront.RecordUnitedFrontContact>();
        services.AddScoped<UnitedFront.DeleteUnitedFrontContact>();
        services.AddScoped<Members.SaveMember>();
        Members.MemberRecordFeature.AddServices(services);
        Transfers.TransfersFeature.AddServices(services);
        services.AddScoped<Members.Import.ImportMembers>();
        services.AddSingleton<Members.Import.ImportJobRunner>();
        Meetings.MeetingsFeature.AddServices(services);
        CheckIn.CheckInFeature.AddServices(services);
        Compliance.ComplianceFeature.AddServices(services);
        Plans.PlansFeature.AddServices(services);
        Talks.TalksFeature.AddServices(services);
        Appraisals.AppraisalsFeature.AddServices(services);
        Ledger.LedgerFeature.AddServices(services);
        Inspections.InspectionsFeature.AddServices(services);
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        Tokens.IssueToken.Map(api);
        Tokens.RevokeToken.Map(api);
        Me.GetMe.Map(api);
        Setup.InitialSetup.Map(api);
        Organizations.ListOrganizations.Map(api);
        Organizations.GetOrganization.Map(api);
        Organizations.CreateOrganization.Map(api);
        Organizations.OrganizationsFeature.MapApi(api);
        Terms.ListTermReminders.Map(api);
        UnitedFront.ListUnitedFrontPeople.Map(api);
        UnitedFront.CreateUnitedFrontPerson.Map(api);
        Audit.ListAuditEntries.Map(api);
        Organizations.OrgTreeApi.Map(api);
        Members.MembersApi.Map(api);
        Members.MemberRecordFeature.MapApi(api);
        Transfers.TransfersFeature.MapApi(api);
        Members.Import.ImportApi.Map(api);
        Meetings.MeetingsFeature.MapApi(api);
        CheckIn.CheckInFeature.MapApi(api);
        Compliance.ComplianceFeature.MapApi(api);
        Plans.PlansFeature.MapApi(api);
        Talks.TalksFeature.MapApi(api);
        Appraisals.AppraisalsFeature.MapApi(api);
        Ledger.LedgerFeature.MapApi(api);
        Inspections.InspectionsFeature.MapApi(api);
    }
}
