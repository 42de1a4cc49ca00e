using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Compliance;

// EF mappings of the compliance engine (tables in 0012_compliance.sql). meeting_month_stats is read with SQL only.

public sealed class ComplianceRuleOverrideConfiguration : IEntityTypeConfiguration<ComplianceRuleOverride>
{
    public void Configure(EntityTypeBuilder<ComplianceRuleOverride> e)
    {
        e.ToTable("compliance_rules");
        e.Property(r => r.OrgType).HasConversion<string>().HasMaxLength(20);
        e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.Frequency).HasConversion<string>().HasMaxLength(2);
        e.Property(r => r.CreatedBy).HasMaxLength(100);
        e.HasIndex(r => new { r.OrgType, r.Kind });
    }
}

public sealed class ComplianceExemptionConfiguration : IEntityTypeConfiguration<ComplianceExemption>
{
    public void Configure(EntityTypeBuilder<ComplianceExemption> e)
    {
        e.ToTable("compliance_exemptions");
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.OrgId);
    }
}

public sealed class ComplianceReminderSentConfiguration : IEntityTypeConfiguration<ComplianceReminderSent>
{
    public void Configure(EntityTypeBuilder<ComplianceReminderSent> e)
    {
        e.ToTable("compliance_reminders_sent");
        e.Property(x => x.Key).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.OrgId, x.Key }).IsUnique();
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("outbox_messages");
        e.Property(x => x.Channel).HasMaxLength(10);
        e.Property(x => x.Phone).HasMaxLength(20);
        e.Property(x => x.Text).HasMaxLength(1000);
    }
}

public sealed class MeetingMonthStatConfiguration : IEntityTypeConfiguration<MeetingMonthStat>
{
    public void Configure(EntityTypeBuilder<MeetingMonthStat> e)
    {
        e.ToTable("meeting_month_stats");
        e.HasKey(x => new { x.OrgId, x.Month });
        e.HasIndex(x => new { x.Month, x.OrgId });
    }
}
