using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.UnitedFront;

/// <summary>EF mapping of the 统战 database (tables from migration 0003_united_front.sql; snake_case names come from AppDbContext).</summary>
public sealed class UnitedFrontPersonConfiguration : IEntityTypeConfiguration<UnitedFrontPerson>
{
    public void Configure(EntityTypeBuilder<UnitedFrontPerson> e)
    {
        e.ToTable("united_front_people");
        e.Property(p => p.Name).HasMaxLength(UnitedFrontRules.NameMax);
        e.Property(p => p.Gender).HasConversion<string>().HasMaxLength(2);
        e.Property(p => p.Category).HasConversion<string>().HasMaxLength(10);
        e.Property(p => p.Party).HasMaxLength(UnitedFrontRules.PartyMax);
        e.Property(p => p.Ethnicity).HasMaxLength(UnitedFrontRules.EthnicityMax);
        e.Property(p => p.Employer).HasMaxLength(UnitedFrontRules.EmployerMax);
        e.Property(p => p.Position).HasMaxLength(UnitedFrontRules.PositionMax);
        e.Property(p => p.Expertise).HasMaxLength(UnitedFrontRules.ExpertiseMax);
        e.Property(p => p.Phone).HasMaxLength(UnitedFrontRules.PhoneMax);
        e.Property(p => p.Notes).HasMaxLength(UnitedFrontRules.NotesMax);
        e.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => p.OrgId);
        e.HasIndex(p => p.Category);
    }
}

public sealed class UnitedFrontContactConfiguration : IEntityTypeConfiguration<UnitedFrontContact>
{
    public void Configure(EntityTypeBuilder<UnitedFrontContact> e)
    {
        e.ToTable("united_front_contacts");
        e.Property(c => c.OurPerson).HasMaxLength(UnitedFrontRules.OurPersonMax);
        e.Property(c => c.Topics).HasMaxLength(UnitedFrontRules.TopicsMax);
        e.Property(c => c.FollowUp).HasMaxLength(UnitedFrontRules.FollowUpMax);
        e.Property(c => c.RecordedBy).HasMaxLength(100);
        e.HasOne<UnitedFrontPerson>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.PersonId, c.ContactDate });
        e.HasIndex(c => c.OrgId);
    }
}
