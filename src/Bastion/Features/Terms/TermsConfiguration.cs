using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Terms;

// EF mappings of the terms feature (applied by AppDbContext from the assembly; table 0004_org_terms.sql).

public sealed class OrgTermConfiguration : IEntityTypeConfiguration<OrgTerm>
{
    public void Configure(EntityTypeBuilder<OrgTerm> e)
    {
        e.ToTable("org_terms");
        e.Ignore(t => t.EffectiveDueDate);
        e.Property(t => t.AdjustmentReason).HasMaxLength(TermRules.ReasonMaxLength);
        e.Property(t => t.ApprovalDocNo).HasMaxLength(TermRules.DocNoMaxLength);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(t => new { t.OrgId, t.Number }).IsUnique();
        // at most one current (not ended) term per organization
        e.HasIndex(t => t.OrgId).IsUnique().HasFilter("end_date IS NULL");
    }
}

public sealed class OrgTermMemberConfiguration : IEntityTypeConfiguration<OrgTermMember>
{
    public void Configure(EntityTypeBuilder<OrgTermMember> e)
    {
        e.ToTable("org_term_members");
        e.Property(m => m.Post).HasConversion<string>().HasMaxLength(10);
        e.Property(m => m.Name).HasMaxLength(TermRules.NameMaxLength);
        e.HasOne<OrgTerm>().WithMany().HasForeignKey(m => m.TermId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(m => m.TermId);
        e.HasIndex(m => m.MemberId);
    }
}

public sealed class TermReminderSentConfiguration : IEntityTypeConfiguration<TermReminderSent>
{
    public void Configure(EntityTypeBuilder<TermReminderSent> e)
    {
        e.ToTable("term_reminders_sent");
        e.Property(r => r.Stage).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.Key).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<OrgTerm>().WithMany().HasForeignKey(r => r.TermId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => new { r.OrgId, r.Key }).IsUnique();
        e.HasIndex(r => r.TermId);
    }
}
