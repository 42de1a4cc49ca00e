namespace Bastion.Features.MyMeetings;

/// <summary>我的组织生活 of a member's own account. Called from FeatureRegistry.</summary>
public static class MyMeetingsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<GetMyMeetings>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
