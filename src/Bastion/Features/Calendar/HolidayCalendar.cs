using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Calendar;

/// <summary>The working-day calendar of the recorded years; every working-day count in the platform starts here.</summary>
public sealed class HolidayCalendar(AppDbContext db)
{
    public async Task<WorkingDayCalendar> LoadAsync(CancellationToken ct = default)
    {
        var years = await db.Set<HolidayArrangement>().AsNoTracking().ToListAsync(ct);
        return new WorkingDayCalendar(years.Select(y => y.ToYear()));
    }
}
