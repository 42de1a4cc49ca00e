namespace Bastion.Features.Members;

/// <summary>The member record tabs, photos and correction requests (called from FeatureRegistry).</summary>
public static class MemberRecordFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<GetMemberRecord>();
        services.AddScoped<EditMemberRecord>();
        services.AddScoped<MemberPhotos>();
        services.AddScoped<RequestMemberCorrection>();
        services.AddScoped<DecideMemberCorrection>();
    }

    public static void MapApi(RouteGroupBuilder api) => MemberPhotos.Map(api);
}
