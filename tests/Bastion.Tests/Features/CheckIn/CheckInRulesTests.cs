using Bastion.Domain;
using Bastion.Features.CheckIn;

namespace Bastion.Tests.Features.CheckIn;

public class CheckInRulesTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static DateTimeOffset At(int d, int h, int m = 0) => new(2026, 9, d, h, m, 0, China);

    [Fact]
    public void A_payload_survives_encoding_to_the_second()
    {
        var p = new CheckInRules.Payload(123456789012, At(20, 14, 30));
        var bytes = CheckInRules.Encode(p);
        bytes.Length.ShouldBe(17);
        CheckInRules.Decode(bytes).ShouldBe(p);
    }

    [Fact]
    public void Bytes_of_another_length_or_version_are_not_a_payload()
    {
        var bytes = CheckInRules.Encode(new CheckInRules.Payload(7, At(20, 14)));
        CheckInRules.Decode(bytes.AsSpan(0, 16)).ShouldBeNull();
        CheckInRules.Decode([.. bytes, 0]).ShouldBeNull();
        bytes[0] = 2;
        CheckInRules.Decode(bytes).ShouldBeNull();
        CheckInRules.Decode([]).ShouldBeNull();
    }

    [Fact]
    public void A_payload_naming_no_meeting_is_refused()
    {
        CheckInRules.Decode(CheckInRules.Encode(new CheckInRules.Payload(0, At(20, 14)))).ShouldBeNull();
    }

    [Fact]
    public void A_token_is_usable_until_the_second_before_its_expiry()
    {
        var p = new CheckInRules.Payload(1, At(20, 14, 10));
        CheckInRules.IsExpired(p, At(20, 14, 10).AddSeconds(-1)).ShouldBeFalse();
        CheckInRules.IsExpired(p, At(20, 14, 10)).ShouldBeTrue();
        CheckInRules.IsExpired(p, At(20, 15)).ShouldBeTrue();
    }

    [Fact]
    public void Check_in_opens_before_the_start_and_closes_at_midnight_china_time()
    {
        var (opens, closes) = CheckInRules.Window(At(20, 14, 30), null, 120);
        opens.ShouldBe(At(20, 12, 30));
        closes.ShouldBe(new DateTimeOffset(2026, 9, 21, 0, 0, 0, China));
        CheckInRules.StateAt(At(20, 14, 30), null, 120, At(20, 12, 29)).ShouldBe(CheckInRules.WindowState.NotYet);
        CheckInRules.StateAt(At(20, 14, 30), null, 120, At(20, 12, 30)).ShouldBe(CheckInRules.WindowState.Open);
        CheckInRules.StateAt(At(20, 14, 30), null, 120, At(20, 23, 59)).ShouldBe(CheckInRules.WindowState.Open);
        CheckInRules.StateAt(At(20, 14, 30), null, 120, At(21, 0)).ShouldBe(CheckInRules.WindowState.Closed);
    }

    [Fact]
    public void The_meeting_day_is_the_day_in_china_not_in_utc()
    {
        // 07:30 in Beijing is 23:30 UTC the day before
        var heldAt = new DateTimeOffset(2026, 9, 19, 23, 30, 0, TimeSpan.Zero);
        CheckInRules.Day(heldAt).ShouldBe(new DateOnly(2026, 9, 20));
        CheckInRules.Window(heldAt, null, 0).Closes.ShouldBe(new DateTimeOffset(2026, 9, 21, 0, 0, 0, China));
    }

    [Fact]
    public void A_meeting_running_past_midnight_stays_open_until_its_end()
    {
        var (_, closes) = CheckInRules.Window(At(20, 22), At(21, 1), 120);
        closes.ShouldBe(At(21, 1));
    }

    [Fact]
    public void Leave_is_only_for_a_planned_meeting_that_has_not_started()
    {
        CheckInRules.CanRequestLeave(MeetingState.计划, At(20, 14), At(20, 13, 59)).ShouldBeTrue();
        CheckInRules.CanRequestLeave(MeetingState.计划, At(20, 14), At(20, 14)).ShouldBeFalse();
        CheckInRules.CanRequestLeave(MeetingState.已取消, At(20, 14), At(19, 14)).ShouldBeFalse();
        CheckInRules.CanRequestLeave(MeetingState.已召开, At(20, 14), At(19, 14)).ShouldBeFalse();
    }
}
