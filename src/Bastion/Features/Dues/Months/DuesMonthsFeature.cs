namespace Bastion.Features.Dues.Months;

/// <summary>The monthly cycle of party dues (called from <see cref="DuesFeature"/>).</summary>
public static class DuesMonthsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<CreateDuesMonth>();
        services.AddScoped<StartDuesMonth>();
        services.AddScoped<SettleDuesMonth>();
        services.AddScoped<RecordDuesPayment>();
        services.AddScoped<SubmitOwnDuesPayment>();
        services.AddScoped<ConfirmDuesPayment>();
        services.AddScoped<DelayDuesEntry>();
        services.AddScoped<AdjustDuesEntry>();
        services.AddScoped<ReportDuesBranch>();
        services.AddScoped<ReturnDuesReport>();
        services.AddScoped<RemindDuesReport>();
        services.AddScoped<ListDuesReporting>();
        services.AddScoped<GetBranchDuesMonth>();
        services.AddScoped<GetMyDues>();
        services.AddScoped<GetDuesOverview>();
        services.AddScoped<ExportDuesLedger>();
        services.AddScoped<ListDuesArrears>();
        services.AddScoped<ExportDuesArrears>();
        services.AddScoped<AddDuesReduction>();
        services.AddScoped<RecordDuesRemittance>();
        services.AddScoped<ExportDuesSummary>();
        services.AddScoped<ExportDuesStatement>();
        DuesFundsFeature.AddServices(services);
        services.AddHostedService<DuesArrearsJob>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        CreateDuesMonth.Map(api);
        StartDuesMonth.Map(api);
        SettleDuesMonth.Map(api);
        RecordDuesPayment.Map(api);
        SubmitOwnDuesPayment.Map(api);
        ConfirmDuesPayment.Map(api);
        DelayDuesEntry.Map(api);
        AdjustDuesEntry.Map(api);
        ReportDuesBranch.Map(api);
        ReturnDuesReport.Map(api);
        RemindDuesReport.Map(api);
        ListDuesReporting.Map(api);
        GetBranchDuesMonth.Map(api);
        GetMyDues.Map(api);
        GetDuesOverview.Map(api);
        ExportDuesLedger.Map(api);
        ListDuesArrears.Map(api);
        AddDuesReduction.Map(api);
        RecordDuesRemittance.Map(api);
        ExportDuesSummary.Map(api);
        ExportDuesStatement.Map(api);
        DuesFundsFeature.MapApi(api);
    }
}
