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
public sealed class StartTransfer(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(long? ToOrgId, string? Reason);

    /// <summary>The member's organization was authorized by the caller (MemberManage); returns the waiting transfer or field errors.</summary>
    public async Task<Result<MemberTransfer>> Handle(Member member, Organization from, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var to = req.ToOrgId is { } toId ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == toId, ct) : null;
        if (req.ToOrgId is null) errors["toOrgId"] = ["请选择接收党组织"];
        else if (to is null) errors["toOrgId"] = ["接收党组织不存在"];
        else if (TransferRules.CannotReceive(to, member.OrgId) is { } no) errors["toOrgId"] = [no];
        if (TransferRules.CheckText(req.Reason, TransferRules.ReasonMaxLength, "转接原因", required: true) is { } re) errors["reason"] = [re];
        if (await TransferScope.BusyAsync(db, member, ct) is { } busy) errors["memberId"] = [busy];
        if (errors.Count > 0) return Result.Invalid(errors);

        var now = clock.GetUtcNow();
        var t = new MemberTransfer
        {
            OrgId = from.Id, MemberId = member.Id, Kind = TransferKind.系统内, State = TransferState.待接收,
            FromOrgId = from.Id, FromOrgName = from.Name, ToOrgId = to!.Id, ToOrgName = to.Name, Reason = req.Reason!.Trim(),
            CreatedAt = now, CreatedBy = user.UserName,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.MemberTransfers.Add(t);
            await db.SaveChangesAsync(ct);
            await TransferScope.NotifyManagersAsync(db, to, $"组织关系转接待接收：{member.Name}", $"{from.Name} 转入 {to.Name}：{t.Reason}", $"/Transfers/Decide/{t.Id}", now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Result.Invalid("memberId", TransferScope.BusyConflict);
        }
        return t;
    }

}
