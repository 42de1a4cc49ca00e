namespace Bastion.Features.Members;

/// <summary>The member record tabs, photos, correction requests and member accounts (called from FeatureRegistry).</summary>
public static class MemberRecordFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<GetMemberRecord>();
        services.AddScoped<EditMemberRecord>();
        services.AddScoped<MemberPhotos>();
        services.AddScoped<RequestMemberCorrection>();
        services.AddScoped<DecideMemberCorrection>();
        services.AddScoped<LinkMemberAccount>();
        services.AddScoped<UnlinkMemberAccount>();
        services.AddScoped<CreateMemberAccounts>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        MemberPhotos.Map(api);
        LinkMemberAccount.Map(api);
        UnlinkMemberAccount.Map(api);
        CreateMemberAccounts.Map(api);
    }
}
