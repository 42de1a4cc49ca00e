using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// The receiving organization accepts (the member moves, in one transaction, with a history row) or rejects
/// with a reason. The caller must hold MemberManage on the receiving organization — checked here, because the
/// transfer's own organization is the sender's.
/// </summary>
public sealed class DecideTransfer(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>A waiting transfer the caller may decide, with its receiving organization.</summary>
    public sealed record Decidable(MemberTransfer Transfer, Organization To);

    public sealed record RejectBody(string? Reason);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/transfers/{id:long}/accept", async (long id, DecideTransfer decide, CancellationToken ct) =>
                (await decide.AcceptAsync(id, ct)).ToHttp())
           .Require(Permission.MemberManage, OrgFrom.None)
           .WithSummary("接收组织关系转接（须对接收党组织有党员管理权限；党员随即转入，保留全部历史）").Produces<ListTransfers.Item>().ProducesProblem(409);
        api.MapPost("/transfers/{id:long}/reject", async (long id, RejectBody? body, DecideTransfer decide, CancellationToken ct) =>
                (await decide.RejectAsync(id, body?.Reason, ct)).ToHttp())
           .Require(Permission.MemberManage, OrgFrom.None)
           .WithSummary("退回组织关系转接（reason 必填）").Produces<ListTransfers.Item>().ProducesValidationProblem().ProducesProblem(409);
    }

    /// <summary>
    /// The waiting transfer and its receiving organization, when the caller may decide it. Forbidden only for those who
    /// see the transfer (the sending or the receiving organization's readers); NotFound for everyone else, as for a missing one.
    /// </summary>
    public async Task<Result<Decidable>> AuthorizeAsync(long id, CancellationToken ct)
    {
        var t = await db.MemberTransfers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Kind == TransferKind.系统内, ct);
        if (t is null) return Result.NotFound();
        var to = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.ToOrgId, ct);
        if (await user.HasAsync(Permission.MemberManage, to, ct)) return new Decidable(t, to);
        var fromPath = t.FromOrgId is { } f ? await db.Organizations.AsNoTracking().Where(o => o.Id == f).Select(o => o.Path).FirstOrDefaultAsync(ct) : null;
        var grants = await user.GrantsAsync(ct);
        bool Sees(string? path) => path is not null && Access.Allows(grants, Access.ReadOf(Permission.MemberManage), path);
        return Sees(to.Path) || Sees(fromPath) ? Result.Forbidden(NotYours) : Result.NotFound();
    }

    /// <summary>Accepts: the member moves to the receiving organization today.</summary>
    public Task<Result<ListTransfers.Item>> AcceptAsync(long id, CancellationToken ct = default) => DecideAsync(id, accept: true, null, ct);

    /// <summary>Rejects with a reason (Invalid under "reason" without one).</summary>
    public Task<Result<ListTransfers.Item>> RejectAsync(long id, string? reason, CancellationToken ct = default) => DecideAsync(id, accept: false, reason, ct);

    private async Task<Result<ListTransfers.Item>> DecideAsync(long id, bool accept, string? reason, CancellationToken ct)
    {
        var decidable = await AuthorizeAsync(id, ct);
        if (!decidable.IsOk) return decidable.Status;
        var to = decidable.Value.To;
        if (!accept && TransferRules.CheckText(reason, TransferRules.ReasonMaxLength, "退回原因", required: true) is { } re)
            return Result.Invalid("reason", re);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // the row is locked: a concurrent accept, reject or cancel waits and then sees the new state
        var t = await db.MemberTransfers.FromSql($"SELECT * FROM member_transfers WHERE id = {id} FOR UPDATE").SingleAsync(ct);
        if (t.State != TransferState.待接收) return Result.Conflict($"该转接已{t.State}，不能再办理。");
        var member = await db.Members.FromSql($"SELECT * FROM members WHERE id = {t.MemberId} FOR UPDATE").SingleAsync(ct);
        var now = clock.GetUtcNow();
        t.DecidedAt = now;
        t.DecidedBy = user.UserName;
        var refused = accept ? await AcceptAsync(t, member, to, now, ct) : await RejectAsync(t, member, to, reason!, now, ct);
        if (refused is not null) return refused;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ListTransfers.ToItem(t, member.Name, ChineseDates.DayOf(now));
    }

    /// <summary>Moves the member (tracked changes, saved by the caller); a Conflict when the member cannot be received now.</summary>
    private async Task<Result?> AcceptAsync(MemberTransfer t, Member member, Organization to, DateTimeOffset now, CancellationToken ct)
    {
        if (member.OrgId != t.FromOrgId) return Result.Conflict("该党员已不在发起转接的党组织，不能接收。");
        if (TransferRules.CannotReceive(to, member.OrgId) is { } no) return Result.Conflict(no);
        t.State = TransferState.已接收;
        member.OrgId = to.Id;
        member.UpdatedAt = now;
        // the member leaves the old branch's committee (and its superiors' not above the new branch) today
        await Terms.EndPostsOnLeaving.EndAsync(db, member.Id, to, ChineseDates.DayOf(now), ct);
        // the member's account follows them: its 普通党员 grant moves to the new branch (MemberAccountRules)
        await Members.MemberAccess.ApplyAsync(db, member.Id, MemberAccountRules.OnTransfer(TransferKind.系统内), to, "组织关系转接", now, ct);
        // the history row and every audit row stay with the member id, so the record moves with all its history
        db.MemberChanges.Add(new MemberChange
        {
            MemberId = member.Id, OrgId = to.Id, Field = "所在党支部", OldValue = t.FromOrgName, NewValue = to.Name,
            Reason = Truncate($"组织关系转接：{t.Reason}", 500), ChangedBy = user.UserName, ChangedAt = now,
        });
        await TransferScope.NotifyStarterAsync(db, t, $"组织关系转接已接收：{member.Name}", $"{to.Name}已接收{member.Name}的组织关系。", now, ct);
        return null;
    }

    private async Task<Result?> RejectAsync(MemberTransfer t, Member member, Organization to, string reason, DateTimeOffset now, CancellationToken ct)
    {
        t.State = TransferState.已退回;
        t.DecisionNote = reason.Trim();
        await TransferScope.NotifyStarterAsync(db, t, $"组织关系转接被退回：{member.Name}", $"{to.Name}退回：{t.DecisionNote}", now, ct);
        return null;
    }

    /// <summary>The standard text of a refusal: the caller sees the transfer but may not decide it.</summary>
    private static readonly string NotYours = ErrorResponses.Detail(StatusCodes.Status403Forbidden);

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n];
}
