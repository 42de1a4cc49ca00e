using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>One ledger item as the caller may see it: the 四个明确, original and current deadline, the timeline, the evidence (without bytes) and the caller's actions.</summary>
public sealed class GetLedgerItem(AppDbContext db, LedgerAccess access, TimeProvider clock)
{
    public sealed record Step(long Id, string Action, string ActionName, string? FromState, string ToState, string ActorName, DateTimeOffset At, string? Reason,
        DateOnly? DeadlineBefore, DateOnly? DeadlineAfter);

    public sealed record EvidenceRow(long Id, long? TransitionId, string Text, string? FileName, string? ContentType, long Size, string UploadedBy, DateTimeOffset UploadedAt);

    public sealed record Details(
        long Id, long OrgId, string OrgName, string Source, string? SourceRef, long? FindingId, long? RoundId, string Title, string? Description,
        DateOnly Deadline, DateOnly OriginalDeadline, DateOnly? RequestedDeadline, string? ExtensionReason, bool Extended,
        long OwnerUserId, string OwnerName, long VerifierUserId, string VerifierName, string WorkStandard, string AssessingDepartment,
        string Priority, string[] Tags, string State, int ReopenCount, bool Overdue, int DaysOverdue, DateTimeOffset CreatedAt, string? CreatedBy,
        DateTimeOffset? SubmittedAt, DateTimeOffset? ClosedAt, IReadOnlyList<string> MyRoles, IReadOnlyList<string> Allowed, bool CanManage,
        IReadOnlyList<Step> Transitions, IReadOnlyList<EvidenceRow> Evidence);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/ledger/items/{id:long}", async (long id, GetLedgerItem handler, CancellationToken ct) => (await handler.Handle(id, ct)).ToHttp())
           .RequireSignedIn()
           .WithSummary("台账事项详情（含流转记录、佐证材料与本人可执行的操作）").Produces<Details>().Produces(404);
        api.MapGet("/ledger/items/{id:long}/evidence", async (long id, long? file, HttpContext http, GetLedgerItem handler, CancellationToken ct) =>
                (await handler.EvidenceFileAsync(id, file, ct)).ToHttp(f => Download(http, f)))
           .RequireSignedIn()
           .WithSummary("下载佐证材料附件（?file= 佐证材料编号）").Produces(200).Produces(404);
    }

    /// <summary>The item, or NotFound when it does not exist or the caller may not see it (the API and pages answer 404 then).</summary>
    public async Task<Result<Details>> Handle(long id, CancellationToken ct = default)
    {
        var item = await db.Set<LedgerItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return Result.NotFound(TransitionLedgerItem.NotVisible);
        var view = await access.ViewOfAsync(item, ct);
        if (!view.CanRead) return Result.NotFound(TransitionLedgerItem.NotVisible);
        var today = clock.Today();
        var orgName = await db.Organizations.Where(o => o.Id == item.OrgId).Select(o => o.Name).FirstAsync(ct);
        var steps = await db.Set<LedgerTransition>().AsNoTracking().Where(t => t.ItemId == id).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(ct);
        var evidence = await db.Set<LedgerEvidence>().AsNoTracking().Where(v => v.ItemId == id).OrderBy(v => v.UploadedAt).ThenBy(v => v.Id)
            .Select(v => new EvidenceRow(v.Id, v.TransitionId, v.Text, v.FileName, v.ContentType, v.Size, v.UploadedBy, v.UploadedAt)).ToListAsync(ct);
        var hasFile = evidence.Any(e => e.FileName is not null);
        var allowed = view.Party == LedgerParty.None ? []
            : LedgerRules.Allowed(new LedgerSituation(item.State, view.Party, item.Deadline, item.RequestedDeadline, hasFile, evidence.Count > 0));
        var roles = new List<string>();
        if (view.Party.HasFlag(LedgerParty.Owner)) roles.Add("责任人");
        if (view.Party.HasFlag(LedgerParty.Verifier)) roles.Add("验收人");
        if (view.Party.HasFlag(LedgerParty.Requester)) roles.Add("交办人");
        return new Details(
            item.Id, item.OrgId, orgName, item.Source.ToString(), item.SourceRef, item.FindingId, item.RoundId, item.Title, item.Description,
            item.Deadline, item.OriginalDeadline, item.RequestedDeadline, item.ExtensionReason, item.Deadline != item.OriginalDeadline,
            item.OwnerUserId, item.OwnerName, item.VerifierUserId, item.VerifierName, item.WorkStandard, item.AssessingDepartment,
            item.Priority.ToString(), item.Tags, item.State.ToString(), item.ReopenCount, LedgerRules.IsOverdue(item.State, item.Deadline, today),
            LedgerRules.DaysOverdue(item.State, item.Deadline, today), item.CreatedAt, item.CreatedBy, item.SubmittedAt, item.ClosedAt, roles,
            allowed.Select(LedgerRules.ApiName).ToList(), view.CanManage,
            steps.Select(t => new Step(t.Id, t.Action, ActionName(t.Action), t.FromState?.ToString(), t.ToState.ToString(), t.ActorName, t.At, t.Reason,
                t.DeadlineBefore, t.DeadlineAfter)).ToList(),
            evidence);
    }

    public static string ActionName(string apiName) =>
        apiName == "create" ? LedgerRules.Display(LedgerAction.Create) : LedgerRules.ParseAction(apiName) is { } a ? LedgerRules.Display(a) : apiName;

    public sealed record File(string FileName, string ContentType, byte[] Data);

    /// <summary>An evidence file of an item the caller may see; NotFound otherwise.</summary>
    public async Task<Result<File>> EvidenceFileAsync(long itemId, long? evidenceId, CancellationToken ct = default)
    {
        var missing = Result.NotFound("附件不存在。");
        if (evidenceId is not { } fileId) return missing;
        var item = await db.Set<LedgerItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null || !(await access.ViewOfAsync(item, ct)).CanRead) return missing;
        var e = await db.Set<LedgerEvidence>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == fileId && v.ItemId == itemId && v.Data != null, ct);
        if (e is null) return missing;
        return new File(e.FileName!, e.ContentType ?? "application/octet-stream", e.Data!);
    }

    /// <summary>Sends an evidence file as a download (<see cref="AttachmentSniffer.Download"/>).</summary>
    public static IResult Download(HttpContext http, File f) => AttachmentSniffer.Download(http, f.Data, f.ContentType, f.FileName);
}
