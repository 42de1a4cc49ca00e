using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>
/// 交办: creates a ledger item with the 四个明确 under the authorized scope (LedgerManage). Checks the rules of
/// <see cref="LedgerRules.ValidateNew"/>, that the responsible organization lies under the scope and that the owner and
/// the verifier are enabled accounts; writes the item, its "create" transition and a notification to the owner in one
/// transaction. Used by /Ledger/Create and POST /api/v1/ledger/items.
/// </summary>
public sealed class CreateLedgerItem(AppDbContext db, UserContext user, LedgerAccess access, TimeProvider clock)
{
    public const int DescriptionMax = 4000, WorkStandardMax = 1000, AssessingMax = 100, SourceRefMax = 200, TagMax = 20, TagsMax = 10;

    public sealed record Request(
        string? Title, string? Description, string? Source, DateOnly? Deadline, long? ResponsibleOrgId, long? ResponsiblePersonId,
        string? WorkStandard, string? AssessingDepartment, long? VerifierId, string? Priority = null, IReadOnlyList<string>? Tags = null, string? SourceRef = null,
        /// <summary>The 巡察 finding the item rectifies (one finding may have several items); its organization is the responsible one.</summary>
        long? FindingId = null);

    public async Task<(long? Id, Dictionary<string, string[]> Errors)> HandleAsync(Organization scope, Request req, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var errors = new Dictionary<string, string[]>();
        void Err(string key, string message) { if (!errors.ContainsKey(key)) errors[key] = [message]; }

        var source = LedgerRules.ParseSource(req.Source);
        foreach (var (k, v) in LedgerRules.ValidateNew(req.Title, req.Deadline, today, req.ResponsibleOrgId, req.ResponsiblePersonId, req.VerifierId,
                     req.WorkStandard, req.AssessingDepartment, source))
            Err(k, v);
        if (!string.IsNullOrWhiteSpace(req.Source) && source is null)
            errors["source"] = [$"未知的来源：{req.Source.Trim()}（可选：{string.Join("、", LedgerRules.Sources)}）"];

        var description = Clean(req.Description);
        if (description is { Length: > DescriptionMax }) Err("description", $"事项描述不超过{DescriptionMax}字");
        var standard = Clean(req.WorkStandard);
        if (standard is { Length: > WorkStandardMax }) Err("workStandard", $"工作标准不超过{WorkStandardMax}字");
        var assessing = Clean(req.AssessingDepartment);
        if (assessing is { Length: > AssessingMax }) Err("assessingDepartment", $"考核部门不超过{AssessingMax}字");
        var sourceRef = Clean(req.SourceRef);
        if (sourceRef is { Length: > SourceRefMax }) Err("sourceRef", $"来源说明不超过{SourceRefMax}字");

        var priority = LedgerPriority.一般;
        if (!string.IsNullOrWhiteSpace(req.Priority))
        {
            if (Enum.TryParse<LedgerPriority>(req.Priority.Trim(), out var p) && Enum.IsDefined(p) && !int.TryParse(req.Priority, out _)) priority = p;
            else Err("priority", "优先级只能是：一般、重要、紧急");
        }
        var tags = (req.Tags ?? []).Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct().ToArray();
        if (tags.Length > TagsMax) Err("tags", $"标签不超过{TagsMax}个");
        else if (tags.Any(t => t.Length > TagMax)) Err("tags", $"每个标签不超过{TagMax}字");

        Organization? org = null;
        if (req.ResponsibleOrgId is { } orgId)
        {
            org = await db.UnderOrg(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
            if (org is null) Err("responsibleOrgId", "责任组织不存在或不在您的管理范围内");
            else if (org.Status != OrgStatus.正常) Err("responsibleOrgId", $"{org.Name}已撤销，不能交办事项");
        }
        InspectionFinding? finding = null;
        if (req.FindingId is { } fid)
        {
            finding = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fid, ct);
            var phase = finding is null ? (InspectionPhase?)null
                : await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == finding.TargetId).Select(t => t.Phase).FirstAsync(ct);
            if (finding is null) Err("findingId", "巡察问题不存在");
            else if (InspectionRules.IsClue(finding.Category)) Err("findingId", "问题线索按规定移交处置，不列入整改台账");
            else if (!InspectionRules.IsLocked(phase!.Value)) Err("findingId", "巡察反馈后才能建立整改任务");
            else if (org is not null && finding.OrgId != org.Id) Err("responsibleOrgId", "整改任务的责任组织应为被巡察党组织");
        }
        var ids = new[] { req.ResponsiblePersonId, req.VerifierId }.OfType<long>().Distinct().ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        AppUser? Account(long? id, string key, string label)
        {
            if (id is not { } v) return null;
            if (!accounts.TryGetValue(v, out var u)) { Err(key, $"{label}不存在：请选择系统中的账号"); return null; }
            if (u.IsDisabled) { Err(key, $"{label}（{LedgerAccess.NameOf(u)}）的账号已停用"); return null; }
            return u;
        }
        var owner = Account(req.ResponsiblePersonId, "responsiblePersonId", "责任人");
        var verifier = Account(req.VerifierId, "verifierId", "验收人");
        if (errors.Count > 0 || org is null || owner is null || verifier is null) return (null, errors);

        var actor = await access.ActorNameAsync(ct);
        var item = new LedgerItem
        {
            OrgId = org.Id, Source = source!.Value, SourceRef = sourceRef, Title = req.Title!.Trim(), Description = description,
            Deadline = req.Deadline!.Value, OriginalDeadline = req.Deadline!.Value,
            OwnerUserId = owner.Id, OwnerName = LedgerAccess.NameOf(owner), VerifierUserId = verifier.Id, VerifierName = LedgerAccess.NameOf(verifier),
            WorkStandard = standard!, AssessingDepartment = assessing!, Priority = priority, Tags = tags, State = LedgerState.待办,
            CreatedAt = now, CreatedByUserId = user.UserId, CreatedBy = actor, FindingId = finding?.Id, RoundId = finding?.RoundId,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(item);
        db.Add(new LedgerTransition
        {
            Item = item, Action = "create", FromState = null, ToState = LedgerState.待办, ActorUserId = user.UserId, ActorName = actor, At = now,
            DeadlineAfter = item.Deadline,
        });
        await db.SaveChangesAsync(ct);
        if (owner.Id != user.UserId)
            LedgerNotices.Add(db, owner.Id, item, $"新交办事项：{item.Title}", $"{actor}向您交办事项，完成时限{ChineseDates.Date(item.Deadline)}，验收人{item.VerifierName}。", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (item.Id, errors);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>In-app notifications about a ledger item (they link to its page).</summary>
public static class LedgerNotices
{
    public static string Url(long itemId) => $"/Ledger/Details/{itemId}";

    public static void Add(AppDbContext db, long userId, LedgerItem item, string title, string? body, DateTimeOffset now) =>
        db.Notifications.Add(new Notification
        {
            UserId = userId, OrgId = item.OrgId, Title = title.Length <= 200 ? title : title[..199] + "…", Body = body,
            Url = item.Id == 0 ? null : Url(item.Id), CreatedAt = now,
        });
}
