using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// Demo dues (deterministic): the national standards enabled from January of this year, and for every member a
/// category and a base (retirees by birth year; 在职 bases from a payroll-like figure, a few with a July adjustment).
/// </summary>
public static class DemoDues
{
    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var year = clock.Today().Year;
        await DuesRateTables.SeedNationalAsync(db, new DateOnly(year, 1, 1), now, "演示数据", ct);
        var members = await db.Members.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.BirthDate }).ToListAsync(ct);
        foreach (var m in members)
        {
            var category = m.BirthDate.Year < 1962 ? DuesCategory.离退休 : m.Id % 17 == 5 ? DuesCategory.学生 : m.Id % 23 == 7 ? DuesCategory.农民 : DuesCategory.在职;
            db.Add(new DuesProfile { MemberId = m.Id, Category = category, UpdatedAt = now, UpdatedBy = "演示数据" });
            if (category is not (DuesCategory.在职 or DuesCategory.离退休)) continue;
            var pay = category == DuesCategory.离退休 ? 3800m + m.Id * 137 % 2400 : 4200m + m.Id * 733 % 9800;
            var tax = category == DuesCategory.离退休 ? 0m : decimal.Round(Math.Max(0m, pay - 5000m) * 0.03m, 2);
            Add(m.Id, category, 1, pay, tax);
            if (category == DuesCategory.在职 && m.Id % 5 == 0) Add(m.Id, category, 7, pay + 600m, decimal.Round(Math.Max(0m, pay + 600m - 5000m) * 0.03m, 2));
        }
        await db.SaveChangesAsync(ct);

        void Add(long memberId, DuesCategory category, int fromMonth, decimal pay, decimal tax)
        {
            var @base = pay - tax;
            var standard = DuesRules.NationalStandard(category);
            db.Add(new DuesBase
            {
                MemberId = memberId, Year = year, FromMonth = (short)fromMonth, Pay = pay, TaxWithheld = tax, Insurance = decimal.Round(pay * 0.105m, 2),
                HousingFund = decimal.Round(pay * 0.08m, 2), InsuranceDeducted = false, Base = @base,
                Amount = DuesRules.Assess(standard, @base).Value?.Amount, Source = fromMonth == 1 ? DuesBaseSource.导入 : DuesBaseSource.手工,
                CreatedAt = now, CreatedBy = "演示数据",
            });
        }
    }
}
