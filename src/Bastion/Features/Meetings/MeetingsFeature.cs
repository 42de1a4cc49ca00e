namespace Bastion.Features.Meetings;

/// <summary>Services and API endpoints of organizational life (组织生活).</summary>
public static class MeetingsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<BranchRoster>();
        services.AddScoped<RecordMeeting>();
        services.AddScoped<MeetingAttachments>();
        services.AddScoped<Book.ExportMeetingRecords>();
        services.AddScoped<Import.ImportMeetings>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        MeetingsApi.Map(api);
        Book.MeetingBookApi.Map(api);
        Import.ImportMeetingsApi.Map(api);
    }
}
