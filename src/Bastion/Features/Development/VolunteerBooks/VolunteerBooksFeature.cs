namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>入党志愿书 number control's services and API (called from DevelopmentFeature).</summary>
public static class VolunteerBooksFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<AddVolunteerBookRange>();
        services.AddScoped<SpoilVolunteerBookNumber>();
        services.AddScoped<GiveVolunteerBookNumber>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        ListVolunteerBookRanges.Map(api);
        AddVolunteerBookRange.Map(api);
        ListVolunteerBookUses.Map(api);
        ListVolunteerBookSpoils.Map(api);
        SpoilVolunteerBookNumber.Map(api);
        GiveVolunteerBookNumber.Map(api);
    }
}
