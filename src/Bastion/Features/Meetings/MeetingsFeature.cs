namespace Bastion.Features.Meetings;

/// <summary>Services and API endpoints of organizational life (组织生活).</summary>
public static class MeetingsFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<BranchRoster>();
        services.AddScoped<RecordMeeting>();
        services.AddScoped<GetMeeting>();
        services.AddScoped<MeetingAttachments>();
        services.AddScoped<Book.ExportMeetingRecords>();
        services.AddScoped<Import.ImportMeetings>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        RecordMeeting.Map(api);
        ListMeetings.Map(api);
        GetMeeting.Map(api);
        MeetingAttachments.Map(api);
        Book.ExportMeetingRecords.Map(api);
        Import.ImportMeetings.Map(api);
    }
}
