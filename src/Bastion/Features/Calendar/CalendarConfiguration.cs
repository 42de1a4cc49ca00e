using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Calendar;

// EF mapping of the holiday calendar (0038_holiday_calendar.sql).

public sealed class HolidayArrangementConfiguration : IEntityTypeConfiguration<HolidayArrangement>
{
    public void Configure(EntityTypeBuilder<HolidayArrangement> e)
    {
        e.ToTable("holiday_years");
        e.HasKey(h => h.Year);
        e.Property(h => h.Year).ValueGeneratedNever();
        e.Property(h => h.Source).HasMaxLength(200);
        e.Property(h => h.UpdatedBy).HasMaxLength(100);
    }
}
