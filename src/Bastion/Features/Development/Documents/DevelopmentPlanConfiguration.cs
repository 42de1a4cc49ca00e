using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Development.Documents;

// EF mapping of the annual development plan (0044_development_plans.sql).
public sealed class DevelopmentPlanConfiguration : IEntityTypeConfiguration<DevelopmentPlan>
{
    public void Configure(EntityTypeBuilder<DevelopmentPlan> e)
    {
        e.ToTable("development_plans");
        e.Property(p => p.UpdatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.OrgId, p.Year }).IsUnique();
    }
}
