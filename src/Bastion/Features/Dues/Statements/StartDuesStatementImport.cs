using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues.Months;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Statements;

/// <summary>
/// 导入流水: the upload of a bank 对账单 or WeChat 收款记录 for the open month becomes a job queued for its check (校验中),
/// on the roster import's queue; 确认导入 queues a checked job with matched lines for its import (导入中), in the
/// confirming collector's name. A file that is not Excel or is beyond the limits, an organization that does not collect
/// (临时党支部) or a tenant without an open month is refused at once, before a job is made.
/// </summary>
public sealed class StartDuesStatementImport(AppDbContext db, AuditActor actor, ImportQueue queue, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api)
    {
        // the form is read by hand (as the roster import does): an IFormFile parameter would answer a wrong content type before authorization
        api.MapPost("/dues/organizations/{id:long}/statements", async (long id, HttpContext http, StartDuesStatementImport start, CancellationToken ct) =>
            {
                if (!http.Request.HasFormContentType) return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
                if (file?.Length > RosterReader.MaxBytes) return UploadLimit.Problem(RosterReader.MaxBytes);
                return (await start.Handle(id, file, ct)).ToHttp(job => Results.Accepted($"/api/v1/dues/organizations/{id}/statements/{job}", new { id = job, state = ImportState.校验中.ToString() }));
            })
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(RosterReader.MaxBytes))
           .WithSummary("上传银行对账单或微信收款记录（.xlsx，multipart/form-data 文件字段 file），导入本月党费缴纳：先校验匹配（202，随后查询进度和预览），确认后才写入")
           .Produces(202).ProducesValidationProblem();
        api.MapPost("/dues/organizations/{id:long}/statements/{jobId:long}/confirm", async (long id, long jobId, StartDuesStatementImport start, CancellationToken ct) =>
                (await start.ConfirmAsync(id, jobId, ct)).ToHttp(() => Results.Accepted($"/api/v1/dues/organizations/{id}/statements/{jobId}", new { id = jobId, state = ImportState.导入中.ToString() })))
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("确认导入已校验的流水：已匹配的行在一个事务中写入缴费记录（202，随后查询结果）");
    }

    public async Task<Result<long>> Handle(long orgId, IFormFile? file, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        if (file is null || file.Length == 0) return Result.Invalid("file", "请选择要导入的银行对账单或微信收款记录（.xlsx）");
        if (file.Length > RosterReader.MaxBytes) return Result.Invalid("file", UploadLimit.TooLarge(RosterReader.MaxBytes) + "可分批导入。");
        if (!OrgCapabilities.CanCollectDues(org))
            return Result.Refused("临时党支部不收缴党费", $"{org.Name}不收缴党费（临时党支部的党员在其组织关系所在支部缴纳），不能导入流水", field: "file");
        var open = await DuesMonthsDb.OpenMonthAsync(db, DuesMonthsDb.RootOf(org.Path), ct);
        if (open is null) return Result.Refused("没有正在缴费的月份", "当前没有启动缴费的月份，流水无法导入：请等上级党委启动缴费后再上传", field: "file");
        await using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        if (RosterReader.Check(ms, DuesStatementRules.MaxLines) is { } refusal) return Result.Invalid("file", refusal);
        return await queue.EnqueueAsync(db, actor, clock, org.Id, ImportKind.党费流水, file.FileName, ms.ToArray(), ct);
    }

    public async Task<Result> ConfirmAsync(long orgId, long jobId, CancellationToken ct)
    {
        var job = await db.Set<ImportJob>().FirstOrDefaultAsync(j => j.Id == jobId && j.OrgId == orgId && j.Kind == ImportKind.党费流水, ct);
        if (job is null) return Result.NotFound();
        if (job.State != ImportState.已校验) return Result.Conflict(job.State == ImportState.已完成 ? "该流水已经导入" : "该流水尚未校验完成，或已在导入中");
        if (!await db.Set<DuesStatementLine>().AnyAsync(l => l.JobId == jobId && l.State == DuesStatementLineState.已匹配, ct))
            return Result.Conflict("没有已匹配的流水可以导入：请先为待指定的行手工指定党员");
        job.State = ImportState.导入中;
        job.Done = 0;
        job.StartedAt = null;
        job.RequestedById = actor.UserId;
        job.RequestedBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        queue.Notify();
        return Result.Ok;
    }
}
