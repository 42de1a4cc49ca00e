using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Appraisals;

// EF mappings of 民主评议党员 (tables in 0014_plans_appraisals.sql).

public sealed class AppraisalRoundConfiguration : IEntityTypeConfiguration<AppraisalRound>
{
    public void Configure(EntityTypeBuilder<AppraisalRound> e)
    {
        e.ToTable("appraisal_rounds");
        e.Property(r => r.GradeSet).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.State).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.CreatedBy).HasMaxLength(100);
        e.Property(r => r.FinishedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => new { r.OrgId, r.Year }).IsUnique();
    }
}

public sealed class AppraisalEntryConfiguration : IEntityTypeConfiguration<AppraisalEntry>
{
    public void Configure(EntityTypeBuilder<AppraisalEntry> e)
    {
        e.ToTable("appraisal_entries");
        e.Property(x => x.SelfAssessment).HasMaxLength(2000);
        e.Property(x => x.PeerSummary).HasMaxLength(2000);
        e.Property(x => x.Grade).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.DecidedBy).HasMaxLength(100);
        e.Property(x => x.VotesExcellent).HasDefaultValue(0);
        e.Property(x => x.VotesQualified).HasDefaultValue(0);
        e.Property(x => x.VotesBasic).HasDefaultValue(0);
        e.Property(x => x.VotesUnqualified).HasDefaultValue(0);
        e.HasOne<AppraisalRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.RoundId, x.MemberId }).IsUnique();
        e.HasIndex(x => x.MemberId);
    }
}

public sealed class AppraisalFollowUpConfiguration : IEntityTypeConfiguration<AppraisalFollowUp>
{
    public void Configure(EntityTypeBuilder<AppraisalFollowUp> e)
    {
        e.ToTable("appraisal_followups");
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.ResultNote).HasMaxLength(1000);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.Property(x => x.ClosedBy).HasMaxLength(100);
        e.HasOne<AppraisalEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.EntryId).IsUnique();
        e.HasIndex(x => new { x.OrgId, x.State });
    }
}

public sealed class MemberAppraisalConfiguration : IEntityTypeConfiguration<MemberAppraisal>
{
    public void Configure(EntityTypeBuilder<MemberAppraisal> e)
    {
        e.ToTable("member_appraisals");
        e.Property(x => x.Grade).HasConversion<string>().HasMaxLength(10);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AppraisalRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.MemberId, x.Year }).IsUnique();
    }
}
