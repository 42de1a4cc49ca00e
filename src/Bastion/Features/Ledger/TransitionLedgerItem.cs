using System.Security.Cryptography;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Ledger;

/// <summary>
/// One transition of a ledger item (开始办理, 报送进展, 申请销号, 销号, 退回, 复号, 申请延期, 批准/驳回延期), decided by
/// <see cref="LedgerRules.Decide"/> with the caller's party (责任人, 验收人, 交办人). Evidence files are checked by content
/// (<see cref="AttachmentSniffer"/>) and size. The item change, the transition, its evidence and the notification of the
/// other party are written in one transaction (the item row locked). Used by /Ledger/Details and the API.
/// </summary>
public sealed class TransitionLedgerItem(AppDbContext db, LedgerAccess access, TimeProvider clock, IOptions<LedgerSettings> settings)
{
    public const int TextMax = 2000, ReasonMax = 1000, MaxEvidence = 10;

    public const string ConfigKey = LedgerSettings.MaxEvidenceBytesKey;
    public long MaxBytes => settings.Value.MaxEvidenceBytes;

    /// <summary>A piece of evidence: text, optionally a file (its bytes already decoded).</summary>
    public sealed record Evidence(string? Text, string? FileName, byte[]? Data, string? Error = null);

    public sealed record Command(string? Action, string? Reason, DateOnly? NewDeadline, IReadOnlyList<Evidence>? Evidence);

    /// <summary>The item's state after the step and the sentence saying what was done.</summary>
    public sealed record Done(LedgerState State, string Message);

    public sealed record EvidenceInput(string? Text, string? FileName, string? ContentBase64);

    public sealed record TransitionRequest(string? Action, string? Reason, DateOnly? NewDeadline, IReadOnlyList<EvidenceInput>? Evidence);

    public sealed record TransitionResponse(long Id, string State, string Message);

    public const string NotVisible = "事项不存在或您无权查看。";

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/ledger/items/{id:long}/transitions", async (long id, TransitionRequest? body, TransitionLedgerItem handler, CancellationToken ct) =>
                (await handler.Handle(id, new Command(body?.Action, body?.Reason, body?.NewDeadline, (body?.Evidence ?? []).Select(Decode).ToList()), ct))
                    .ToHttp(d => Results.Ok(new TransitionResponse(id, d.State.ToString(), d.Message))))
           .RequireSignedIn()
           .WithSummary("办理台账事项：action 为 start|progress|submit|close|reject|reopen|extend|approveExtension|rejectExtension；evidence 为 [{text,fileName,contentBase64}]")
           .Produces<TransitionResponse>().ProducesValidationProblem().Produces(403).Produces(404);

    /// <summary>Decodes one evidence piece of the JSON body (an undecodable file becomes a field error).</summary>
    public static Evidence Decode(EvidenceInput e)
    {
        if (string.IsNullOrWhiteSpace(e.ContentBase64)) return new(e.Text, null, null);
        try { return new(e.Text, e.FileName, Convert.FromBase64String(e.ContentBase64.Trim())); }
        catch (FormatException) { return new(e.Text, e.FileName, null, "附件内容不是有效的 Base64 编码"); }
    }

    /// <summary>A checked piece of evidence ready to store.</summary>
    private sealed record Piece(string Text, string? Name, AttachmentSniffer.Kind? Kind, byte[]? Data);

    public async Task<Result<Done>> Handle(long itemId, Command cmd, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);

        var peek = await db.Set<LedgerItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (peek is null) return Result.NotFound(NotVisible);
        var view = await access.ViewOfAsync(peek, ct);
        if (!view.CanRead) return Result.NotFound(NotVisible);
        if (view.Party == LedgerParty.None)
            return Result.Forbidden("只有该事项的责任人、验收人或交办人可以办理；您可以查看但不能操作。");

        var action = LedgerRules.ParseAction(cmd.Action);
        if (action is null)
            return Result.Invalid("action", "请选择操作（start、progress、submit、close、reject、reopen、extend、approveExtension、rejectExtension）");
        var errors = new Dictionary<string, string[]>();
        var reason = string.IsNullOrWhiteSpace(cmd.Reason) ? null : cmd.Reason.Trim();
        if (reason is { Length: > ReasonMax }) Err(errors, "reason", $"说明不超过{ReasonMax}字");
        var pieces = CheckEvidence(cmd.Evidence ?? [], errors);
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var item = (await db.Set<LedgerItem>().FromSql($"SELECT * FROM ledger_items WHERE id = {itemId} FOR UPDATE").ToListAsync(ct)).Single();
        var party = LedgerAccess.PartyOf(item, access.UserId);
        var hasFile = await db.Set<LedgerEvidence>().AnyAsync(v => v.ItemId == itemId && v.FileName != null, ct);
        var hasAny = hasFile || await db.Set<LedgerEvidence>().AnyAsync(v => v.ItemId == itemId, ct);
        var situation = new LedgerSituation(item.State, party, item.Deadline, item.RequestedDeadline, hasFile, hasAny);
        var decision = LedgerRules.Decide(situation, new LedgerCommand(action.Value, reason, pieces.Count, pieces.Count(p => p.Data is not null), cmd.NewDeadline), today);
        if (!decision.Ok)
        {
            await tx.RollbackAsync(ct);
            return Result.Invalid(decision.Field ?? "action", decision.Error!);
        }

        var actor = await access.ActorNameAsync(ct);
        var a = action.Value;
        var (from, deadlineBefore) = (item.State, item.Deadline);
        Apply(item, a, decision, reason, now);
        var t = Transition(item, a, from, deadlineBefore, decision, reason, actor, now);
        db.Add(t);
        foreach (var p in pieces)
            db.Add(new LedgerEvidence
            {
                ItemId = item.Id, Transition = t, Text = p.Text, FileName = p.Name, ContentType = p.Kind?.ContentType, Size = p.Data?.LongLength ?? 0,
                Sha256 = p.Data is null ? null : Convert.ToHexStringLower(SHA256.HashData(p.Data)), Data = p.Data, UploadedBy = actor, UploadedAt = now,
            });
        Notify(item, a, actor, reason, deadlineBefore, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Done(item.State, $"已{LedgerRules.Display(a)}：事项当前为“{item.State}”");
    }

    private static void Err(Dictionary<string, string[]> errors, string key, string message) { if (!errors.ContainsKey(key)) errors[key] = [message]; }

    /// <summary>Evidence: text required, a file recognised by content within the size limit; empty form rows are skipped.</summary>
    private List<Piece> CheckEvidence(IReadOnlyList<Evidence> evidence, Dictionary<string, string[]> errors)
    {
        var pieces = new List<Piece>();
        if (evidence.Count > MaxEvidence) Err(errors, "evidence", $"一次最多提交{MaxEvidence}份佐证材料");
        for (var k = 0; k < evidence.Count && k < MaxEvidence; k++)
        {
            var e = evidence[k];
            var key = $"evidence[{k}]";
            var text = string.IsNullOrWhiteSpace(e.Text) ? null : e.Text.Trim();
            if (e.Error is not null) { Err(errors, key, e.Error); continue; }
            if (text is null && e.Data is null) continue; // an empty row of the form
            if (text is null) { Err(errors, key, "请填写佐证材料的文字说明"); continue; }
            if (text.Length > TextMax) { Err(errors, key, $"佐证材料说明不超过{TextMax}字"); continue; }
            if (e.Data is null) { pieces.Add(new(text, null, null, null)); continue; }
            var (kind, error) = AttachmentSniffer.Check(e.Data, MaxBytes);
            if (kind is null) { Err(errors, key, $"附件“{Path.GetFileName(e.FileName ?? "")}”不能上传：{error}"); continue; }
            pieces.Add(new(text, AttachmentSniffer.SafeName(e.FileName, kind), kind, e.Data));
        }
        return pieces;
    }

    /// <summary>The item after the decision: state, deadlines, the step's timestamps; a new deadline re-arms the reminder and the escalation.</summary>
    private static void Apply(LedgerItem item, LedgerAction a, LedgerDecision decision, string? reason, DateTimeOffset now)
    {
        var deadlineBefore = item.Deadline;
        item.State = decision.State;
        item.Deadline = decision.Deadline;
        item.RequestedDeadline = decision.RequestedDeadline;
        item.UpdatedAt = now;
        switch (a)
        {
            case LedgerAction.Submit: item.SubmittedAt = now; break;
            case LedgerAction.Close: item.ClosedAt = now; item.ExtensionReason = null; break;
            case LedgerAction.Reopen: item.ClosedAt = null; item.SubmittedAt = null; item.ReopenCount++; break;
            case LedgerAction.Extend: item.ExtensionReason = reason is { Length: > 500 } ? reason[..500] : reason; break;
            case LedgerAction.ApproveExtension or LedgerAction.RejectExtension: item.ExtensionReason = null; break;
        }
        if (item.Deadline != deadlineBefore)
        {
            // a new deadline: the due-soon reminder and the escalation run again for it
            item.DueSoonNotifiedAt = null;
            item.EscalatedAt = null;
        }
    }

    /// <summary>The timeline row of the step (deadlines recorded for the extension steps).</summary>
    private LedgerTransition Transition(LedgerItem item, LedgerAction a, LedgerState from, DateOnly deadlineBefore, LedgerDecision decision, string? reason,
        string actor, DateTimeOffset now) => new()
        {
            ItemId = item.Id, Action = LedgerRules.ApiName(a), FromState = from, ToState = item.State, ActorUserId = access.UserId, ActorName = actor, At = now,
            Reason = reason,
            DeadlineBefore = a is LedgerAction.Extend or LedgerAction.ApproveExtension or LedgerAction.RejectExtension ? deadlineBefore : null,
            DeadlineAfter = a switch
            {
                LedgerAction.Extend => decision.RequestedDeadline,
                LedgerAction.ApproveExtension => item.Deadline,
                LedgerAction.RejectExtension => item.Deadline,
                _ => null,
            },
        };

    /// <summary>The other party learns of the step: the verifier of a 申请销号, the owner of a decision, the requester of a 延期申请.</summary>
    private void Notify(LedgerItem item, LedgerAction a, string actor, string? reason, DateOnly deadlineBefore, DateTimeOffset now)
    {
        var why = reason is null ? "" : $"理由：{reason}";
        void To(long? userId, string title, string body)
        {
            if (userId is { } u && u != access.UserId) LedgerNotices.Add(db, u, item, title, body, now);
        }
        switch (a)
        {
            case LedgerAction.Submit:
                To(item.VerifierUserId, $"待验收：{item.Title}", $"{actor}已申请销号，请审核佐证材料后销号或退回。");
                break;
            case LedgerAction.Close:
                To(item.OwnerUserId, $"已销号：{item.Title}", $"{actor}已验收销号。{why}");
                break;
            case LedgerAction.Reject:
                To(item.OwnerUserId, $"被退回：{item.Title}", $"{actor}退回了销号申请。{why}");
                break;
            case LedgerAction.Reopen:
                To(item.OwnerUserId, $"已复号：{item.Title}", $"{actor}对整改结果不满意，事项重新办理。{why}");
                break;
            case LedgerAction.Extend:
                To(item.CreatedByUserId ?? item.VerifierUserId, $"延期申请：{item.Title}",
                    $"{actor}申请将完成时限由{ChineseDates.Date(deadlineBefore)}延至{ChineseDates.Date(item.RequestedDeadline!.Value)}。{why}");
                break;
            case LedgerAction.ApproveExtension:
                To(item.OwnerUserId, $"延期已批准：{item.Title}", $"{actor}批准延期，完成时限调整为{ChineseDates.Date(item.Deadline)}（原定{ChineseDates.Date(item.OriginalDeadline)}）。");
                break;
            case LedgerAction.RejectExtension:
                To(item.OwnerUserId, $"延期被驳回：{item.Title}", $"{actor}驳回了延期申请，完成时限仍为{ChineseDates.Date(item.Deadline)}。{why}");
                break;
        }
    }
}
