namespace Bastion.Features.Calendar;

/// <summary>The holiday calendar's services and API (called from FeatureRegistry).</summary>
public static class CalendarFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<HolidayCalendar>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
    }
}
