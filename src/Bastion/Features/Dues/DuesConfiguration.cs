using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Dues;

// EF mapping of the dues standards and bases (0041_dues_standards.sql).

public sealed class DuesRateTableConfiguration : IEntityTypeConfiguration<DuesRateTable>
{
    public void Configure(EntityTypeBuilder<DuesRateTable> e)
    {
        e.ToTable("dues_rate_tables");
        e.Property(t => t.Category).HasConversion<string>().HasMaxLength(10);
        e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(t => t.Rounding).HasConversion<string>().HasMaxLength(2);
        e.Property(t => t.State).HasConversion<string>().HasMaxLength(4);
        e.Property(t => t.FixedAmount).HasPrecision(10, 2);
        e.Property(t => t.MinAmount).HasPrecision(10, 2);
        e.Property(t => t.MaxAmount).HasPrecision(10, 2);
        e.Property(t => t.Basis).HasMaxLength(200);
        e.Property(t => t.Note).HasMaxLength(500);
        e.Property(t => t.CreatedBy).HasMaxLength(100);
        e.Property(t => t.ActivatedBy).HasMaxLength(100);
        e.Property(t => t.VoidedBy).HasMaxLength(100);
        e.Property(t => t.VoidReason).HasMaxLength(500);
        e.HasIndex(t => new { t.Category, t.Version }).IsUnique();
        e.HasOne<DuesRateTable>().WithMany().HasForeignKey(t => t.ReplacedById).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(t => t.Brackets).WithOne().HasForeignKey(b => b.TableId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DuesRateBracketConfiguration : IEntityTypeConfiguration<DuesRateBracket>
{
    public void Configure(EntityTypeBuilder<DuesRateBracket> e)
    {
        e.ToTable("dues_rate_brackets");
        e.Property(b => b.UpTo).HasPrecision(12, 2);
        e.Property(b => b.Rate).HasPrecision(7, 5);
    }
}

public sealed class DuesProfileConfiguration : IEntityTypeConfiguration<DuesProfile>
{
    public void Configure(EntityTypeBuilder<DuesProfile> e)
    {
        e.ToTable("dues_profiles");
        e.HasKey(p => p.MemberId);
        e.Property(p => p.MemberId).ValueGeneratedNever();
        e.Property(p => p.Category).HasConversion<string>().HasMaxLength(10);
        e.Property(p => p.Note).HasMaxLength(500);
        e.Property(p => p.UpdatedBy).HasMaxLength(100);
        e.HasOne<Member>().WithOne().HasForeignKey<DuesProfile>(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DuesBaseConfiguration : IEntityTypeConfiguration<DuesBase>
{
    public void Configure(EntityTypeBuilder<DuesBase> e)
    {
        e.ToTable("dues_bases");
        e.Property(b => b.Pay).HasPrecision(12, 2);
        e.Property(b => b.TaxWithheld).HasPrecision(12, 2);
        e.Property(b => b.Insurance).HasPrecision(12, 2);
        e.Property(b => b.HousingFund).HasPrecision(12, 2);
        e.Property(b => b.Base).HasPrecision(12, 2);
        e.Property(b => b.Amount).HasPrecision(10, 2);
        e.Property(b => b.Source).HasConversion<string>().HasMaxLength(4);
        e.Property(b => b.Note).HasMaxLength(500);
        e.Property(b => b.CreatedBy).HasMaxLength(100);
        e.Property(b => b.UpdatedBy).HasMaxLength(100);
        e.HasIndex(b => new { b.MemberId, b.Year, b.FromMonth }).IsUnique();
        e.HasIndex(b => b.ImportJobId);
        e.HasOne<Member>().WithMany().HasForeignKey(b => b.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Members.Import.ImportJob>().WithMany().HasForeignKey(b => b.ImportJobId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class DuesUnitSettingConfiguration : IEntityTypeConfiguration<DuesUnitSetting>
{
    public void Configure(EntityTypeBuilder<DuesUnitSetting> e)
    {
        e.ToTable("dues_unit_settings");
        e.HasKey(s => s.OrgId);
        e.Property(s => s.OrgId).ValueGeneratedNever();
        e.Property(s => s.FarmerAmount).HasPrecision(10, 2);
        e.Property(s => s.UpdatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
