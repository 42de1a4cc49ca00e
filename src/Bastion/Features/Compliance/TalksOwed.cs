using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Features.Compliance;

/// <summary>
/// THE definition of who is owed a 谈心谈话 in a year, used by the compliance engine (应谈 / 已谈 of every branch) and by
/// the 谈心谈话 page (覆盖情况 and the names not yet talked with), so the two always give the same figure.
/// A member is owed one by the branch (or its 党小组) they belong to on the reference day — the year's last day, or
/// today while the year runs — when they have been there since a day that leaves them at least half the year
/// (<see cref="ComplianceRules.MemberNeedsTalk"/>: someone who came in the second half of the year is talked with
/// next year), 正式 or 预备, the 书记 and 支委 included (the committee talks with each other too), and their 党籍 was
/// not suspended or ended (停止党籍, 失联, 出党) by that day. A member transferred out of the platform is no longer in a
/// branch. A talk counts whoever held it, in that year.
/// </summary>
public static class TalksOwed
{
    /// <summary>The day the year's roll is taken: its last day, or today while it runs.</summary>
    public static DateOnly ReferenceDay(Period year, DateOnly today) => year.End < today ? year.End : today;

    /// <summary>The latest day in the branch that still owes the year (2 July in a year of 365 days).</summary>
    public static DateOnly Cutoff(Period year) => year.End.AddDays(-((year.Days + 1) / 2) + 1);

    /// <summary>
    /// One row per member owed: (org_id, member_id, talked). Parameters: $1 the subtree's path, $2 the reference day,
    /// $3 and $4 the year's first and last day, $5 the cutoff, $6 the organizations to read (NULL: all of the subtree).
    /// </summary>
    public const string Sql = """
        SELECT ms.org_id, ms.member_id,
               ms.member_id IN (SELECT member_id FROM talks WHERE held_on BETWEEN $3 AND $4) AS talked
        FROM member_memberships ms
        JOIN organizations o ON o.id = ms.org_id
        WHERE o.path <@ $1::ltree AND ms.from_date <= $2 AND ms.from_date <= $5 AND (ms.to_date IS NULL OR ms.to_date > $2)
          -- the few members whose standing was not 正常 on the day, as an anti-join (joining all members costs a second of hashing at 1M)
          AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id = ms.member_id AND m.party_status <> '正常'
                          AND (m.party_status_date IS NULL OR m.party_status_date <= $2))
          AND ($6::bigint[] IS NULL OR ms.org_id = ANY($6))
        """;

    /// <summary>Binds the parameters of <see cref="Sql"/> (or of a query wrapping it) in order.</summary>
    public static void Bind(NpgsqlCommand cmd, string rootPath, Period year, DateOnly today, long[]? only)
    {
        cmd.Parameters.AddWithValue(rootPath);
        cmd.Parameters.AddWithValue(ReferenceDay(year, today));
        cmd.Parameters.AddWithValue(year.Start);
        cmd.Parameters.AddWithValue(year.End);
        cmd.Parameters.AddWithValue(Cutoff(year));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)only ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
    }

    /// <summary>The members of <paramref name="branch"/> (with its 党小组) owed a talk in the year, and whether they had one.</summary>
    public static async Task<IReadOnlyList<(long MemberId, bool Talked)>> ListAsync(AppDbContext db, Organization branch, int year, DateOnly today, CancellationToken ct)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var close = conn.State != System.Data.ConnectionState.Open;
        if (close) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = new NpgsqlCommand(Sql, conn);
            Bind(cmd, branch.Path, Period.OfYear(year), today, null);
            var rows = new List<(long, bool)>();
            await using var rd = await cmd.ExecuteReaderAsync(ct);
            while (await rd.ReadAsync(ct)) rows.Add((rd.GetInt64(1), rd.GetBoolean(2)));
            return rows;
        }
        finally { if (close) await db.Database.CloseConnectionAsync(); }
    }
}
