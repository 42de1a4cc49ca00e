namespace Bastion.Features.Calendar;

/// <summary>The holiday calendar's services and API (called from FeatureRegistry).</summary>
public static class CalendarFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<HolidayCalendar>();
        services.AddScoped<GetHolidayYear>();
        services.AddScoped<CountWorkingDays>();
        services.AddScoped<SaveHolidayYear>();
        services.AddScoped<DeleteHolidayYear>();
        services.AddScoped<ToggleHolidayDay>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        CountWorkingDays.Map(api);
        GetHolidayYear.Map(api);
        SaveHolidayYear.Map(api);
        DeleteHolidayYear.Map(api);
    }
}
