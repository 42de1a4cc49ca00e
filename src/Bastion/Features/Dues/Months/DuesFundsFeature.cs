namespace Bastion.Features.Dues.Months;

/// <summary>少交/免交 approval, 上缴, 使用 and the 收缴、使用、上缴 report (called from <see cref="DuesMonthsFeature"/>).</summary>
public static class DuesFundsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<DecideDuesReduction>();
        services.AddScoped<ListDuesReductions>();
        services.AddScoped<SetDuesRetention>();
        services.AddScoped<RecordDuesSpending>();
        services.AddScoped<ListDuesFunds>();
        services.AddScoped<ExportDuesAccount>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        DecideDuesReduction.Map(api);
        ListDuesReductions.Map(api);
        SetDuesRetention.Map(api);
        RecordDuesSpending.Map(api);
        ListDuesFunds.Map(api);
        ExportDuesAccount.Map(api);
    }
}
