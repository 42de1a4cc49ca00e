using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>
/// 志愿书 numbers for the demo group (deterministic, dated by the demo clock): a range issued to 矿业公司党委 by the 省委组织部
/// six months back; each demo case past 预审 gets its number on its 预审 date; the first one's form was filled in wrongly,
/// spoiled (returned) and replaced by a new number, so every register has a row.
/// </summary>
public static class DemoVolunteerBooks
{
    public const string Prefix = "粤2026-";

    /// <param name="cases">The demo development cases past 预审 (step 13), oldest first.</param>
    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, IReadOnlyList<(long CaseId, string Name, DateOnly ReviewedOn)> cases, CancellationToken ct = default)
    {
        var mining = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == "矿业公司党委" && o.Status == OrgStatus.正常, ct);
        if (mining is null) return;
        var today = clock.Today();
        var issued = today.AddMonths(-6);
        db.VolunteerBookRanges.Add(new VolunteerBookRange
        {
            OrgId = mining.Id, Prefix = Prefix, StartNumber = 1, EndNumber = 200, NextNumber = 1, IssuedOn = issued,
            IssuedBy = "省委组织部", DocumentNo = "粤组通〔2026〕12号", CreatedAt = clock.GetUtcNow(), CreatedBy = "org",
        });
        await db.SaveChangesAsync(ct);

        foreach (var (caseId, name, reviewedOn) in cases)
        {
            var on = reviewedOn < issued ? issued : reviewedOn;
            var first = await VolunteerBookNumbers.AssignAsync(db, mining.Id, caseId, name, on, ct);
            if (!first.IsOk) continue;
            var number = first.Value;
            if (caseId == cases[0].CaseId)
            {
                // filled in wrongly: spoiled, returned, and a new number given the same day
                var use = await db.VolunteerBookUses.FirstAsync(u => u.DevelopmentCaseId == caseId && u.SpoiledOn == null, ct);
                use.SpoiledOn = on;
                db.VolunteerBookSpoils.Add(new VolunteerBookSpoil
                {
                    RangeId = use.RangeId, OrgId = use.OrgId, Number = use.Number, NumberText = use.NumberText, Kind = VolunteerBookLoss.作废,
                    Reason = "填写时涂改，按规定作废", SpoiledOn = on, FormReturned = true, ReturnedOn = on, UseId = use.Id,
                    CreatedAt = clock.GetUtcNow(), CreatedBy = "org",
                });
                await db.SaveChangesAsync(ct);
                var second = await VolunteerBookNumbers.AssignAsync(db, mining.Id, caseId, name, on, ct);
                if (second.IsOk) number = second.Value;
            }
            await db.Set<DevelopmentCase>().Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.VolunteerBookNo, number), ct);
        }
        // given by the 党委's administrator (the seeder has no signed-in account)
        await db.VolunteerBookUses.Where(u => u.OrgId == mining.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedBy, "org"), ct);
    }
}
