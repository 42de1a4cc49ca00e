using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Ledger;

// EF mappings of the ledger (tables in 0016_ledger.sql).

public sealed class LedgerItemConfiguration : IEntityTypeConfiguration<LedgerItem>
{
    public void Configure(EntityTypeBuilder<LedgerItem> e)
    {
        e.ToTable("ledger_items");
        e.Property(i => i.Source).HasConversion<string>().HasMaxLength(10);
        e.Property(i => i.SourceRef).HasMaxLength(200);
        e.Property(i => i.Title).HasMaxLength(200);
        e.Property(i => i.Description).HasMaxLength(4000);
        e.Property(i => i.ExtensionReason).HasMaxLength(500);
        e.Property(i => i.OwnerName).HasMaxLength(50);
        e.Property(i => i.VerifierName).HasMaxLength(50);
        e.Property(i => i.WorkStandard).HasMaxLength(1000);
        e.Property(i => i.AssessingDepartment).HasMaxLength(100);
        e.Property(i => i.Priority).HasConversion<string>().HasMaxLength(4).HasDefaultValue(LedgerPriority.一般);
        e.Property(i => i.Tags).HasDefaultValueSql("'{}'");
        e.Property(i => i.State).HasConversion<string>().HasMaxLength(6).HasDefaultValue(LedgerState.待办);
        e.Property(i => i.ReopenCount).HasDefaultValue(0);
        e.Property(i => i.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AppUser>().WithMany().HasForeignKey(i => i.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AppUser>().WithMany().HasForeignKey(i => i.VerifierUserId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AppUser>().WithMany().HasForeignKey(i => i.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<InspectionFinding>().WithMany().HasForeignKey(i => i.FindingId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<InspectionRound>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(i => i.OrgId);
        e.HasIndex(i => i.OwnerUserId);
        e.HasIndex(i => i.VerifierUserId);
        e.HasIndex(i => i.FindingId);
        e.HasIndex(i => i.RoundId);
        e.HasIndex(i => i.CreatedByUserId);
        e.HasIndex(i => i.Deadline).HasFilter("state <> '已销号'");
    }
}

public sealed class LedgerTransitionConfiguration : IEntityTypeConfiguration<LedgerTransition>
{
    public void Configure(EntityTypeBuilder<LedgerTransition> e)
    {
        e.ToTable("ledger_transitions");
        e.Property(t => t.Action).HasMaxLength(20);
        e.Property(t => t.FromState).HasConversion<string>().HasMaxLength(6);
        e.Property(t => t.ToState).HasConversion<string>().HasMaxLength(6);
        e.Property(t => t.ActorName).HasMaxLength(100);
        e.Property(t => t.Reason).HasMaxLength(1000);
        e.HasOne(t => t.Item).WithMany().HasForeignKey(t => t.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => t.ItemId);
    }
}

public sealed class LedgerEvidenceConfiguration : IEntityTypeConfiguration<LedgerEvidence>
{
    public void Configure(EntityTypeBuilder<LedgerEvidence> e)
    {
        e.ToTable("ledger_evidence");
        e.Property(v => v.Text).HasMaxLength(2000);
        e.Property(v => v.FileName).HasMaxLength(200);
        e.Property(v => v.ContentType).HasMaxLength(100);
        e.Property(v => v.Size).HasDefaultValue(0L);
        e.Property(v => v.Sha256).HasMaxLength(64);
        e.Property(v => v.UploadedBy).HasMaxLength(100);
        e.HasOne(v => v.Item).WithMany().HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(v => v.Transition).WithMany().HasForeignKey(v => v.TransitionId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(v => v.ItemId);
        e.HasIndex(v => v.TransitionId);
    }
}
