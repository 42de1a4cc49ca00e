using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Inspections;

// EF mappings of 巡察 (tables in 0017_inspections.sql).

public sealed class InspectionRoundConfiguration : IEntityTypeConfiguration<InspectionRound>
{
    public void Configure(EntityTypeBuilder<InspectionRound> e)
    {
        e.ToTable("inspection_rounds");
        e.Property(r => r.Name).HasMaxLength(100);
        e.Property(r => r.Plan).HasMaxLength(4000);
        e.Property(r => r.AuthorizedBy).HasMaxLength(100);
        e.Property(r => r.AuthorizationNo).HasMaxLength(50);
        e.Property(r => r.AuthorizationScope).HasMaxLength(1000);
        e.Property(r => r.Archived).HasDefaultValue(false);
        e.Property(r => r.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => r.OrgId);
    }
}

public sealed class InspectionTargetConfiguration : IEntityTypeConfiguration<InspectionTarget>
{
    public void Configure(EntityTypeBuilder<InspectionTarget> e)
    {
        e.ToTable("inspection_targets");
        e.Property(t => t.Phase).HasConversion<string>().HasMaxLength(6).HasDefaultValue(InspectionPhase.准备);
        e.HasOne<InspectionRound>().WithMany().HasForeignKey(t => t.RoundId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(t => new { t.RoundId, t.OrgId }).IsUnique();
        e.HasIndex(t => t.OrgId);
    }
}

public sealed class InspectionPhaseEntryConfiguration : IEntityTypeConfiguration<InspectionPhaseEntry>
{
    public void Configure(EntityTypeBuilder<InspectionPhaseEntry> e)
    {
        e.ToTable("inspection_phase_entries");
        e.Property(p => p.Phase).HasConversion<string>().HasMaxLength(6);
        e.Property(p => p.RecordedBy).HasMaxLength(100);
        e.Property(p => p.Note).HasMaxLength(1000);
        e.HasOne<InspectionTarget>().WithMany().HasForeignKey(p => p.TargetId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(p => p.TargetId);
    }
}

public sealed class InspectionTeamMemberConfiguration : IEntityTypeConfiguration<InspectionTeamMember>
{
    public void Configure(EntityTypeBuilder<InspectionTeamMember> e)
    {
        e.ToTable("inspection_team_members");
        e.Property(m => m.Name).HasMaxLength(50);
        e.Property(m => m.Role).HasConversion<string>().HasMaxLength(4);
        e.Property(m => m.ConflictNote).HasMaxLength(500);
        e.Property(m => m.ConflictAcknowledged).HasDefaultValue(false);
        e.Property(m => m.AcknowledgementReason).HasMaxLength(500);
        e.Property(m => m.AddedBy).HasMaxLength(100);
        e.HasOne<InspectionRound>().WithMany().HasForeignKey(m => m.RoundId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => new { m.RoundId, m.UserId }).IsUnique();
        e.HasIndex(m => m.UserId);
    }
}

public sealed class InspectionExpressionConfiguration : IEntityTypeConfiguration<InspectionExpression>
{
    public void Configure(EntityTypeBuilder<InspectionExpression> e)
    {
        e.ToTable("inspection_expressions");
        e.Property(x => x.Category).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.Expression).HasMaxLength(500);
        e.Property(x => x.Symptoms).HasMaxLength(2000);
        e.Property(x => x.Example).HasMaxLength(2000);
        e.Property(x => x.Active).HasDefaultValue(true);
        e.Property(x => x.UpdatedBy).HasMaxLength(100);
    }
}

public sealed class InspectionFindingConfiguration : IEntityTypeConfiguration<InspectionFinding>
{
    public void Configure(EntityTypeBuilder<InspectionFinding> e)
    {
        e.ToTable("inspection_findings");
        e.Property(f => f.Title).HasMaxLength(200);
        e.Property(f => f.Facts).HasMaxLength(4000);
        e.Property(f => f.Evidence).HasMaxLength(4000);
        e.Property(f => f.ResponsiblePersons).HasMaxLength(500);
        e.Property(f => f.Responsibility).HasConversion<int>().HasDefaultValue(ResponsibilityKinds.None);
        e.Property(f => f.Basis).HasMaxLength(2000);
        e.Property(f => f.Category).HasConversion<string>().HasMaxLength(10);
        e.Property(f => f.ClueGrade).HasConversion<string>().HasMaxLength(12);
        e.Property(f => f.SuggestedForm).HasConversion<string>().HasMaxLength(6);
        e.Property(f => f.Expression).HasMaxLength(500);
        e.Property(f => f.Recommendation).HasMaxLength(2000);
        e.Property(f => f.Immediate).HasDefaultValue(false);
        e.Property(f => f.State).HasConversion<string>().HasMaxLength(4).HasDefaultValue(FindingState.草稿);
        e.Property(f => f.AgreedWording).HasMaxLength(1000);
        e.Property(f => f.AgreedBy).HasMaxLength(200);
        e.Property(f => f.Version).HasDefaultValue(1);
        e.Property(f => f.CreatedBy).HasMaxLength(100);
        e.HasOne<InspectionRound>().WithMany().HasForeignKey(f => f.RoundId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<InspectionTarget>().WithMany().HasForeignKey(f => f.TargetId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(f => f.ResponsibleOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<InspectionExpression>().WithMany().HasForeignKey(f => f.ExpressionId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(f => f.RoundId);
        e.HasIndex(f => f.TargetId);
        e.HasIndex(f => f.OrgId);
        e.HasIndex(f => f.ResponsibleOrgId);
        e.HasIndex(f => f.ExpressionId);
    }
}

public sealed class InspectionFindingVersionConfiguration : IEntityTypeConfiguration<InspectionFindingVersion>
{
    public void Configure(EntityTypeBuilder<InspectionFindingVersion> e)
    {
        e.ToTable("inspection_finding_versions");
        e.Property(v => v.Snapshot).HasColumnType("jsonb");
        e.Property(v => v.Reason).HasMaxLength(500);
        e.Property(v => v.ChangedBy).HasMaxLength(100);
        e.HasOne<InspectionFinding>().WithMany().HasForeignKey(v => v.FindingId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(v => new { v.FindingId, v.Version }).IsUnique();
    }
}

public sealed class InspectionFindingMessageConfiguration : IEntityTypeConfiguration<InspectionFindingMessage>
{
    public void Configure(EntityTypeBuilder<InspectionFindingMessage> e)
    {
        e.ToTable("inspection_finding_messages");
        e.Property(m => m.AuthorName).HasMaxLength(100);
        e.Property(m => m.Side).HasMaxLength(10);
        e.Property(m => m.Body).HasMaxLength(2000);
        e.Property(m => m.ProposedWording).HasMaxLength(1000);
        e.HasOne<InspectionFinding>().WithMany().HasForeignKey(m => m.FindingId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<AppUser>().WithMany().HasForeignKey(m => m.AuthorUserId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(m => m.FindingId);
        e.HasIndex(m => m.AuthorUserId);
    }
}

public sealed class InspectionFindingAttachmentConfiguration : IEntityTypeConfiguration<InspectionFindingAttachment>
{
    public void Configure(EntityTypeBuilder<InspectionFindingAttachment> e)
    {
        e.ToTable("inspection_finding_attachments");
        e.Property(a => a.FileName).HasMaxLength(200);
        e.Property(a => a.ContentType).HasMaxLength(100);
        e.Property(a => a.Sha256).HasMaxLength(64);
        e.Property(a => a.UploadedBy).HasMaxLength(100);
        e.HasOne<InspectionFinding>().WithMany().HasForeignKey(a => a.FindingId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => a.FindingId);
    }
}

public sealed class InspectionClueTransferConfiguration : IEntityTypeConfiguration<InspectionClueTransfer>
{
    public void Configure(EntityTypeBuilder<InspectionClueTransfer> e)
    {
        e.ToTable("inspection_clue_transfers");
        e.Property(t => t.Department).HasMaxLength(10);
        e.Property(t => t.TransferredBy).HasMaxLength(100);
        e.Property(t => t.Note).HasMaxLength(1000);
        e.Property(t => t.ReceiptNo).HasMaxLength(50);
        e.Property(t => t.ReceivedBy).HasMaxLength(100);
        e.HasOne<InspectionFinding>().WithMany().HasForeignKey(t => t.FindingId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => t.FindingId).IsUnique();
    }
}
