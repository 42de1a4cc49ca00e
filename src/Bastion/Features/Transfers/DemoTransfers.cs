using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// Transfers for the demo group (called by DemoData after organizations and members exist): letter number ranges for
/// 冶炼厂党委 and 机关党委, one transfer waiting 35 days (flagged) and one waiting 3 days inside 冶炼厂, and one outward
/// letter whose 回执 is overdue. 一采区/二采区 and 矿业公司党委 are left untouched for the journeys.
/// </summary>
public static class DemoTransfers
{
    /// <param name="clock">The clock the demo is dated by; the system clock when the caller has none to give.</param>
    public static async Task SeedAsync(AppDbContext db, CancellationToken ct = default, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Status == OrgStatus.正常).ToListAsync(ct);
        Organization? Org(string name) => orgs.FirstOrDefault(o => o.Name == name);
        var smelter = Org("冶炼厂党委");
        var office = Org("机关党委");
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        if (smelter is null || office is null) return;

        db.LetterNumberRanges.AddRange(
            new LetterNumberRange { OrgId = smelter.Id, Prefix = "冶党转2026-", StartNumber = 1, EndNumber = 300, NextNumber = 1, CreatedAt = now, CreatedBy = "demo" },
            new LetterNumberRange { OrgId = office.Id, Prefix = "机党转2026-", StartNumber = 1, EndNumber = 100, NextNumber = 2, CreatedAt = now, CreatedBy = "demo" });

        async Task<Member?> FirstMemberAsync(Organization? branch, int skip) => branch is null ? null
            : await db.Members.AsNoTracking().Where(m => m.OrgId == branch.Id).OrderBy(m => m.Id).Skip(skip).FirstOrDefaultAsync(ct);

        void Internal(Member? m, Organization from, Organization? to, int daysAgo, string reason)
        {
            if (m is null || to is null) return;
            db.MemberTransfers.Add(new MemberTransfer
            {
                OrgId = from.Id, MemberId = m.Id, Kind = TransferKind.系统内, State = TransferState.待接收, FromOrgId = from.Id, FromOrgName = from.Name,
                ToOrgId = to.Id, ToOrgName = to.Name, Reason = reason, CreatedAt = now.AddDays(-daysAgo), CreatedBy = "demo",
            });
        }
        if (Org("熔炼一工段党支部") is { } smelting)
            Internal(await FirstMemberAsync(smelting, 5), smelting, Org("电解车间党支部"), 35, "岗位调整至电解车间");
        if (Org("质检中心党支部") is { } quality)
            Internal(await FirstMemberAsync(quality, 5), quality, Org("动力车间党支部"), 3, "工作调动");

        if (Org("综合办公室党支部") is { } general && await FirstMemberAsync(general, 5) is { } leaving)
            db.MemberTransfers.Add(new MemberTransfer
            {
                OrgId = general.Id, MemberId = leaving.Id, Kind = TransferKind.转出, State = TransferState.已转出, FromOrgId = general.Id, FromOrgName = general.Name,
                ToOrgName = "中共某市某区委组织部", Reason = "调离本单位", CreatedAt = now.AddDays(-40), CreatedBy = "demo",
                LetterNo = TransferRules.FormatLetterNo("机党转2026-", 1, 100), IssuingOrgId = office.Id, LetterDate = today.AddDays(-40),
                ValidDays = TransferRules.DefaultValidDays, DuesPaidTo = new DateOnly(today.Year, today.Month, 1).AddMonths(-2),
            });
        await db.SaveChangesAsync(ct);
    }
}
