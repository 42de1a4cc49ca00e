using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 延迟缴费: the branch marks an unpaid month (with a remark); it then appears as 往月应补缴 and may be paid later as a
/// 补交. Not for a paid month, nor once the branch has reported the open month.
/// </summary>
public sealed class DelayDuesEntry(AppDbContext db)
{
    public sealed record Request(string? Remark);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/entries/{id:long}/delay", async (long id, Request req, DelayDuesEntry handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .RequireRecord(Permission.DuesManage, typeof(DuesEntry))
           .WithSummary("标记延迟缴费（remark 必填）").ProducesValidationProblem();

    public async Task<Result> Handle(long entryId, Request req, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(req.Remark)) return Result.Invalid("remark", "请填写延迟缴费的原因");
        if (req.Remark.Trim().Length > 500) return Result.Invalid("remark", "原因最多500字");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await db.Set<DuesEntry>().FromSql($"SELECT * FROM dues_entries WHERE id = {entryId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (entry is null) return Result.NotFound();
        if (entry.PaidAmount is not null) return Result.Conflict("该月党费已缴纳");
        if (entry.Delayed) return Result.Conflict("已标记为延迟缴费");
        var rootId = await db.Set<DuesMonth>().Where(m => m.Id == entry.MonthId).Select(m => m.OrgId).FirstAsync(ct);
        if (await DuesMonthsDb.OpenMonthAsync(db, rootId, ct) is { } open && await DuesMonthsDb.ReportedAsync(db, open.Id, entry.OrgId, ct))
            return Result.Refused("支部已报送，数据已锁定", $"本支部{DuesMonthRules.Month(open.Month)}党费已报送，数据已锁定");
        entry.Delayed = true;
        entry.DelayRemark = req.Remark.Trim();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
