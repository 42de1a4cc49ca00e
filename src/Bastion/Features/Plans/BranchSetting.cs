using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Plans;

/// <summary>Per-branch planning settings: the fixed day (and default time and place) of the monthly 主题党日.</summary>
public sealed class BranchSetting
{
    public long OrgId { get; set; }
    /// <summary>Day of month 1–28, null when not fixed yet.</summary>
    public short? ThemeDay { get; set; }
    public TimeOnly ThemeTime { get; set; } = PlanRules.DefaultThemeTime;
    public string? ThemePlace { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

public sealed class BranchSettingConfiguration : IEntityTypeConfiguration<BranchSetting>
{
    public void Configure(EntityTypeBuilder<BranchSetting> e)
    {
        e.ToTable("branch_settings");
        e.HasKey(s => s.OrgId);
        e.Property(s => s.OrgId).ValueGeneratedNever();
        e.Property(s => s.ThemePlace).HasMaxLength(200);
        e.Property(s => s.UpdatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
