using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Organizations;

/// <summary>Members directly in one organization, kept by database triggers on members (read-only here).</summary>
public sealed class OrgMemberCount
{
    public long OrgId { get; set; }
    public int Direct { get; set; }
}

public sealed class OrgMemberCountConfiguration : IEntityTypeConfiguration<OrgMemberCount>
{
    public void Configure(EntityTypeBuilder<OrgMemberCount> e)
    {
        e.ToTable("org_member_counts");
        e.HasKey(c => c.OrgId);
        e.Property(c => c.OrgId).ValueGeneratedNever();
    }
}
