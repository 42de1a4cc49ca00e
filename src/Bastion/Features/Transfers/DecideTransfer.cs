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
public sealed class DecideTransfer(AppDbContext db, UserContext user)
{
    public sealed record Outcome(int Status, MemberTransfer? Transfer = null, Dictionary<string, string[]>? Errors = null, string? Detail = null)
    {
        public bool Ok => Status == StatusCodes.Status200OK;
    }

    /// <summary>The waiting transfer and its receiving organization, when the caller may decide it (404 / 403 otherwise).</summary>
    public async Task<(int Status, MemberTransfer? Transfer, Organization? To)> AuthorizeAsync(long id, CancellationToken ct)
    {
        var t = await db.MemberTransfers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Kind == TransferKind.系统内, ct);
        if (t is null) return (StatusCodes.Status404NotFound, null, null);
        var to = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.ToOrgId, ct);
        if (await user.HasAsync(Permission.MemberManage, to, ct)) return (StatusCodes.Status200OK, t, to);
        // 403 only for those who see the transfer (the sending or the receiving organization's readers); 404 for everyone else, as for a missing one
        var fromPath = t.FromOrgId is { } f ? await db.Organizations.AsNoTracking().Where(o => o.Id == f).Select(o => o.Path).FirstOrDefaultAsync(ct) : null;
        var grants = await user.GrantsAsync(ct);
        var refusal = Math.Min(Access.RecordRefusal(grants, Permission.MemberManage, to.Path), Access.RecordRefusal(grants, Permission.MemberManage, fromPath));
        return (refusal, null, null);
    }

    public Task<Outcome> AcceptAsync(long id, CancellationToken ct = default) => DecideAsync(id, accept: true, null, ct);

    public Task<Outcome> RejectAsync(long id, string? reason, CancellationToken ct = default) => DecideAsync(id, accept: false, reason, ct);

    private async Task<Outcome> DecideAsync(long id, bool accept, string? reason, CancellationToken ct)
    {
        var (status, _, to) = await AuthorizeAsync(id, ct);
        if (status != StatusCodes.Status200OK) return new(status);
        if (!accept && TransferRules.CheckText(reason, TransferRules.ReasonMaxLength, "退回原因", required: true) is { } re)
            return new(StatusCodes.Status400BadRequest, Errors: new() { ["reason"] = [re] });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // the row is locked: a concurrent accept, reject or cancel waits and then sees the new state
        var t = await db.MemberTransfers.FromSql($"SELECT * FROM member_transfers WHERE id = {id} FOR UPDATE").SingleAsync(ct);
        if (t.State != TransferState.待接收)
            return new(StatusCodes.Status409Conflict, Detail: $"该转接已{t.State}，不能再办理。");
        var member = await db.Members.FromSql($"SELECT * FROM members WHERE id = {t.MemberId} FOR UPDATE").SingleAsync(ct);
        var now = DateTimeOffset.UtcNow;
        t.DecidedAt = now;
        t.DecidedBy = user.UserName;
        if (accept)
        {
            if (member.OrgId != t.FromOrgId)
                return new(StatusCodes.Status409Conflict, Detail: "该党员已不在发起转接的党组织，不能接收。");
            if (TransferRules.CannotReceive(to!, member.OrgId) is { } no)
                return new(StatusCodes.Status409Conflict, Detail: no);
            t.State = TransferState.已接收;
            member.OrgId = to!.Id;
            member.UpdatedAt = now;
            // the member leaves the old branch's committee (and its superiors' not above the new branch) today
            await Terms.EndPostsOnLeaving.EndAsync(db, member.Id, to, TransfersDb.Today(), ct);
            // the member's account follows them: its 普通党员 grant moves to the new branch (MemberAccountRules)
            await Members.MemberAccess.ApplyAsync(db, member.Id, MemberAccountRules.OnTransfer(TransferKind.系统内), to, "组织关系转接", now, ct);
            // the history row and every audit row stay with the member id, so the record moves with all its history
            db.MemberChanges.Add(new MemberChange
            {
                MemberId = member.Id, OrgId = to.Id, Field = "所在党支部", OldValue = t.FromOrgName, NewValue = to.Name,
                Reason = Truncate($"组织关系转接：{t.Reason}", 500), ChangedBy = user.UserName, ChangedAt = now,
            });
            await TransferScope.NotifyStarterAsync(db, t, $"组织关系转接已接收：{member.Name}", $"{to.Name}已接收{member.Name}的组织关系。", ct);
        }
        else
        {
            t.State = TransferState.已退回;
            t.DecisionNote = reason!.Trim();
            await TransferScope.NotifyStarterAsync(db, t, $"组织关系转接被退回：{member.Name}", $"{to!.Name}退回：{t.DecisionNote}", ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(StatusCodes.Status200OK, t);
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n];

    public sealed record RejectBody(string? Reason);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/transfers/{id:long}/accept", async (long id, DecideTransfer decide, AppDbContext db, CancellationToken ct) =>
                await ToResult(await decide.AcceptAsync(id, ct), db, ct))
           .Require(Permission.MemberManage, OrgFrom.None)
           .WithSummary("接收组织关系转接（须对接收党组织有党员管理权限；党员随即转入，保留全部历史）").Produces<ListTransfers.Item>().ProducesProblem(409);
        api.MapPost("/transfers/{id:long}/reject", async (long id, RejectBody? body, DecideTransfer decide, AppDbContext db, CancellationToken ct) =>
                await ToResult(await decide.RejectAsync(id, body?.Reason, ct), db, ct))
           .Require(Permission.MemberManage, OrgFrom.None)
           .WithSummary("退回组织关系转接（reason 必填）").Produces<ListTransfers.Item>().ProducesValidationProblem().ProducesProblem(409);
    }

    private static async Task<IResult> ToResult(Outcome o, AppDbContext db, CancellationToken ct)
    {
        if (o.Errors is not null) return ErrorResponses.Validation(o.Errors);
        if (!o.Ok) return ErrorResponses.Problem(o.Status, o.Detail);
        var name = await db.Members.AsNoTracking().Where(m => m.Id == o.Transfer!.MemberId).Select(m => m.Name).FirstAsync(ct);
        return Results.Ok(ListTransfers.ToItem(o.Transfer!, name, TransfersDb.Today()));
    }
}
