using System.Linq.Expressions;
using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>The transfers feature's tables on the shared context (AppDbContext stays untouched).</summary>
public static class TransfersDb
{
    extension(AppDbContext db)
    {
        public DbSet<MemberTransfer> MemberTransfers => db.Set<MemberTransfer>();
        public DbSet<LetterNumberRange> LetterNumberRanges => db.Set<LetterNumberRange>();
    }

    /// <summary>
    /// The outward transfer keeps the member out of the platform: the 介绍信 was issued and the member has not come back
    /// with an inward letter (<see cref="MemberTransfer.ReturnedTransferId"/>). Such a member is not listed among the
    /// branch's members and an inward letter with their ID number re-activates the record.
    /// </summary>
    public static readonly Expression<Func<MemberTransfer, bool>> KeepsMemberOut =
        t => t.State == TransferState.已转出 && t.ReturnedTransferId == null;

    /// <summary>
    /// THE definition of a transfer under way: waiting for the receiving branch (待接收), or keeping the member out of
    /// the platform (<see cref="KeepsMemberOut"/>). A member with one cannot start another; the member's record shows it.
    /// </summary>
    public static readonly Expression<Func<MemberTransfer, bool>> UnderWay = Or(t => t.State == TransferState.待接收, KeepsMemberOut);

    private static Expression<Func<MemberTransfer, bool>> Or(Expression<Func<MemberTransfer, bool>> a, Expression<Func<MemberTransfer, bool>> b)
    {
        var t = a.Parameters[0];
        return Expression.Lambda<Func<MemberTransfer, bool>>(Expression.OrElse(a.Body, new Rebind(b.Parameters[0], t).Visit(b.Body)), t);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>
    /// The member leaves the platform on the day (outward 介绍信): the open membership period ends, their committee
    /// posts end and their account is disabled (at <paramref name="now"/>). Tracked changes; the caller saves.
    /// </summary>
    public static async Task LeavePlatformAsync(AppDbContext db, long memberId, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.Set<MemberMembership>().FirstOrDefaultAsync(ms => ms.MemberId == memberId && ms.ToDate == null, ct);
        if (open is not null) open.ToDate = day < open.FromDate ? open.FromDate : day;
        await Features.Terms.EndPostsOnLeaving.EndAsync(db, memberId, null, day, ct);
        // out of the platform: the member's account is disabled and its sessions end (MemberAccountRules)
        await Members.MemberAccess.ApplyAsync(db, memberId, MemberAccountRules.OnTransfer(TransferKind.转出), null, "组织关系转出", now, ct);
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
