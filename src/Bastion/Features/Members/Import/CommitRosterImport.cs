using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members.Import;

/// <summary>确认导入: a checked job (已校验) of the organization is queued for its import (导入中) in the confirming user's name.</summary>
public sealed class CommitRosterImport(AppDbContext db, AuditActor actor, ImportQueue queue)
{
    public async Task<Result> Handle(long? jobId, Organization org, CancellationToken ct)
    {
        var job = await db.Set<ImportJob>().FirstOrDefaultAsync(j => j.Id == jobId && j.OrgId == org.Id && j.Kind == ImportKind.花名册, ct);
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
