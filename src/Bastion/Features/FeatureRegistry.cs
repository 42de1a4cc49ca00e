namespace Bastion.Features;

/// <summary>Each feature's API endpoints, mapped under /api/v1.</summary>
public static class FeatureRegistry
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<Organizations.CreateOrganization>();
        Organizations.OrganizationsFeature.AddServices(services);
        Admin.AdminFeature.AddServices(services);
        Setup.SetupFeature.AddServices(services);
        Dashboard.DashboardFeature.AddServices(services);
        Tokens.TokensFeature.AddServices(services);
        Me.MeFeature.AddServices(services);
        Account.AccountFeature.AddServices(services);
        Audit.AuditFeature.AddServices(services);
        Notifications.NotificationsFeature.AddServices(services);
        Shell.ShellFeature.AddServices(services);
        MyMeetings.MyMeetingsFeature.AddServices(services);
        Terms.TermsFeature.AddServices(services);
        services.AddScoped<UnitedFront.CreateUnitedFrontPerson>();
        services.AddScoped<UnitedFront.UpdateUnitedFrontPerson>();
        services.AddScoped<UnitedFront.RecordUnitedFrontContact>();
        services.AddScoped<UnitedFront.DeleteUnitedFrontContact>();
        Members.MembersFeature.AddServices(services);
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
        Tokens.TokensFeature.MapApi(api);
        Me.MeFeature.MapApi(api);
        Setup.SetupFeature.MapApi(api);
        Audit.AuditFeature.MapApi(api);
        Admin.AdminFeature.MapApi(api);
        Dashboard.DashboardFeature.MapApi(api);
        Account.AccountFeature.MapApi(api);
        Notifications.NotificationsFeature.MapApi(api);
        Shell.ShellFeature.MapApi(api);
        MyMeetings.MyMeetingsFeature.MapApi(api);
        Organizations.ListOrganizations.Map(api);
        Organizations.GetOrganization.Map(api);
        Organizations.CreateOrganization.Map(api);
        Organizations.OrganizationsFeature.MapApi(api);
        Terms.ListTermReminders.Map(api);
        UnitedFront.ListUnitedFrontPeople.Map(api);
        UnitedFront.CreateUnitedFrontPerson.Map(api);
        Organizations.OrgTreeApi.Map(api);
        Members.MembersFeature.MapApi(api);
        Transfers.TransfersFeature.MapApi(api);
        Members.Import.ImportApi.Map(api);
        Meetings.MeetingsFeature.MapApi(api);
        CheckIn.CheckInFeature.MapApi(api);
        Compliance.ComplianceFeature.MapApi(api);
        Plans.PlansFeature.MapApi(api);
        Talks.TalksFeature.MapApi(api);
        Appraisals.ListAppraisals.Map(api);
        Ledger.LedgerFeature.MapApi(api);
        Inspections.InspectionsFeature.MapApi(api);
    }
}
