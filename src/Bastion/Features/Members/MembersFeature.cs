namespace Bastion.Features.Members;

/// <summary>
/// Member records (党员信息), their record tabs, photos, correction requests and member accounts; called from
/// FeatureRegistry. The roster import (Members/Import) is registered through it.
/// </summary>
public static class MembersFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<MemberCountCache>();
        services.AddScoped<ListMembers>();
        services.AddScoped<GetMember>();
        services.AddScoped<SaveMember>();
        services.AddScoped<GetMemberRecord>();
        services.AddScoped<EditMemberRecord>();
        services.AddScoped<MemberPhotos>();
        services.AddScoped<RequestMemberCorrection>();
        services.AddScoped<DecideMemberCorrection>();
        services.AddScoped<LinkMemberAccount>();
        services.AddScoped<UnlinkMemberAccount>();
        services.AddScoped<CreateMemberAccounts>();
        Import.ImportFeature.AddServices(services);
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        ListMembers.Map(api);
        GetMember.Map(api);
        SaveMember.Map(api);
        MemberPhotos.Map(api);
        LinkMemberAccount.Map(api);
        UnlinkMemberAccount.Map(api);
        CreateMemberAccounts.Map(api);
        Import.ImportFeature.MapApi(api);
    }
}
