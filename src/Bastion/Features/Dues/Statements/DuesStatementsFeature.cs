using Bastion.Features.Members.Import;

namespace Bastion.Features.Dues.Statements;

/// <summary>党费流水导入: bank and WeChat statements paying the open month (called from <see cref="DuesFeature"/>).</summary>
public static class DuesStatementsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<ImportDuesStatement>();
        services.AddScoped<ISheetImport>(sp => sp.GetRequiredService<ImportDuesStatement>());
        services.AddScoped<StartDuesStatementImport>();
        services.AddScoped<GetDuesStatementImport>();
        services.AddScoped<AssignDuesStatementLine>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        StartDuesStatementImport.Map(api);
        GetDuesStatementImport.Map(api);
        AssignDuesStatementLine.Map(api);
    }
}
