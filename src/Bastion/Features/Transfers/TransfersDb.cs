using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Features.Transfers;

/// <summary>The transfers feature's tables on the shared context (AppDbContext stays untouched).</summary>
public static class TransfersDb
{
    extension(AppDbContext db)
    {
        public DbSet<MemberTransfer> MemberTransfers => db.Set<MemberTransfer>();
        public DbSet<LetterNumberRange> LetterNumberRanges => db.Set<LetterNumberRange>();
    }

    /// <summary>Today's date in China, the date days waiting and letters' validity are counted by.</summary>
    public static DateOnly Today() => ChineseDates.Today();

    /// <summary>A unique index refused the row (a second transfer under way, or a letter number given twice).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// The member leaves the platform on the day (outward 介绍信): the open membership period ends, and their committee
    /// posts end. Tracked changes; the caller saves.
    /// </summary>
    public static async Task LeavePlatformAsync(AppDbContext db, long memberId, DateOnly day, CancellationToken ct)
    {
        var open = await db.Set<MemberMembership>().FirstOrDefaultAsync(ms => ms.MemberId == memberId && ms.ToDate == null, ct);
        if (open is not null) open.ToDate = day < open.FromDate ? open.FromDate : day;
        await Features.Terms.EndPostsOnLeaving.EndAsync(db, memberId, null, day, ct);
    }

    /// <summary>
    /// The member is in the platform again (a voided letter, or a return with an inward letter): a membership period
    /// opens in their organization from the day, unless one is open already (the members trigger opens one when the
    /// organization changed). Tracked changes; the caller saves.
    /// </summary>
    public static async Task RejoinPlatformAsync(AppDbContext db, long memberId, long orgId, DateOnly day, CancellationToken ct)
    {
        if (await db.Set<MemberMembership>().AnyAsync(ms => ms.MemberId == memberId && ms.ToDate == null, ct)) return;
        db.Set<MemberMembership>().Add(new MemberMembership { MemberId = memberId, OrgId = orgId, FromDate = day });
    }

    /// <summary>The ids of an organization and its ancestors, nearest first (from the materialized path).</summary>
    public static IReadOnlyList<long> SelfAndAncestors(Organization o) =>
        o.Path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).Reverse().ToList();
}
