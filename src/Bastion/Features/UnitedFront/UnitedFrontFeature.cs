namespace Bastion.Features.UnitedFront;

/// <summary>The 统战 feature's services and API (called from FeatureRegistry).</summary>
public static class UnitedFrontFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<CreateUnitedFrontPerson>();
        services.AddScoped<UpdateUnitedFrontPerson>();
        services.AddScoped<RecordUnitedFrontContact>();
        services.AddScoped<DeleteUnitedFrontContact>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        ListUnitedFrontPeople.Map(api);
        CreateUnitedFrontPerson.Map(api);
    }
}
