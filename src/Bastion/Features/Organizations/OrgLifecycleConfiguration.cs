using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Organizations;

// EF mappings of the organization lifecycle (applied by AppDbContext from the assembly; tables in 0007_org_lifecycle.sql).

/// <summary>The lifecycle columns of organizations (the rest of the mapping is in AppDbContext).</summary>
public sealed class OrganizationLifecycleConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> e)
    {
        e.HasOne<Organization>().WithMany().HasForeignKey(o => o.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(o => o.MergedIntoId);
    }
}

public sealed class OrgHistoryConfiguration : IEntityTypeConfiguration<OrgHistory>
{
    public void Configure(EntityTypeBuilder<OrgHistory> e)
    {
        e.ToTable("org_history");
        e.Property(h => h.Action).HasConversion<string>().HasMaxLength(10);
        e.Property(h => h.OldValue).HasMaxLength(300);
        e.Property(h => h.NewValue).HasMaxLength(300);
        e.Property(h => h.Reason).HasMaxLength(OrgLifecycleRules.ReasonMax);
        e.Property(h => h.ApprovalNo).HasMaxLength(OrgLifecycleRules.ApprovalNoMax);
        e.Property(h => h.ActorName).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(h => h.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(h => h.RelatedOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(h => h.OrgId);
        e.HasIndex(h => h.RelatedOrgId);
    }
}

public sealed class JointUnitConfiguration : IEntityTypeConfiguration<JointUnit>
{
    public void Configure(EntityTypeBuilder<JointUnit> e)
    {
        e.ToTable("org_joint_units");
        e.Property(u => u.Name).HasMaxLength(OrgLifecycleRules.UnitNameMax);
        e.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(u => new { u.OrgId, u.Name }).IsUnique().HasFilter("removed_at IS NULL");
    }
}

public sealed class LiaisonLinkConfiguration : IEntityTypeConfiguration<LiaisonLink>
{
    public void Configure(EntityTypeBuilder<LiaisonLink> e)
    {
        e.ToTable("liaison_links");
        e.Property(l => l.PersonName).HasMaxLength(OrgLifecycleRules.PersonNameMax);
        e.Property(l => l.Post).HasMaxLength(OrgLifecycleRules.PostMax);
        e.Property(l => l.EndReason).HasMaxLength(200);
        e.Property(l => l.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(l => l.CommitteeOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Member>().WithMany().HasForeignKey(l => l.MemberId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(l => l.OrgId);
        e.HasIndex(l => l.CommitteeOrgId);
        e.HasIndex(l => l.UserId);
        e.HasIndex(l => l.MemberId);
        // one current link per person of a leadership team (by name, account or member record)
        e.HasIndex(l => new { l.CommitteeOrgId, l.PersonName }).IsUnique().HasFilter("ended_on IS NULL");
        e.HasIndex(l => new { l.CommitteeOrgId, l.UserId }).IsUnique().HasFilter("ended_on IS NULL AND user_id IS NOT NULL");
        e.HasIndex(l => new { l.CommitteeOrgId, l.MemberId }).IsUnique().HasFilter("ended_on IS NULL AND member_id IS NOT NULL");
    }
}

public sealed class GuidanceVisitConfiguration : IEntityTypeConfiguration<GuidanceVisit>
{
    public void Configure(EntityTypeBuilder<GuidanceVisit> e)
    {
        e.ToTable("liaison_visits");
        e.Property(v => v.Content).HasMaxLength(OrgLifecycleRules.VisitTextMax);
        e.Property(v => v.Problems).HasMaxLength(OrgLifecycleRules.VisitTextMax);
        e.Property(v => v.RecordedBy).HasMaxLength(100);
        e.HasOne<LiaisonLink>().WithMany().HasForeignKey(v => v.LinkId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(v => v.LinkId);
        e.HasIndex(v => new { v.OrgId, v.VisitDate });
    }
}
