using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>
/// 志愿书 numbers for the demo group (deterministic, dated by the demo clock): a range issued to 矿业公司党委 by the 省委组织部,
/// four numbers given after 预审, and one of them spoiled (填写涂改, form returned) with its holder given a new number.
/// </summary>
public static class DemoVolunteerBooks
{
    public const string Prefix = "粤2026-";

    /// <param name="cases">The development cases that passed 预审 (case id, name), oldest first. Null while the demo has no
    /// development cases: numbers then go to placeholder case ids, but only while <c>development_cases</c> does not exist
    /// (its foreign key would refuse them), else only the range is seeded.</param>
    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default, IReadOnlyList<(long CaseId, string Name)>? cases = null)
    {
        var mining = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == "矿业公司党委" && o.Status == OrgStatus.正常, ct);
        if (mining is null) return;
        var today = clock.Today();
        var issued = today.AddMonths(-6);
        db.VolunteerBookRanges.Add(new VolunteerBookRange
        {
            OrgId = mining.Id, Prefix = Prefix, StartNumber = 1, EndNumber = 200, NextNumber = 1, IssuedOn = issued,
            IssuedBy = "省委组织部", DocumentNo = "粤组通〔2026〕12号", CreatedAt = clock.GetUtcNow(), CreatedBy = "demo",
        });
        await db.SaveChangesAsync(ct);

        if (cases is null)
        {
            var casesTable = await db.Database.SqlQuery<string?>($"SELECT to_regclass('development_cases')::text AS \"Value\"").SingleAsync(ct);
            if (casesTable is not null) return;
            cases = [(900001, "王晓明"), (900002, "李佳怡"), (900003, "陈志强"), (900004, "赵雪")];
        }
        var given = new List<(long CaseId, string Name, string Number)>();
        for (var i = 0; i < cases.Count; i++)
        {
            var r = await VolunteerBookNumbers.AssignAsync(db, mining.Id, cases[i].CaseId, cases[i].Name, issued.AddMonths(1).AddDays(7 * i), ct);
            if (r.IsOk) given.Add((cases[i].CaseId, cases[i].Name, r.Value));
        }
        if (given.Count < 2) return;

        // the second person's form was filled in wrongly: spoiled, returned, and a new number given
        var spoiledOn = issued.AddMonths(2);
        var use = await db.VolunteerBookUses.FirstAsync(u => u.DevelopmentCaseId == given[1].CaseId && u.SpoiledOn == null, ct);
        use.SpoiledOn = spoiledOn;
        db.VolunteerBookSpoils.Add(new VolunteerBookSpoil
        {
            RangeId = use.RangeId, OrgId = use.OrgId, Number = use.Number, NumberText = use.NumberText, Kind = VolunteerBookLoss.作废,
            Reason = "填写时涂改，按规定作废", SpoiledOn = spoiledOn, FormReturned = true, ReturnedOn = spoiledOn, UseId = use.Id,
            CreatedAt = clock.GetUtcNow(), CreatedBy = "demo",
        });
        await db.SaveChangesAsync(ct);
        await VolunteerBookNumbers.AssignAsync(db, mining.Id, given[1].CaseId, given[1].Name, spoiledOn, ct);
    }
}
