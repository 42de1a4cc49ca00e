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

    /// <summary>The ids of an organization and its ancestors, nearest first (from the materialized path).</summary>
    public static IReadOnlyList<long> SelfAndAncestors(Organization o) =>
        o.Path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).Reverse().ToList();
}
