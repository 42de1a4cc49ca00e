using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Dues.Months;

/// <summary>EF mapping of the returns of the multi-level 报送 (0052_dues_report_returns.sql).</summary>
public sealed class DuesReportReturnConfiguration : IEntityTypeConfiguration<DuesReportReturn>
{
    public void Configure(EntityTypeBuilder<DuesReportReturn> e)
    {
        e.ToTable("dues_report_returns");
        e.Property(r => r.Reason).HasMaxLength(500);
        e.Property(r => r.ReportedBy).HasMaxLength(100);
        e.Property(r => r.ReturnedBy).HasMaxLength(100);
        e.HasIndex(r => new { r.MonthId, r.OrgId });
        e.HasOne<DuesMonth>().WithMany().HasForeignKey(r => r.MonthId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.ByOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
