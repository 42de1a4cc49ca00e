using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>The 志愿书 number tables on the shared context (AppDbContext stays untouched; tables in 0040_volunteer_book_numbers.sql).</summary>
public static class VolunteerBooksDb
{
    extension(AppDbContext db)
    {
        public DbSet<VolunteerBookRange> VolunteerBookRanges => db.Set<VolunteerBookRange>();
        public DbSet<VolunteerBookUse> VolunteerBookUses => db.Set<VolunteerBookUse>();
        public DbSet<VolunteerBookSpoil> VolunteerBookSpoils => db.Set<VolunteerBookSpoil>();
    }
}

public sealed class VolunteerBookRangeConfiguration : IEntityTypeConfiguration<VolunteerBookRange>
{
    public void Configure(EntityTypeBuilder<VolunteerBookRange> e)
    {
        e.ToTable("volunteer_book_ranges");
        e.Property(r => r.Prefix).HasMaxLength(VolunteerBookRules.PrefixMaxLength);
        e.Property(r => r.IssuedBy).HasMaxLength(VolunteerBookRules.IssuedByMaxLength);
        e.Property(r => r.DocumentNo).HasMaxLength(VolunteerBookRules.DocumentNoMaxLength);
        e.Property(r => r.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => r.OrgId);
        e.HasIndex(r => r.Prefix);
    }
}

public sealed class VolunteerBookUseConfiguration : IEntityTypeConfiguration<VolunteerBookUse>
{
    public void Configure(EntityTypeBuilder<VolunteerBookUse> e)
    {
        e.ToTable("volunteer_book_uses");
        e.Property(u => u.NumberText).HasMaxLength(VolunteerBookRules.NumberTextMaxLength);
        e.Property(u => u.PersonName).HasMaxLength(VolunteerBookRules.PersonNameMaxLength);
        e.Property(u => u.CreatedBy).HasMaxLength(100);
        e.HasOne<VolunteerBookRange>().WithMany().HasForeignKey(u => u.RangeId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(u => u.OrgId);
        e.HasIndex(u => new { u.RangeId, u.Number }).IsUnique();
        // one person, one number: a case holds at most one live number
        e.HasIndex(u => u.DevelopmentCaseId).IsUnique().HasFilter("spoiled_on IS NULL");
    }
}

public sealed class VolunteerBookSpoilConfiguration : IEntityTypeConfiguration<VolunteerBookSpoil>
{
    public void Configure(EntityTypeBuilder<VolunteerBookSpoil> e)
    {
        e.ToTable("volunteer_book_spoils");
        e.Property(s => s.NumberText).HasMaxLength(VolunteerBookRules.NumberTextMaxLength);
        e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(s => s.Reason).HasMaxLength(VolunteerBookRules.ReasonMaxLength);
        e.Property(s => s.CreatedBy).HasMaxLength(100);
        e.HasOne<VolunteerBookRange>().WithMany().HasForeignKey(s => s.RangeId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<VolunteerBookUse>().WithMany().HasForeignKey(s => s.UseId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(s => s.OrgId);
        e.HasIndex(s => new { s.RangeId, s.Number }).IsUnique();
        e.HasIndex(s => s.UseId).IsUnique().HasFilter("use_id IS NOT NULL");
    }
}
