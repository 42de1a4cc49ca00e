using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Members.Import;

/// <summary>
/// The import page's upload: a roster within the limits becomes a job queued for its check (校验中); the page then
/// follows the job. A file beyond the limits (rows, columns, uncompressed size) is refused now, before a job is made.
/// </summary>
public sealed class StartRosterCheck(AppDbContext db, AuditActor actor, ImportQueue queue, TimeProvider clock)
{
    /// <summary>The new job's id, or Invalid on <c>file</c> with the reason the file is refused.</summary>
    public async Task<Result<long>> Handle(IFormFile? file, Organization target, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return Result.Invalid("file", "请选择要导入的党员花名册文件（.xlsx 或 .xls）");
        if (file.Length > RosterReader.MaxBytes) return Result.Invalid("file", UploadLimit.TooLarge(RosterReader.MaxBytes) + "可分批导入。");
        await using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        if (RosterReader.Check(ms) is { } refusal) return Result.Invalid("file", refusal);
        return await queue.EnqueueAsync(db, actor, clock, target.Id, ImportKind.花名册, file.FileName, ms.ToArray(), ct);
    }
}
