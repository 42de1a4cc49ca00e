using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Demo of 少交/免交, 上缴 and 使用 (deterministic; runs after <see cref="DemoDuesMonths"/>): in the demo secretary's branch
/// one 免交 approved by the top 党委 for the next six months and one 少交 request pending; the branch's 上缴 of last
/// month's collection; the top 党委 allowed to retain dues and one 慰问 spending this month.
/// </summary>
public static class DemoDuesRelief
{
    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var thisMonth = DuesMonthRules.MonthOf(today);
        var root = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).FirstAsync(ct);
        var secretaryMember = await db.Users.AsNoTracking().Where(u => u.UserName == "secretary").Select(u => u.MemberId).FirstOrDefaultAsync(ct);
        var branchId = await db.Members.AsNoTracking().Where(m => m.Id == secretaryMember).Select(m => (long?)m.OrgId).FirstOrDefaultAsync(ct)
            ?? await db.Members.AsNoTracking().OrderBy(m => m.OrgId).Select(m => m.OrgId).FirstAsync(ct);
        // members other than the demo secretary and member accounts, by id
        var linked = await db.Users.AsNoTracking().Where(u => u.MemberId != null).Select(u => u.MemberId!.Value).ToListAsync(ct);
        var members = await db.Members.AsNoTracking().Where(m => m.OrgId == branchId && !linked.Contains(m.Id)).OrderBy(m => m.Id).Select(m => m.Id).Take(2).ToListAsync(ct);
        if (members.Count == 2)
        {
            db.Add(new DuesReduction
            {
                OrgId = branchId, MemberId = members[0], FromMonth = thisMonth.AddMonths(1), ToMonth = thisMonth.AddMonths(6), Amount = 0m,
                BranchDecision = "支委会研究同意：因病长期住院，收入大幅减少", BranchDecidedOn = thisMonth, ApprovalNo = $"集团党委组〔{today.Year}〕21号",
                State = DuesReductionState.已批准, CreatedAt = now, CreatedBy = "secretary", DecidedAt = now, DecidedBy = "org",
            });
            db.Add(new DuesReduction
            {
                OrgId = branchId, MemberId = members[1], FromMonth = thisMonth.AddMonths(1), ToMonth = thisMonth.AddMonths(3), Amount = 1.00m,
                BranchDecision = "支委会研究同意：家庭遭受重大变故，生活困难", BranchDecidedOn = thisMonth,
                State = DuesReductionState.待审批, CreatedAt = now, CreatedBy = "secretary",
            });
        }

        var last = thisMonth.AddMonths(-1);
        var collected = await db.Set<DuesPayment>().Where(p => p.OrgId == branchId && p.RecordedInMonth == last && p.State == DuesPaymentState.已确认)
            .SumAsync(p => (decimal?)p.Amount, ct) ?? 0m;
        if (collected > 0)
            db.Add(new DuesRemittance
            {
                OrgId = branchId, Month = last, Amount = collected, PaidOn = last.AddDays(9), ReceiptNo = "SJ" + last.ToString("yyMM", System.Globalization.CultureInfo.InvariantCulture) + "-01",
                Note = "全额上缴", CreatedAt = now, CreatedBy = "secretary",
            });

        db.Add(new DuesRetention { OrgId = root.Id, Allowed = true, Basis = $"上级党委组织部批复〔{today.Year}〕8号：留存10%用于党员教育和慰问", SetAt = now, SetBy = "org" });
        db.Add(new DuesSpending
        {
            OrgId = root.Id, SpentOn = thisMonth, Amount = 600.00m, Purpose = DuesSpendingPurpose.慰问困难党员, Description = "走访慰问生活困难党员和老党员3名",
            ApprovedBy = "党委会研究同意", VoucherNo = "记-" + thisMonth.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture) + "-017",
            CreatedAt = now, CreatedBy = "org",
        });
        await db.SaveChangesAsync(ct);
    }
}
