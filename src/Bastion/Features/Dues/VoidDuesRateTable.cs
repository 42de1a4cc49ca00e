using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// 作废 a version: a draft that will not be used, or the version in force (with a reason; the category then has no
/// standard until another is enabled, and the versions it replaced do not come back). One way only. A top-level
/// 党委's administrator only.
/// </summary>
public sealed class VoidDuesRateTable(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Reason);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/rate-tables/{id:long}/void", async (long id, Request req, VoidDuesRateTable handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .Require(Permission.DuesConfigure, OrgFrom.None)
           .WithSummary("作废党费标准（现行版本须填写理由；最上级党委管理员）").Produces(204).ProducesValidationProblem().ProducesProblem(409);

    public async Task<Result> Handle(long id, Request req, CancellationToken ct = default)
    {
        if (!await DuesAdmin.CanSetStandardsAsync(user, ct)) return Result.Forbidden(DuesAdmin.NotTopLevel);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var table = await db.Set<DuesRateTable>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (table is null) return Result.NotFound("该党费标准不存在");
        if (table.State == DuesTableState.作废) return Result.Conflict($"第{table.Version}版已作废");
        var reason = req.Reason?.Trim();
        if (table.State == DuesTableState.启用 && string.IsNullOrEmpty(reason))
            return Result.Invalid("reason", "作废现行标准须填写理由（作废后该类别暂无标准，直至启用新版本）");
        if (reason is { Length: > 500 }) return Result.Invalid("reason", "理由不超过500字");
        table.State = DuesTableState.作废;
        table.VoidedAt = clock.GetUtcNow();
        table.VoidedBy = user.UserName;
        table.VoidReason = string.IsNullOrEmpty(reason) ? null : reason;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
