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
    [Theory]
    [InlineData(LeaveRequestState.已批准, "该请假申请已批准，不能重复审批")]
    [InlineData(LeaveRequestState.已驳回, "该请假申请已驳回，不能重复审批")]
    [InlineData(LeaveRequestState.已撤回, "该请假申请已由本人撤回，无需审批")]
    public void A_request_that_is_no_longer_pending_is_not_decided_again(LeaveRequestState state, string message)
    {
        CheckInRules.DecisionRefusal(state, MeetingState.计划).ShouldBe(message);
    }

    [Fact]
    public void A_pending_request_is_decided_only_while_its_meeting_is_planned()
    {
        CheckInRules.DecisionRefusal(LeaveRequestState.待审批, MeetingState.计划).ShouldBeNull();
        CheckInRules.DecisionRefusal(LeaveRequestState.待审批, MeetingState.已召开).ShouldBe("会议已召开并登记，不能再审批请假");
        CheckInRules.DecisionRefusal(LeaveRequestState.待审批, MeetingState.已取消).ShouldBe("会议已取消，不能再审批请假");
    }

    [Fact]
    public void A_member_withdraws_only_a_pending_request_before_the_meeting_starts()
    {
        var held = At(20, 14, 30);
        CheckInRules.WithdrawalRefusal(LeaveRequestState.待审批, MeetingState.计划, held, held.AddSeconds(-1)).ShouldBeNull();
        CheckInRules.WithdrawalRefusal(LeaveRequestState.待审批, MeetingState.计划, held, held).ShouldBe("会议已开始或已结束，不能撤回请假申请");
        CheckInRules.WithdrawalRefusal(LeaveRequestState.待审批, MeetingState.已取消, held, held.AddDays(-1)).ShouldBe("会议已取消，无需撤回");
        CheckInRules.WithdrawalRefusal(LeaveRequestState.已批准, MeetingState.计划, held, held.AddDays(-1)).ShouldBe("该请假申请已批准，不能撤回");
        CheckInRules.WithdrawalRefusal(LeaveRequestState.已撤回, MeetingState.计划, held, held.AddDays(-1)).ShouldBe("该请假申请已撤回");
    }

    [Fact]
    public void A_rejection_reason_is_trimmed_and_required_within_its_length()
    {
        CheckInRules.RejectionReason("  须本人参加 ").ShouldBe(("须本人参加", null));
        CheckInRules.RejectionReason(null).Error.ShouldBe("驳回请假申请须填写驳回理由");
        CheckInRules.RejectionReason(" \t ").Error.ShouldBe("驳回请假申请须填写驳回理由");
        CheckInRules.RejectionReason(new string('长', 200)).Error.ShouldBeNull();
        CheckInRules.RejectionReason(new string('长', 201)).Error.ShouldBe("驳回理由不能超过200字");
    }

    [Fact]
    public void Days_waiting_count_china_calendar_days()
    {
        // 23:30 on the 19th and 00:30 on the 20th China time are one day apart
        CheckInRules.DaysWaiting(At(19, 23, 30), At(20, 0, 30)).ShouldBe(1);
        CheckInRules.DaysWaiting(At(20, 8), At(20, 23)).ShouldBe(0);
        CheckInRules.DaysWaiting(At(20, 8), At(19, 8)).ShouldBe(0);
    }

    [Fact]
    public void Rejected_and_withdrawn_requests_no_longer_stand()
    {
        CheckInRules.IsOpen(LeaveRequestState.待审批).ShouldBeTrue();
        CheckInRules.IsOpen(LeaveRequestState.已批准).ShouldBeTrue();
        CheckInRules.IsOpen(LeaveRequestState.已驳回).ShouldBeFalse();
        CheckInRules.IsOpen(LeaveRequestState.已撤回).ShouldBeFalse();
    }

    [Fact]
    public void Each_leave_state_has_its_own_badge_and_pending_is_the_warning_one()
    {
        CheckInRules.BadgeClass(LeaveRequestState.待审批).ShouldBe("text-bg-warning");
        CheckInRules.BadgeClass(LeaveRequestState.已批准).ShouldBe("text-bg-success");
        CheckInRules.BadgeClass(LeaveRequestState.已驳回).ShouldBe("text-bg-danger");
        CheckInRules.BadgeClass(LeaveRequestState.已撤回).ShouldBe("text-bg-secondary");
        Enum.GetValues<LeaveRequestState>().Select(CheckInRules.BadgeClass).Distinct().Count().ShouldBe(Enum.GetValues<LeaveRequestState>().Length);
    }
}
