using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Changes an unpaid entry's amount due, with a remark, logged "a→b": a past month only when it is marked 延迟
/// (DOMAIN-2 §2.3.5); in the open month only a line whose amount could not be assessed (a problem the branch fixes).
/// </summary>
public sealed class AdjustDuesEntry(AppDbContext db)
{
    public sealed record Request(decimal? Due, string? Remark);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPatch("/dues/entries/{id:long}", async (long id, Request req, AdjustDuesEntry handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .RequireRecord(Permission.DuesManage, typeof(DuesEntry))
           .WithSummary("修改应交金额（仅延迟缴费记录或金额未定的记录；due、remark 必填）").ProducesValidationProblem();

    public async Task<Result> Handle(long entryId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (req.Due is null || req.Due < 0 || decimal.Round(req.Due.Value, 2) != req.Due) errors["due"] = ["请填写应交金额（元，最多两位小数）"];
        if (string.IsNullOrWhiteSpace(req.Remark)) errors["remark"] = ["请填写修改原因"];
        if (errors.Count > 0) return Result.Invalid(errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await db.Set<DuesEntry>().FromSql($"SELECT * FROM dues_entries WHERE id = {entryId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (entry is null) return Result.NotFound();
        if (entry.PaidAmount is not null) return Result.Conflict("该月党费已缴纳，不能修改应交金额");
        var month = await db.Set<DuesMonth>().AsNoTracking().FirstAsync(m => m.Id == entry.MonthId, ct);
        var open = await DuesMonthsDb.OpenMonthAsync(db, month.OrgId, ct);
        if (!entry.Delayed && !(entry.Due is null && month.State == DuesMonthState.启动缴费))
            return Result.Refused("只能修改延迟缴费记录的应交金额", "只有标记为延迟缴费的往月记录（或本月金额未定的记录）可以修改应交金额", field: "due");
        if (open is not null && await DuesMonthsDb.ReportedAsync(db, open.Id, entry.OrgId, ct))
            return Result.Refused("支部已报送，数据已锁定", $"本支部{DuesMonthRules.Month(open.Month)}党费已报送，数据已锁定");
        var before = entry.Due;
        entry.Due = req.Due;
        entry.Problem = null;
        entry.DelayRemark = string.Join("；", new[] { entry.DelayRemark, $"应交{DuesMonthsDb.Yuan(before)}→{DuesMonthsDb.Yuan(req.Due)}：{req.Remark!.Trim()}" }.Where(s => !string.IsNullOrEmpty(s)));
        if (entry.DelayRemark.Length > 500) entry.DelayRemark = entry.DelayRemark[^500..];
        AuditEvents.Add(db, "dues.entry.due_changed", "dues_entries", entry.Id, entry.OrgId,
            new { month = DuesMonthRules.Code(entry.Month), change = $"{DuesMonthsDb.Yuan(before)}→{DuesMonthsDb.Yuan(req.Due)}" });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
