using Bastion.Features.Members.Import;

namespace Bastion.Features.Dues;

/// <summary>Party dues' (党费) services and API (called from FeatureRegistry).</summary>
public static class DuesFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<DuesAssessment>();
        services.AddScoped<GetDuesStandard>();
        services.AddScoped<ListDuesRateTables>();
        services.AddScoped<CreateDuesRateTable>();
        services.AddScoped<ActivateDuesRateTable>();
        services.AddScoped<VoidDuesRateTable>();
        services.AddScoped<SetDuesProfile>();
        services.AddScoped<SetDuesBase>();
        services.AddScoped<GetMemberDues>();
        services.AddScoped<SetDuesUnitSetting>();
        services.AddScoped<ImportDuesBases>();
        services.AddScoped<ISheetImport>(sp => sp.GetRequiredService<ImportDuesBases>());
        services.AddScoped<StartDuesBaseImport>();
        Months.DuesMonthsFeature.AddServices(services);
        Statements.DuesStatementsFeature.AddServices(services);
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        GetDuesStandard.Map(api);
        ListDuesRateTables.Map(api);
        CreateDuesRateTable.Map(api);
        ActivateDuesRateTable.Map(api);
        VoidDuesRateTable.Map(api);
        SetDuesProfile.Map(api);
        SetDuesBase.Map(api);
        GetMemberDues.Map(api);
        SetDuesUnitSetting.Map(api);
        ImportDuesBases.Map(api);
        Months.DuesMonthsFeature.MapApi(api);
        Statements.DuesStatementsFeature.MapApi(api);
    }
}
