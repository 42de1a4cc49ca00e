using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Development;

// EF mapping of member development (0039_development_cases.sql).

public sealed class DevelopmentCaseConfiguration : IEntityTypeConfiguration<DevelopmentCase>
{
    public void Configure(EntityTypeBuilder<DevelopmentCase> e)
    {
        e.ToTable("development_cases");
        e.Property(c => c.Name).HasMaxLength(50);
        e.Property(c => c.IdNumber).HasMaxLength(18);
        e.Property(c => c.Gender).HasConversion<string>().HasMaxLength(2);
        e.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        e.Property(c => c.PackVersion).HasMaxLength(20);
        e.Property(c => c.VolunteerBookNo).HasMaxLength(50);
        e.Property(c => c.CloseReason).HasMaxLength(500);
        e.Property(c => c.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<DevelopmentCase>().WithMany().HasForeignKey(c => c.TransferredFromId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.OrgId, c.State });
    }
}

public sealed class DevelopmentStepConfiguration : IEntityTypeConfiguration<DevelopmentStep>
{
    public void Configure(EntityTypeBuilder<DevelopmentStep> e)
    {
        e.ToTable("development_steps");
        e.Property(s => s.Step).HasMaxLength(3);
        e.Property(s => s.Fields).HasColumnType("jsonb");
        e.Property(s => s.LateReason).HasMaxLength(500);
        e.Property(s => s.EditReason).HasMaxLength(500);
        e.Property(s => s.RecordedBy).HasMaxLength(100);
        e.HasOne<DevelopmentCase>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DevelopmentStep>().WithMany().HasForeignKey(s => s.SupersedesId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DevelopmentStep>().WithMany().HasForeignKey(s => s.CopiedFromId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DevelopmentStepMemberConfiguration : IEntityTypeConfiguration<DevelopmentStepMember>
{
    public void Configure(EntityTypeBuilder<DevelopmentStepMember> e)
    {
        e.ToTable("development_step_members");
        e.HasKey(m => new { m.StepId, m.MemberId });
        e.Property(m => m.Role).HasMaxLength(10);
        e.HasOne<DevelopmentStep>().WithMany().HasForeignKey(m => m.StepId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DevelopmentDocumentConfiguration : IEntityTypeConfiguration<DevelopmentDocument>
{
    public void Configure(EntityTypeBuilder<DevelopmentDocument> e)
    {
        e.ToTable("development_documents");
        e.Property(d => d.Step).HasMaxLength(3);
        e.Property(d => d.FileName).HasMaxLength(200);
        e.Property(d => d.ContentType).HasMaxLength(100);
        e.Property(d => d.Sha256).HasMaxLength(64);
        e.Property(d => d.UploadedBy).HasMaxLength(100);
        e.HasOne<DevelopmentCase>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DevelopmentTransferConfiguration : IEntityTypeConfiguration<DevelopmentTransfer>
{
    public void Configure(EntityTypeBuilder<DevelopmentTransfer> e)
    {
        e.ToTable("development_transfers");
        e.Property(t => t.State).HasConversion<string>().HasMaxLength(10);
        e.Property(t => t.Reason).HasMaxLength(500);
        e.Property(t => t.CreatedBy).HasMaxLength(100);
        e.Property(t => t.DecidedBy).HasMaxLength(100);
        e.Property(t => t.DecisionNote).HasMaxLength(500);
        e.HasOne<DevelopmentCase>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DevelopmentCase>().WithMany().HasForeignKey(t => t.NewCaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.FromOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

// 0048_development_sponsor_changes.sql
public sealed class DevelopmentSponsorChangeConfiguration : IEntityTypeConfiguration<DevelopmentSponsorChange>
{
    public void Configure(EntityTypeBuilder<DevelopmentSponsorChange> e)
    {
        e.ToTable("development_sponsor_changes");
        e.Property(c => c.Reason).HasMaxLength(300);
        e.Property(c => c.RecordedBy).HasMaxLength(100);
        e.HasOne<DevelopmentCase>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(c => c.ReplacedMemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.CaseId, c.Id });
    }
}
