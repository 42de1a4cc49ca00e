using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bastion.Features.CheckIn;

/// <summary>QR check-in (扫码签到), manual check-in, leave requests and the member's own meetings.</summary>
public static class CheckInFeature
{
    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CheckInOptions>();
        services.AddSingleton<CheckInTokens>();
        services.AddScoped<CheckInToMeeting>();
        services.AddScoped<ManualCheckIn>();
        services.AddScoped<UndoCheckIn>();
        services.AddScoped<GetCheckInBoard>();
        services.AddScoped<RequestLeave>();
        services.AddScoped<DecideLeave>();
        services.AddScoped<WithdrawLeave>();
    }

    public static void MapApi(RouteGroupBuilder api)
    {
        CheckInToMeeting.Map(api);
        ListLeaveRequests.Map(api);
        RequestLeave.Map(api);
        DecideLeave.Map(api);
    }
}
