using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>The member list filter shared by the page, the export and GET /api/v1/members.</summary>
public sealed record MemberFilter(
    string? Q = null, MemberCategory? Category = null, PartyStatus? Status = null, Gender? Gender = null,
    string? AgeBand = null, string? Education = null, int? JoinYear = null, bool? Mobile = null);

/// <summary>One row of a member list; personal data already masked unless the caller may see it in full.</summary>
public sealed record MemberRow(
    long Id, string Name, string Gender, int Age, string Ethnicity, string IdNumber, string? Phone, string Category,
    long OrgId, string OrgName, DateOnly JoinedAt, DateOnly? ConfirmedAt, string PartyStatus, string? Education, bool IsMobile, bool Masked);

public static class MemberQuery
{
    /// <summary>
    /// THE definition of the members an organization counts (党员数 in the member list, the organization tree, the
    /// dashboard): every member record on its roll, 正式 and 预备, whatever the 党籍状态 (停止党籍, 失联 and 出党 are shown
    /// by their status, and filtered by it), kept in the organization itself or one of its 党小组 — except members who
    /// left the platform with a 介绍信 and have not come back: they keep their record, listed under 组织关系转接 → 已转出.
    /// Large trees count from org_member_counts (every record, kept by triggers) less <see cref="KeptOut"/>.
    /// </summary>
    public static IQueryable<Member> OnRoll(AppDbContext db)
    {
        // NOT EXISTS, so PostgreSQL can count from ix_members_org_id_id alone
        var away = db.Set<MemberTransfer>().Where(Transfers.TransfersDb.KeepsMemberOut);
        return db.Members.AsNoTracking().Where(m => !away.Any(t => t.MemberId == m.Id));
    }

    /// <summary>The member records that are not on their organization's roll (<see cref="OnRoll"/>): few, read through the partial index of transfers under way.</summary>
    public static IQueryable<Member> KeptOut(AppDbContext db)
    {
        var away = db.Set<MemberTransfer>().Where(Transfers.TransfersDb.KeepsMemberOut);
        return db.Members.AsNoTracking().Where(m => away.Any(t => t.MemberId == m.Id));
    }

    /// <summary>Members of the organization's subtree (the one subtree filter), narrowed by the filter, in pinyin order.</summary>
    public static IQueryable<Member> Apply(AppDbContext db, Organization org, MemberFilter f, DateOnly today)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        var q = OnRoll(db).Where(m => orgIds.Contains(m.OrgId));
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var text = MemberRules.Normalize(f.Q);
            var idLike = text.Length >= 4 && text.All(c => char.IsAsciiDigit(c) || c == 'X');
            q = idLike
                ? q.Where(m => m.IdNumber.EndsWith(text))
                : q.Where(m => m.Name.Contains(f.Q.Trim()));
        }
        if (f.Category is { } c) q = q.Where(m => m.Category == c);
        if (f.Status is { } s) q = q.Where(m => m.PartyStatus == s);
        if (f.Gender is { } g) q = q.Where(m => m.Gender == g);
        if (!string.IsNullOrWhiteSpace(f.Education)) q = q.Where(m => m.Education == f.Education);
        if (f.JoinYear is { } y) q = q.Where(m => m.JoinedAt.Year == y);
        if (f.Mobile is { } mob) q = q.Where(m => m.IsMobile == mob);
        if (MemberRules.AgeBands.FirstOrDefault(b => b.Key == f.AgeBand) is { Key: not null } band)
        {
            var youngest = today.AddYears(-band.Min);      // born on or before this day is at least Min
            var oldest = today.AddYears(-(band.Max + 1));    // born after this day is at most Max
            q = q.Where(m => m.BirthDate <= youngest && m.BirthDate > oldest);
        }
        return q.OrderBy(m => m.Name).ThenBy(m => m.Id);
    }

    public static async Task<List<MemberRow>> RowsAsync(AppDbContext db, IQueryable<Member> q, bool full, DateOnly today, CancellationToken ct)
    {
        var rows = await (from m in q
                          join o in db.Organizations on m.OrgId equals o.Id
                          select new { m, OrgName = o.Name }).ToListAsync(ct);
        return rows.Select(r => ToRow(r.m, r.OrgName, full, today)).ToList();
    }

    public static MemberRow ToRow(Member m, string orgName, bool full, DateOnly today) => new(
        m.Id, m.Name, m.Gender.ToString(), MemberRules.Age(m.BirthDate, today), m.Ethnicity,
        full ? m.IdNumber : Masking.IdNumber(m.IdNumber), full ? m.Phone : Masking.Phone(m.Phone),
        m.Category.ToString(), m.OrgId, orgName, m.JoinedAt, m.ConfirmedAt, m.PartyStatus.ToString(), m.Education, m.IsMobile, !full);
}
