namespace Bastion.Features.Notifications;

/// <summary>消息通知 and the outbox. Called from FeatureRegistry.</summary>
public static class NotificationsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<MarkAllRead>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
