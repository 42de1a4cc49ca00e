using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Dues.Months;

// EF mapping of the monthly cycle (0042_dues_months.sql).

public sealed class DuesMonthConfiguration : IEntityTypeConfiguration<DuesMonth>
{
    public void Configure(EntityTypeBuilder<DuesMonth> e)
    {
        e.ToTable("dues_months");
        e.Property(m => m.State).HasConversion<string>().HasMaxLength(4);
        e.Property(m => m.CreatedBy).HasMaxLength(100);
        e.Property(m => m.StartedBy).HasMaxLength(100);
        e.Property(m => m.SettledBy).HasMaxLength(100);
        e.HasIndex(m => new { m.OrgId, m.Month }).IsUnique();
        e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DuesEntryConfiguration : IEntityTypeConfiguration<DuesEntry>
{
    public void Configure(EntityTypeBuilder<DuesEntry> e)
    {
        e.ToTable("dues_entries");
        e.Property(x => x.Category).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.Base).HasPrecision(12, 2);
        e.Property(x => x.Rate).HasPrecision(7, 5);
        e.Property(x => x.Assessed).HasPrecision(10, 2);
        e.Property(x => x.Due).HasPrecision(10, 2);
        e.Property(x => x.PaidAmount).HasPrecision(10, 2);
        e.Property(x => x.Problem).HasMaxLength(40);
        e.Property(x => x.DelayRemark).HasMaxLength(500);
        e.HasIndex(x => new { x.MemberId, x.MonthId }).IsUnique(); // migration 0057: also serves a member's history
        e.HasIndex(x => new { x.OrgId, x.MonthId });
        e.HasOne<DuesMonth>().WithMany().HasForeignKey(x => x.MonthId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DuesReduction>().WithMany().HasForeignKey(x => x.ReductionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DuesPayment>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DuesPaymentConfiguration : IEntityTypeConfiguration<DuesPayment>
{
    public void Configure(EntityTypeBuilder<DuesPayment> e)
    {
        e.ToTable("dues_payments");
        e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(4);
        e.Property(p => p.State).HasConversion<string>().HasMaxLength(3);
        e.Property(p => p.Method).HasConversion<string>().HasMaxLength(4);
        e.Property(p => p.Amount).HasPrecision(10, 2);
        e.Property(p => p.ReceiptNo).HasMaxLength(60);
        e.Property(p => p.BackPayReason).HasMaxLength(500);
        e.Property(p => p.Note).HasMaxLength(500);
        e.Property(p => p.RecordedBy).HasMaxLength(100);
        e.Property(p => p.ConfirmedBy).HasMaxLength(100);
        e.HasIndex(p => p.EntryId).IsUnique().HasFilter("kind = '党费' AND state <> '已驳回'").HasDatabaseName("ux_dues_payments_once");
        e.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DuesEntry>().WithMany().HasForeignKey(p => p.EntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DuesBranchReportConfiguration : IEntityTypeConfiguration<DuesBranchReport>
{
    public void Configure(EntityTypeBuilder<DuesBranchReport> e)
    {
        e.ToTable("dues_branch_reports");
        e.Property(r => r.DueTotal).HasPrecision(14, 2);
        e.Property(r => r.PaidTotal).HasPrecision(14, 2);
        e.Property(r => r.ReportedBy).HasMaxLength(100);
        e.HasIndex(r => new { r.MonthId, r.OrgId }).IsUnique();
        e.HasOne<DuesMonth>().WithMany().HasForeignKey(r => r.MonthId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DuesReductionConfiguration : IEntityTypeConfiguration<DuesReduction>
{
    public void Configure(EntityTypeBuilder<DuesReduction> e)
    {
        e.ToTable("dues_reductions");
        e.Property(r => r.Amount).HasPrecision(10, 2);
        e.Property(r => r.BranchDecision).HasMaxLength(200);
        e.Property(r => r.ApprovalNo).HasMaxLength(100);
        e.Property(r => r.State).HasConversion<string>().HasMaxLength(4);
        e.Property(r => r.DecidedBy).HasMaxLength(100);
        e.Property(r => r.RefusalReason).HasMaxLength(500);
        e.Property(r => r.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DuesRemittanceConfiguration : IEntityTypeConfiguration<DuesRemittance>
{
    public void Configure(EntityTypeBuilder<DuesRemittance> e)
    {
        e.ToTable("dues_remittances");
        e.Property(r => r.Amount).HasPrecision(14, 2);
        e.Property(r => r.ReceiptNo).HasMaxLength(60);
        e.Property(r => r.Note).HasMaxLength(500);
        e.Property(r => r.OverReason).HasMaxLength(500);
        e.Property(r => r.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DuesArrearsNoticeConfiguration : IEntityTypeConfiguration<DuesArrearsNotice>
{
    public void Configure(EntityTypeBuilder<DuesArrearsNotice> e)
    {
        e.ToTable("dues_arrears_notices");
        e.HasIndex(n => new { n.MemberId, n.SinceMonth }).IsUnique();
        e.HasOne<Member>().WithMany().HasForeignKey(n => n.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
