namespace Bastion.Features;

/// <summary>
/// Every feature folder's one registration (<c>&lt;Area&gt;Feature.AddServices</c>) and its API endpoints
/// (<c>&lt;Area&gt;Feature.MapApi</c>, mapped under /api/v1). Nothing else belongs here.
/// </summary>
public static class FeatureRegistry
{
    public static void AddServices(IServiceCollection services)
    {
        Account.AccountFeature.AddServices(services);
        Admin.AdminFeature.AddServices(services);
        Setup.SetupFeature.AddServices(services);
        Tokens.TokensFeature.AddServices(services);
        Me.MeFeature.AddServices(services);
        Shell.ShellFeature.AddServices(services);
        Notifications.NotificationsFeature.AddServices(services);
        Dashboard.DashboardFeature.AddServices(services);
        Audit.AuditFeature.AddServices(services);
        Organizations.OrganizationsFeature.AddServices(services);
        Terms.TermsFeature.AddServices(services);
        UnitedFront.UnitedFrontFeature.AddServices(services);
        Members.MembersFeature.AddServices(services);
        Transfers.TransfersFeature.AddServices(services);
        Meetings.MeetingsFeature.AddServices(services);
        CheckIn.CheckInFeature.AddServices(services);
        MyMeetings.MyMeetingsFeature.AddServices(services);
        Compliance.ComplianceFeature.AddServices(services);
        Plans.PlansFeature.AddServices(services);
        Talks.TalksFeature.AddServices(services);
        Appraisals.AppraisalsFeature.AddServices(services);
        Ledger.LedgerFeature.AddServices(services);
        Inspections.InspectionsFeature.AddServices(services);
        Calendar.CalendarFeature.AddServices(services);
        Development.DevelopmentFeature.AddServices(services);
        Dues.DuesFeature.AddServices(services);
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        Account.AccountFeature.MapApi(api);
        Admin.AdminFeature.MapApi(api);
        Setup.SetupFeature.MapApi(api);
        Tokens.TokensFeature.MapApi(api);
        Me.MeFeature.MapApi(api);
        Shell.ShellFeature.MapApi(api);
        Notifications.NotificationsFeature.MapApi(api);
        Dashboard.DashboardFeature.MapApi(api);
        Audit.AuditFeature.MapApi(api);
        Organizations.OrganizationsFeature.MapApi(api);
        Terms.TermsFeature.MapApi(api);
        UnitedFront.UnitedFrontFeature.MapApi(api);
        Members.MembersFeature.MapApi(api);
        Transfers.TransfersFeature.MapApi(api);
        Meetings.MeetingsFeature.MapApi(api);
        CheckIn.CheckInFeature.MapApi(api);
        MyMeetings.MyMeetingsFeature.MapApi(api);
        Compliance.ComplianceFeature.MapApi(api);
        Plans.PlansFeature.MapApi(api);
        Talks.TalksFeature.MapApi(api);
        Appraisals.AppraisalsFeature.MapApi(api);
        Ledger.LedgerFeature.MapApi(api);
        Inspections.InspectionsFeature.MapApi(api);
        Calendar.CalendarFeature.MapApi(api);
        Development.DevelopmentFeature.MapApi(api);
        Dues.DuesFeature.MapApi(api);
    }
}
