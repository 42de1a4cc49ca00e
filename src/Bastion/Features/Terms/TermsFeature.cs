namespace Bastion.Features.Terms;

/// <summary>The terms feature's services and API (called from FeatureRegistry).</summary>
public static class TermsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<StartTerm>();
        services.AddScoped<EndTerm>();
        services.AddScoped<AdjustTermDueDate>();
        services.AddScoped<AppointCommitteeMember>();
        services.AddScoped<EndCommitteeAppointment>();
        services.AddHostedService<TermReminderJob>();
    }

    public static void MapApi(RouteGroupBuilder api) => ListTermReminders.Map(api);
}
