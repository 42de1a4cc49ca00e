namespace Bastion.Features.Development.Reminders;

/// <summary>The daily 发展党员 reminders (called from DevelopmentFeature).</summary>
public static class DevelopmentRemindersFeature
{
    public static void AddServices(IServiceCollection services) => services.AddHostedService<DevelopmentReminderJob>();
}
