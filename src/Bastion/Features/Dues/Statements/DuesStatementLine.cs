using Bastion.Domain;
using Bastion.Features.Members.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Dues.Statements;

/// <summary>What became of a line of an imported statement.</summary>
public enum DuesStatementLineState
{
    /// <summary>Matched to a member (automatically or by hand): written on 确认导入.</summary>
    已匹配 = 1,
    /// <summary>Not matched, or ambiguous: waits to be assigned by hand; not written otherwise.</summary>
    待指定 = 2,
    /// <summary>Refused with its reason (amount, month paid, scope, duplicate …): never written.</summary>
    已拒绝 = 3,
    /// <summary>Written: its payments exist.</summary>
    已导入 = 4,
}

/// <summary>
/// One line of a bank 对账单 or WeChat 收款记录 uploaded for the open dues month (0050). Kept from the check on, so the
/// collector sees the preview, assigns unmatched lines by hand and confirms; the key (<see cref="LineKey"/>) of an
/// imported line is unique in the tenant, so a statement uploaded twice pays nothing twice. Only what the page needs is
/// kept: the payer as the file names them, the last 4 digits of the account, the texts with long numbers masked.
/// </summary>
public sealed class DuesStatementLine
{
    public long Id { get; set; }
    public long JobId { get; set; }
    /// <summary>The organization the statement was imported for (a branch, or a 党委 for its subtree).</summary>
    public long OrgId { get; set; }
    /// <summary>The tenant (root organization): the scope of <see cref="LineKey"/>.</summary>
    public long RootOrgId { get; set; }
    /// <summary>The open month the file was checked against.</summary>
    public long MonthId { get; set; }
    /// <summary>The line's row number in the sheet.</summary>
    public int LineNo { get; set; }
    public required string LineKey { get; set; }
    public string? Reference { get; set; }
    public DateOnly? PaidOn { get; set; }
    public string? Payer { get; set; }
    public string? AccountTail { get; set; }
    public string? Memo { get; set; }
    public decimal? Amount { get; set; }
    public DuesPayMethod Method { get; set; }
    public DuesStatementLineState State { get; set; }
    public long? MemberId { get; set; }
    public long? SuggestedMemberId { get; set; }
    /// <summary>Who assigned the line by hand; null: matched by the import.</summary>
    public string? AssignedBy { get; set; }
    /// <summary>The months the line pays ("2026-04,2026-05").</summary>
    public string? Months { get; set; }
    public string? Reason { get; set; }
    public int Payments { get; set; }
    public DateTimeOffset? ImportedAt { get; set; }
}

public sealed class DuesStatementLineConfiguration : IEntityTypeConfiguration<DuesStatementLine>
{
    public void Configure(EntityTypeBuilder<DuesStatementLine> e)
    {
        e.ToTable("dues_statement_lines");
        e.Property(x => x.LineKey).HasMaxLength(80);
        e.Property(x => x.Reference).HasMaxLength(60);
        e.Property(x => x.Payer).HasMaxLength(100);
        e.Property(x => x.AccountTail).HasMaxLength(8);
        e.Property(x => x.Memo).HasMaxLength(300);
        e.Property(x => x.Amount).HasPrecision(12, 2);
        e.Property(x => x.Method).HasConversion<string>().HasMaxLength(4);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(3);
        e.Property(x => x.AssignedBy).HasMaxLength(100);
        e.Property(x => x.Months).HasMaxLength(200);
        e.Property(x => x.Reason).HasMaxLength(300);
        e.HasIndex(x => new { x.JobId, x.LineNo });
        e.HasIndex(x => new { x.RootOrgId, x.LineKey }).IsUnique().HasFilter("state = '已导入'").HasDatabaseName("ux_dues_statement_lines_once");
        e.HasOne<ImportJob>().WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DuesMonth>().WithMany().HasForeignKey(x => x.MonthId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.SetNull);
    }
}
