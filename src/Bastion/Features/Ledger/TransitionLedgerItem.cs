using System.Security.Cryptography;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Microsoft.EntityFrameworkCore;
using Bastion.Web;
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

    public enum Outcome { Done, NotFound, Forbidden, Invalid }

    public sealed record Result(Outcome Outcome, Dictionary<string, string[]> Errors, LedgerState? State = null, string? Message = null);

    public async Task<Result> HandleAsync(long itemId, Command cmd, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        void Err(string key, string message) { if (!errors.ContainsKey(key)) errors[key] = [message]; }
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);

        var peek = await db.Set<LedgerItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (peek is null) return new(Outcome.NotFound, errors);
        var view = await access.ViewOfAsync(peek, ct);
        if (!view.CanRead) return new(Outcome.NotFound, errors);
        if (view.Party == LedgerParty.None)
            return new(Outcome.Forbidden, errors, peek.State, "只有该事项的责任人、验收人或交办人可以办理；您可以查看但不能操作。");

        var action = LedgerRules.ParseAction(cmd.Action);
        if (action is null)
        {
            Err("action", "请选择操作（start、progress、submit、close、reject、reopen、extend、approveExtension、rejectExtension）");
            return new(Outcome.Invalid, errors);
        }
        var reason = string.IsNullOrWhiteSpace(cmd.Reason) ? null : cmd.Reason.Trim();
        if (reason is { Length: > ReasonMax }) Err("reason", $"说明不超过{ReasonMax}字");

        // evidence: text required, file recognised by content within the size limit
        var pieces = new List<(string Text, string? Name, AttachmentSniffer.Kind? Kind, byte[]? Data)>();
        var evidence = cmd.Evidence ?? [];
        if (evidence.Count > MaxEvidence) Err("evidence", $"一次最多提交{MaxEvidence}份佐证材料");
        for (var k = 0; k < evidence.Count && k < MaxEvidence; k++)
        {
            var e = evidence[k];
            var key = $"evidence[{k}]";
            var text = string.IsNullOrWhiteSpace(e.Text) ? null : e.Text.Trim();
            if (e.Error is not null) { Err(key, e.Error); continue; }
            if (text is null && e.Data is null) continue; // an empty row of the form
            if (text is null) { Err(key, "请填写佐证材料的文字说明"); continue; }
            if (text.Length > TextMax) { Err(key, $"佐证材料说明不超过{TextMax}字"); continue; }
            if (e.Data is null) { pieces.Add((text, null, null, null)); continue; }
            var (kind, error) = AttachmentSniffer.Check(e.Data, MaxBytes);
            if (kind is null) { Err(key, $"附件“{Path.GetFileName(e.FileName ?? "")}”不能上传：{error}"); continue; }
            pieces.Add((text, AttachmentSniffer.SafeName(e.FileName, kind), kind, e.Data));
        }
        if (errors.Count > 0) return new(Outcome.Invalid, errors);

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
            Err(decision.Field ?? "action", decision.Error!);
            return new(Outcome.Invalid, errors, item.State);
        }

        var actor = await access.ActorNameAsync(ct);
        var from = item.State;
        var deadlineBefore = item.Deadline;
        var a = action.Value;
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
        var t = new LedgerTransition
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
        return new(Outcome.Done, errors, item.State, $"已{LedgerRules.Display(a)}：事项当前为“{item.State}”");
    }

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
