using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Transfers;

// EF mappings of the transfers feature (applied by AppDbContext from the assembly; tables in 0006_transfers.sql).

public sealed class MemberTransferConfiguration : IEntityTypeConfiguration<MemberTransfer>
{
    public void Configure(EntityTypeBuilder<MemberTransfer> e)
    {
        e.ToTable("member_transfers");
        e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(t => t.State).HasConversion<string>().HasMaxLength(10);
        e.Property(t => t.FromOrgName).HasMaxLength(TransferRules.OrgNameMaxLength);
        e.Property(t => t.ToOrgName).HasMaxLength(TransferRules.OrgNameMaxLength);
        e.Property(t => t.Reason).HasMaxLength(TransferRules.ReasonMaxLength);
        e.Property(t => t.CreatedBy).HasMaxLength(100);
        e.Property(t => t.DecidedBy).HasMaxLength(100);
        e.Property(t => t.DecisionNote).HasMaxLength(TransferRules.ReasonMaxLength);
        e.Property(t => t.LetterNo).HasMaxLength(TransferRules.LetterNoMaxLength);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.FromOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.ToOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.IssuingOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(t => t.OrgId);
        e.HasIndex(t => t.ToOrgId);
        e.HasIndex(t => t.FromOrgId);
        // at most one transfer under way per member (waiting, or out of the platform and not back: 0018)
        e.HasIndex(t => t.MemberId).IsUnique().HasFilter("state = '待接收' OR (state = '已转出' AND returned_transfer_id IS NULL)");
        e.HasOne<MemberTransfer>().WithMany().HasForeignKey(t => t.ReturnedTransferId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(t => t.ReturnedTransferId).IsUnique().HasFilter("returned_transfer_id IS NOT NULL");
        e.HasIndex(t => new { t.IssuingOrgId, t.LetterNo }).IsUnique().HasFilter("issuing_org_id IS NOT NULL");
    }
}

public sealed class LetterNumberRangeConfiguration : IEntityTypeConfiguration<LetterNumberRange>
{
    public void Configure(EntityTypeBuilder<LetterNumberRange> e)
    {
        e.ToTable("letter_number_ranges");
        e.Property(r => r.Prefix).HasMaxLength(TransferRules.PrefixMaxLength);
        e.Property(r => r.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => r.OrgId);
    }
}
