using Bastion.Domain;

namespace Bastion.Features.Talks;

/// <summary>Services of 谈心谈话.</summary>
public static class TalksFeature
{
    public const int MaxText = 1000;

    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<RecordTalk>();
        services.AddScoped<UpdateTalkFollowUp>();
    }

    public static void MapApi(RouteGroupBuilder api) => RecordTalk.Map(api);

    /// <summary>Talks are recorded by a branch; returns the reason otherwise.</summary>
    public static string? CheckBranch(Organization org) =>
        !OrgRules.IsBranch(org.Type) ? "谈心谈话由党支部登记，请先在顶部切换到党支部"
        : org.Status != OrgStatus.正常 ? "该党支部已撤销，不能登记谈心谈话" : null;
}
