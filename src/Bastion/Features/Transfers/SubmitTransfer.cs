using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Transfers;

/// <summary>
/// POST /api/v1/transfers: one entry for both ways out of a branch — kind 系统内 (the default) starts a transfer inside
/// the platform (<see cref="StartTransfer"/>), kind 转出 issues a 介绍信 (<see cref="IssueTransferLetter"/>). The
/// caller must hold MemberManage on the member's organization.
/// </summary>
public sealed class SubmitTransfer(AppDbContext db, UserContext user, StartTransfer start, IssueTransferLetter issue, TimeProvider clock)
{
    /// <summary>Kind 系统内 (default) needs toOrgId; kind 转出 needs toOrgName and issues a 介绍信.</summary>
    public sealed record Body(long? MemberId, string? Kind, long? ToOrgId, string? ToOrgName, string? Reason, string? DuesPaidTo, int? ValidDays);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/transfers", async (Body body, SubmitTransfer handler, CancellationToken ct) =>
                (await handler.Handle(body, ct)).ToHttp(item => Results.Created($"/api/v1/transfers/{item.Id}", item)))
           .Require(Permission.MemberManage, OrgFrom.None)
           .WithSummary("发起组织关系转接（memberId；kind 系统内：toOrgId 接收党支部；kind 转出：toOrgName、duesPaidTo 如 2026-05、validDays，开具介绍信）")
           .Produces<ListTransfers.Item>(201).ProducesValidationProblem();

    public async Task<Result<ListTransfers.Item>> Handle(Body body, CancellationToken ct = default)
    {
        var kind = string.IsNullOrWhiteSpace(body.Kind) ? TransferKind.系统内
            : Enum.TryParse<TransferKind>(body.Kind.Trim(), out var k) && !int.TryParse(body.Kind, out _) && k != TransferKind.转入 ? k : (TransferKind?)null;
        if (kind is null) return Result.Invalid("kind", "转接方式应为“系统内”或“转出”（转入请在页面登记党员）");
        if (body.MemberId is null) return Result.Invalid("memberId", "请指定党员");
        var scope = await TransferScope.MemberAsync(db, user, body.MemberId, Permission.MemberManage, ct);
        if (!scope.IsOk) return scope.Status;
        var (member, from) = scope.Value;
        var started = kind == TransferKind.系统内
            ? await start.Handle(member, from, new StartTransfer.Request(body.ToOrgId, body.Reason), ct)
            : await issue.Handle(member, from, new IssueTransferLetter.Request(body.ToOrgName, body.DuesPaidTo, body.ValidDays, body.Reason), ct);
        if (!started.IsOk) return started.Status;
        return ListTransfers.ToItem(started.Value, member.Name, clock.Today());
    }
}
