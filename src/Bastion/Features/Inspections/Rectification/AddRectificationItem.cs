using Bastion.Domain;
using Bastion.Features.Ledger;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Inspections.Rectification;

/// <summary>
/// 增加整改任务: one more ledger item for a finding after 反馈 (a finding may need several), owned by the inspected
/// organization's secretary, verified by the caller, assessed by the inspection office (<see cref="CreateLedgerItem"/>).
/// </summary>
public sealed class AddRectificationItem(CreateLedgerItem create, CreateRectificationPlan plan, UserContext user)
{
    public sealed record Request(long FindingId, string? Title, DateOnly? Deadline, string? WorkStandard, bool Immediate);

    /// <summary>The item added and its owner's name, or the field errors (nothing written).</summary>
    public sealed record Added(long ItemId, string OwnerName);

    /// <summary><paramref name="org"/>: the inspected organization of <paramref name="target"/>, already authorized (InspectionManage).</summary>
    public async Task<Result<Added>> Handle(Organization org, RectificationQuery.TargetRow target, Request input, CancellationToken ct)
    {
        var owner = await plan.InspectedSecretaryAsync(target.OrgId, user.UserId ?? 0, ct);
        if (owner is null)
            return Result.Invalid("responsiblePersonId", $"{target.OrgName}没有可以承担整改任务的书记或党委管理员账号（须授权在该组织本级）");
        var created = await create.Handle(org, new CreateLedgerItem.Request(
            input.Title, null, (input.Immediate ? LedgerSource.立行立改 : LedgerSource.整改).ToString(), input.Deadline, target.OrgId, owner.Value.Id,
            input.WorkStandard, CreateRectificationPlan.InspectionOffice, user.UserId, input.Immediate ? "紧急" : "重要", null, $"{target.RoundName}·{target.OrgName}",
            input.FindingId), ct);
        if (!created.IsOk) return created.Status;
        return new Added(created.Value, owner.Value.Name);
    }
}
