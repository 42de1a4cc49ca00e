using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// The bases page's upload and 确认导入 of a payroll file, on the roster import's queue: upload → a job 校验中 (its
/// check); a checked job (已校验) → 导入中 in the confirming user's name. A file beyond the limits is refused at once.
/// </summary>
public sealed class StartDuesBaseImport(AppDbContext db, AuditActor actor, ImportQueue queue, TimeProvider clock)
{
    public async Task<Result<long>> Handle(IFormFile? file, Organization target, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return Result.Invalid("file", "请选择要导入的工资表文件（.xlsx 或 .xls）");
        if (file.Length > RosterReader.MaxBytes) return Result.Invalid("file", UploadLimit.TooLarge(RosterReader.MaxBytes) + "可分批导入。");
        await using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        if (RosterReader.Check(ms) is { } refusal) return Result.Invalid("file", refusal);
        return await queue.EnqueueAsync(db, actor, clock, target.Id, ImportKind.党费基数, file.FileName, ms.ToArray(), ct);
    }

    public async Task<Result> CommitAsync(long? jobId, Organization org, CancellationToken ct)
    {
        var job = await db.Set<ImportJob>().FirstOrDefaultAsync(j => j.Id == jobId && j.OrgId == org.Id && j.Kind == ImportKind.党费基数, ct);
        if (job is null) return Result.NotFound();
        if (job.State != ImportState.已校验) return Result.Conflict("该文件尚未校验完成或已经导入");
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
