using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Dues.Months;

// EF mapping of the retention permission and the 使用 records (0051_dues_relief_remittance_spending.sql).

public sealed class DuesRetentionConfiguration : IEntityTypeConfiguration<DuesRetention>
{
    public void Configure(EntityTypeBuilder<DuesRetention> e)
    {
        e.ToTable("dues_retentions");
        e.Property(r => r.Basis).HasMaxLength(200);
        e.Property(r => r.SetBy).HasMaxLength(100);
        e.HasIndex(r => r.OrgId).IsUnique();
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DuesSpendingConfiguration : IEntityTypeConfiguration<DuesSpending>
{
    public void Configure(EntityTypeBuilder<DuesSpending> e)
    {
        e.ToTable("dues_spendings");
        e.Property(s => s.Amount).HasPrecision(14, 2);
        e.Property(s => s.Purpose).HasConversion<string>().HasMaxLength(10);
        e.Property(s => s.Description).HasMaxLength(200);
        e.Property(s => s.ApprovedBy).HasMaxLength(100);
        e.Property(s => s.VoucherNo).HasMaxLength(60);
        e.Property(s => s.CreatedBy).HasMaxLength(100);
        e.HasIndex(s => new { s.OrgId, s.SpentOn });
        e.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
