using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Adds a unit (单位) to those a 联合党支部 covers — at most five; the sixth is refused.</summary>
public sealed class AddJointUnit(AppDbContext db, TimeProvider clock)
{
    public sealed record UnitBody(string? Name);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{id:long}/units", async (long id, UnitBody body, AddJointUnit handler, AppDbContext db, CancellationToken ct) =>
                await (await handler.Handle(id, body.Name, ct)).ToHttpAsync(async () =>
                    Results.Created($"/api/v1/organizations/{id}/units", await ListJointUnits.LoadAsync(db, id, ct))))
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("登记联合党支部覆盖的单位（最多5个；name 必填）").Produces<List<ListJointUnits.Unit>>(201).ProducesValidationProblem();

    /// <summary>The 联合党支部 was authorized by the caller (OrgManage). Errors come under "unitName".</summary>
    public async Task<Result> Handle(long orgId, string? unitName, CancellationToken ct = default)
    {
        var name = unitName?.Trim() ?? "";
        if (name.Length == 0) return Result.Invalid("unitName", "请填写单位名称");
        if (name.Length > OrgLifecycleRules.UnitNameMax) return Result.Invalid("unitName", $"单位名称不能超过{OrgLifecycleRules.UnitNameMax}个字");

        // the row lock on the branch makes two people adding at once count one after the other
        await using var tx = await db.BeginTreeChangeAsync([orgId], ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var units = await db.JointUnits.Where(u => u.OrgId == orgId && u.RemovedAt == null).Select(u => u.Name).ToListAsync(ct);
        if (OrgLifecycleRules.CheckAddUnit(org, units.Count) is { } refused) return Result.Invalid("unitName", refused);
        if (units.Contains(name)) return Result.Invalid("unitName", $"已登记“{name}”");
        db.JointUnits.Add(new JointUnit { OrgId = orgId, Name = name, AddedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
