using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Meetings;

// EF mappings of organizational life (applied by AppDbContext from the assembly; tables in 0011_meetings.sql).

public sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> e)
    {
        e.ToTable("meetings");
        // a bit set, so the compliance engine counts a type with one bit test
        e.Property(m => m.Kinds).HasConversion<int>();
        e.Property(m => m.State).HasConversion<string>().HasMaxLength(10);
        e.Property(m => m.Place).HasMaxLength(200);
        e.Property(m => m.Topic).HasMaxLength(200);
        e.Property(m => m.Agenda).HasMaxLength(4000);
        e.Property(m => m.Resolutions).HasMaxLength(4000);
        e.Property(m => m.Guests).HasMaxLength(1000);
        e.Property(m => m.QuorumNote).HasMaxLength(500);
        e.Property(m => m.CreatedBy).HasMaxLength(100);
        e.Property(m => m.RecordedBy).HasMaxLength(100);
        e.Property(m => m.Expected).HasDefaultValue(0);
        e.Property(m => m.VotingExpected).HasDefaultValue(0);
        e.Property(m => m.Present).HasDefaultValue(0);
        e.Property(m => m.VotingPresent).HasDefaultValue(0);
        e.Property(m => m.OnLeave).HasDefaultValue(0);
        e.Property(m => m.Absent).HasDefaultValue(0);
        e.Property(m => m.CommitteeExpected).HasDefaultValue(0);
        e.Property(m => m.CommitteePresent).HasDefaultValue(0);
        e.Property(m => m.QuorumMet).HasDefaultValue(false);
        e.Property(m => m.Version).HasDefaultValue(1);
        e.Property(m => m.Source).HasConversion<string>().HasMaxLength(10);
        e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(m => m.HostMemberId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Member>().WithMany().HasForeignKey(m => m.RecorderMemberId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Member>().WithMany().HasForeignKey(m => m.LecturerMemberId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(m => new { m.OrgId, m.HeldAt });
        e.HasIndex(m => m.HeldAt);
    }
}

public sealed class MeetingAttendanceConfiguration : IEntityTypeConfiguration<MeetingAttendance>
{
    public void Configure(EntityTypeBuilder<MeetingAttendance> e)
    {
        e.ToTable("meeting_attendance");
        e.Property(a => a.Status).HasConversion<string>().HasMaxLength(10);
        e.Property(a => a.Method).HasConversion<string>().HasMaxLength(10);
        e.Property(a => a.Reason).HasMaxLength(200);
        e.Property(a => a.DualLife).HasDefaultValue(false);
        e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => new { a.MeetingId, a.MemberId }).IsUnique();
        e.HasIndex(a => a.MemberId);
    }
}

public sealed class MeetingVersionConfiguration : IEntityTypeConfiguration<MeetingVersion>
{
    public void Configure(EntityTypeBuilder<MeetingVersion> e)
    {
        e.ToTable("meeting_versions");
        e.Property(v => v.Snapshot).HasColumnType("jsonb");
        e.Property(v => v.Reason).HasMaxLength(500);
        e.Property(v => v.ChangedBy).HasMaxLength(100);
        e.HasOne<Meeting>().WithMany().HasForeignKey(v => v.MeetingId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(v => new { v.MeetingId, v.Version }).IsUnique();
    }
}

public sealed class MeetingAttachmentConfiguration : IEntityTypeConfiguration<MeetingAttachment>
{
    public void Configure(EntityTypeBuilder<MeetingAttachment> e)
    {
        e.ToTable("meeting_attachments");
        e.Property(a => a.FileName).HasMaxLength(200);
        e.Property(a => a.ContentType).HasMaxLength(100);
        e.Property(a => a.Sha256).HasMaxLength(64);
        e.Property(a => a.UploadedBy).HasMaxLength(100);
        e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => a.MeetingId);
    }
}

public sealed class TalkConfiguration : IEntityTypeConfiguration<Talk>
{
    public void Configure(EntityTypeBuilder<Talk> e)
    {
        e.ToTable("talks");
        e.Property(t => t.Topics).HasMaxLength(1000);
        e.Property(t => t.FollowUp).HasMaxLength(1000);
        e.Property(t => t.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(t => t.TalkerMemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => new { t.OrgId, t.HeldOn });
        e.HasIndex(t => t.MemberId);
        e.HasIndex(t => t.TalkerMemberId);
    }
}

public sealed class MemberMembershipConfiguration : IEntityTypeConfiguration<MemberMembership>
{
    public void Configure(EntityTypeBuilder<MemberMembership> e)
    {
        e.ToTable("member_memberships");
        e.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => new { m.OrgId, m.FromDate });
        e.HasIndex(m => m.MemberId).IsUnique().HasFilter("to_date IS NULL");
    }
}
