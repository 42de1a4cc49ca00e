using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// The sending branch starts a transfer inside the platform. The receiving organization may lie outside the
/// sender's scope (its own managers accept or reject it); it must be a branch. Nothing moves until acceptance.
/// </summary>
public sealed class StartTransfer(AppDbContext db, UserContext user)
{
    public sealed record Request(long? ToOrgId, string? Reason);

    /// <summary>The member's organization was authorized by the caller (MemberManage).</summary>
    public async Task<(MemberTransfer? Transfer, Dictionary<string, string[]> Errors)> Handle(Member member, Organization from, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var to = req.ToOrgId is { } toId ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == toId, ct) : null;
        if (req.ToOrgId is null) errors["toOrgId"] = ["请选择接收党组织"];
        else if (to is null) errors["toOrgId"] = ["接收党组织不存在"];
        else if (TransferRules.CannotReceive(to, member.OrgId) is { } no) errors["toOrgId"] = [no];
        if (TransferRules.CheckText(req.Reason, TransferRules.ReasonMaxLength, "转接原因", required: true) is { } re) errors["reason"] = [re];
        if (await TransferScope.BusyAsync(db, member, ct) is { } busy) errors["memberId"] = [busy];
        if (errors.Count > 0) return (null, errors);

        var t = new MemberTransfer
        {
            OrgId = from.Id, MemberId = member.Id, Kind = TransferKind.系统内, State = TransferState.待接收,
            FromOrgId = from.Id, FromOrgName = from.Name, ToOrgId = to!.Id, ToOrgName = to.Name, Reason = req.Reason!.Trim(),
            CreatedAt = DateTimeOffset.UtcNow, CreatedBy = user.UserName,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.MemberTransfers.Add(t);
            await db.SaveChangesAsync(ct);
            await TransferScope.NotifyManagersAsync(db, to, $"组织关系转接待接收：{member.Name}", $"{from.Name} 转入 {to.Name}：{t.Reason}", $"/Transfers/Decide/{t.Id}", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (TransfersDb.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (null, new() { ["memberId"] = [TransferScope.BusyConflict] });
        }
        return (t, errors);
    }

    /// <summary>The API body of POST /api/v1/transfers: kind 系统内 (default) needs toOrgId; kind 转出 issues a 介绍信.</summary>
    public sealed record Body(long? MemberId, string? Kind, long? ToOrgId, string? ToOrgName, string? Reason, string? DuesPaidTo, int? ValidDays);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/transfers", async (Body body, UserContext user, AppDbContext db, StartTransfer start, IssueTransferLetter issue, CancellationToken ct) =>
            {
                var kind = string.IsNullOrWhiteSpace(body.Kind) ? TransferKind.系统内
                    : Enum.TryParse<TransferKind>(body.Kind.Trim(), out var k) && !int.TryParse(body.Kind, out _) && k != TransferKind.转入 ? k : (TransferKind?)null;
                if (kind is null) return ErrorResponses.Validation(new Dictionary<string, string[]> { ["kind"] = ["转接方式应为“系统内”或“转出”（转入请在页面登记党员）"] });
                if (body.MemberId is null) return ErrorResponses.Validation(new Dictionary<string, string[]> { ["memberId"] = ["请指定党员"] });
                // the sender must hold MemberManage on the member's organization
                var scope = await TransferScope.MemberAsync(db, user, body.MemberId, Permission.MemberManage, ct);
                if (!scope.Ok) return ErrorResponses.Problem(scope.Status, scope.Status == 403 ? "该党员不在您的管理范围内。" : "党员不存在。");
                var (t, errors) = kind == TransferKind.系统内
                    ? await start.Handle(scope.Member!, scope.Org!, new Request(body.ToOrgId, body.Reason), ct)
                    : await issue.Handle(scope.Member!, scope.Org!, new IssueTransferLetter.Request(body.ToOrgName, body.DuesPaidTo, body.ValidDays, body.Reason), TransfersDb.Today(), ct);
                return t is null ? ErrorResponses.Validation(errors)
                    : Results.Created($"/api/v1/transfers/{t.Id}", ListTransfers.ToItem(t, scope.Member!.Name, TransfersDb.Today()));
            })
           .Require(Permission.MemberManage, OrgFrom.None)
           .WithSummary("发起组织关系转接（memberId；kind 系统内：toOrgId 接收党支部；kind 转出：toOrgName、duesPaidTo 如 2026-05、validDays，开具介绍信）")
           .Produces<ListTransfers.Item>(201).ProducesValidationProblem();
}
