namespace Bastion.Features.Members.Import;

/// <summary>The roster import: its use cases, the queue and the worker that runs the page's checks and imports.</summary>
public static class ImportFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<ImportMembers>();
        services.AddScoped<StartRosterCheck>();
        services.AddScoped<CommitRosterImport>();
        services.AddScoped<RunImportJob>();
        services.AddSingleton<ImportQueue>();
        services.AddHostedService<ImportWorker>();
    }

    public static void MapApi(RouteGroupBuilder api) => ImportMembers.Map(api);
}
