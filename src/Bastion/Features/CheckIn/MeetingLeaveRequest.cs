using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.CheckIn;

public enum LeaveRequestState { 待审批 = 1, 已批准 = 2, 已驳回 = 3, 已撤回 = 4 }

/// <summary>
/// 请假申请 of a member for a planned meeting (table meeting_leave_requests, 0013; rejection reason and 已撤回 in 0019).
/// A decided or withdrawn request carries who closed it and when (decided_by/decided_at).
/// </summary>
public sealed class MeetingLeaveRequest
{
    public const int ReasonMax = 200;

    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long MemberId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public LeaveRequestState State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>驳回理由, shown to the member; only on a rejected request.</summary>
    public string? RejectionReason { get; set; }
}

public sealed class MeetingLeaveRequestConfiguration : IEntityTypeConfiguration<MeetingLeaveRequest>
{
    public void Configure(EntityTypeBuilder<MeetingLeaveRequest> e)
    {
        e.ToTable("meeting_leave_requests");
        e.Property(r => r.Reason).HasMaxLength(MeetingLeaveRequest.ReasonMax);
        e.Property(r => r.State).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.DecidedBy).HasMaxLength(100);
        e.Property(r => r.RejectionReason).HasMaxLength(MeetingLeaveRequest.ReasonMax);
        e.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => new { r.MeetingId, r.MemberId }).IsUnique().HasFilter("state NOT IN ('已驳回','已撤回')");
        e.HasIndex(r => r.MemberId);
        e.HasIndex(r => new { r.State, r.RequestedAt }).IsDescending(false, true);
    }
}
