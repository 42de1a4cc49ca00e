using System.Buffers.Binary;
using Bastion.Domain;

namespace Bastion.Features.CheckIn;

/// <summary>
/// Pure rules of QR check-in: what a check-in token carries (before it is signed and encrypted by Data
/// Protection) and when a meeting's check-in is open.
/// </summary>
public static class CheckInRules
{
    /// <summary>Default lifetime of a QR code (Bastion:CheckIn:TokenMinutes).</summary>
    public const int DefaultTokenMinutes = 10;

    /// <summary>Default opening of check-in before the meeting starts (Bastion:CheckIn:OpensMinutesBefore).</summary>
    public const int DefaultOpensMinutesBefore = 120;

    private const byte PayloadVersion = 1;
    private const int PayloadLength = 1 + 8 + 8;

    /// <summary>What a token says: which meeting, and until when it may be used.</summary>
    public sealed record Payload(long MeetingId, DateTimeOffset ExpiresAt);

    /// <summary>17 bytes: version 1, the meeting id and the expiry (Unix seconds), big-endian.</summary>
    public static byte[] Encode(Payload p)
    {
        var bytes = new byte[PayloadLength];
        bytes[0] = PayloadVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), p.MeetingId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), p.ExpiresAt.ToUnixTimeSeconds());
        return bytes;
    }

    /// <summary>The payload, or null when the bytes are not a payload of this version.</summary>
    public static Payload? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != PayloadLength || bytes[0] != PayloadVersion) return null;
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var seconds = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        if (id <= 0 || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return null;
        return new Payload(id, DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>A token expires at the first second it is no longer before its expiry.</summary>
    public static bool IsExpired(Payload p, DateTimeOffset now) => now >= p.ExpiresAt;

    /// <summary>
    /// Check-in is open from <paramref name="opensMinutesBefore"/> minutes before the start until the end of the
    /// meeting's day in China (midnight), or until the meeting's end when it runs past midnight.
    /// </summary>
    public static (DateTimeOffset Opens, DateTimeOffset Closes) Window(DateTimeOffset heldAt, DateTimeOffset? endsAt, int opensMinutesBefore)
    {
        var local = TimeZoneInfo.ConvertTime(heldAt, ChineseDates.China);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), ChineseDates.China.GetUtcOffset(local.Date.AddDays(1)));
        var closes = endsAt is { } e && e > midnight ? e : midnight;
        return (heldAt.AddMinutes(-opensMinutesBefore), closes);
    }

    public enum WindowState { NotYet, Open, Closed }

    public static WindowState StateAt(DateTimeOffset heldAt, DateTimeOffset? endsAt, int opensMinutesBefore, DateTimeOffset now)
    {
        var (opens, closes) = Window(heldAt, endsAt, opensMinutesBefore);
        return now < opens ? WindowState.NotYet : now >= closes ? WindowState.Closed : WindowState.Open;
    }

    /// <summary>The meeting's date in China: the day the roster (应到) is taken on.</summary>
    public static DateOnly Day(DateTimeOffset heldAt) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(heldAt, ChineseDates.China).DateTime);

    /// <summary>
    /// Why a member of the organization's roster is not asked to a meeting (<see cref="MeetingRules.ShouldAttend"/> left them
    /// out): a 支部委员会 is for the 支委 only. <paramref name="act"/> is 请假 or 签到.
    /// </summary>
    public static string NotExpectedMessage(MeetingKinds kinds, string orgName, string act) => kinds == MeetingKinds.支部委员会
        ? $"该会议是{orgName}的支部委员会，只有支委会成员参加；您不是支委会成员，无需{act}。"
        : $"您不在该会议的应到名单中，无需{act}。";

    /// <summary>Leave may be requested for a planned meeting that has not started yet.</summary>
    public static bool CanRequestLeave(MeetingState state, DateTimeOffset heldAt, DateTimeOffset now) => state == MeetingState.计划 && heldAt > now;
    /// <summary>Leave may be requested again after a rejection or a withdrawal; a pending or approved request stands.</summary>
    public static bool IsOpen(LeaveRequestState s) => s is LeaveRequestState.待审批 or LeaveRequestState.已批准;

    /// <summary>The Bootstrap badge class a leave request's state is shown with (the same on every page).</summary>
    public static string BadgeClass(LeaveRequestState s) => s switch
    {
        LeaveRequestState.已批准 => "text-bg-success",
        LeaveRequestState.已驳回 => "text-bg-danger",
        LeaveRequestState.已撤回 => "text-bg-secondary",
        _ => "text-bg-warning",
    };

    /// <summary>
    /// Why a leave request cannot be approved or rejected (null: it can). Only a pending request of a meeting that is
    /// still planned is decided; a planned meeting whose time has passed may still be decided until it is recorded.
    /// </summary>
    public static string? DecisionRefusal(LeaveRequestState request, MeetingState meeting) => request switch
    {
        LeaveRequestState.已批准 => "该请假申请已批准，不能重复审批",
        LeaveRequestState.已驳回 => "该请假申请已驳回，不能重复审批",
        LeaveRequestState.已撤回 => "该请假申请已由本人撤回，无需审批",
        _ => meeting switch
        {
            MeetingState.已召开 => "会议已召开并登记，不能再审批请假",
            MeetingState.已取消 => "会议已取消，不能再审批请假",
            _ => null,
        },
    };

    /// <summary>Why the member cannot withdraw their request (null: they can): only a pending request, before the meeting starts.</summary>
    public static string? WithdrawalRefusal(LeaveRequestState request, MeetingState meeting, DateTimeOffset heldAt, DateTimeOffset now) => request switch
    {
        LeaveRequestState.已批准 => "该请假申请已批准，不能撤回",
        LeaveRequestState.已驳回 => "该请假申请已驳回，无需撤回",
        LeaveRequestState.已撤回 => "该请假申请已撤回",
        _ => meeting == MeetingState.已取消 ? "会议已取消，无需撤回"
            : !CanRequestLeave(meeting, heldAt, now) ? "会议已开始或已结束，不能撤回请假申请"
            : null,
    };

    /// <summary>A rejection needs a reason the member can read: the trimmed text, or the Chinese message when it is missing or too long.</summary>
    public static (string? Text, string? Error) RejectionReason(string? reason)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) return (null, "驳回请假申请须填写驳回理由");
        if (text.Length > MeetingLeaveRequest.ReasonMax) return (null, $"驳回理由不能超过{MeetingLeaveRequest.ReasonMax}字");
        return (text, null);
    }

    /// <summary>Whole days a request has waited (China calendar days from its submission to today), never negative.</summary>
    public static int DaysWaiting(DateTimeOffset requestedAt, DateTimeOffset now) => Math.Max(0, ChineseDates.DayOf(now).DayNumber - ChineseDates.DayOf(requestedAt).DayNumber);
}
