using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
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

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/ledger/items", async (Request body, UserContext user, CreateLedgerItem handler, CancellationToken ct) =>
                (await handler.Handle(user.CurrentOrg!, body, ct)).ToHttp(id => Results.Created($"/api/v1/ledger/items/{id}", new { id })))
           .Require(Permission.LedgerManage)
           .WithSummary("交办台账事项（四个明确；?org= 为授权范围，responsibleOrgId 须在其下；responsiblePersonId、verifierId 为账号编号）")
           .Produces(201).ProducesValidationProblem();

    /// <summary>The new item's id, or the field errors (nothing written).</summary>
    public async Task<Result<long>> Handle(Organization scope, Request req, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var (source, priority, tags) = CheckFields(req, ChineseDates.DayOf(now), errors);
        var org = await ResponsibleOrgAsync(scope, req.ResponsibleOrgId, errors, ct);
        var finding = await FindingAsync(req.FindingId, org, errors, ct);
        var (owner, verifier) = await AccountsAsync(req, errors, ct);
        if (errors.Count > 0 || org is null || owner is null || verifier is null) return Result.Invalid(errors.Map);

        var actor = await access.ActorNameAsync(ct);
        var item = new LedgerItem
        {
            OrgId = org.Id, Source = source!.Value, SourceRef = Clean(req.SourceRef), Title = req.Title!.Trim(), Description = Clean(req.Description),
            Deadline = req.Deadline!.Value, OriginalDeadline = req.Deadline!.Value,
            OwnerUserId = owner.Id, OwnerName = LedgerAccess.NameOf(owner), VerifierUserId = verifier.Id, VerifierName = LedgerAccess.NameOf(verifier),
            WorkStandard = Clean(req.WorkStandard)!, AssessingDepartment = Clean(req.AssessingDepartment)!, Priority = priority, Tags = tags, State = LedgerState.待办,
            CreatedAt = now, CreatedByUserId = user.UserId, CreatedBy = actor, FindingId = finding?.Id, RoundId = finding?.RoundId,
        };
        await SaveAsync(item, owner, actor, now, ct);
        return item.Id;
    }

    /// <summary>The first message per field, in the order the checks run.</summary>
    private sealed class FieldErrors
    {
        public Dictionary<string, string[]> Map { get; } = [];
        public int Count => Map.Count;
        public void Add(string key, string message) { if (!Map.ContainsKey(key)) Map[key] = [message]; }
        public void Set(string key, string message) => Map[key] = [message];
    }

    /// <summary>The rules of <see cref="LedgerRules.ValidateNew"/>, the text lengths, the priority and the tags.</summary>
    private static (LedgerSource? Source, LedgerPriority Priority, string[] Tags) CheckFields(Request req, DateOnly today, FieldErrors errors)
    {
        var source = LedgerRules.ParseSource(req.Source);
        foreach (var (k, v) in LedgerRules.ValidateNew(req.Title, req.Deadline, today, req.ResponsibleOrgId, req.ResponsiblePersonId, req.VerifierId,
                     req.WorkStandard, req.AssessingDepartment, source))
            errors.Add(k, v);
        if (!string.IsNullOrWhiteSpace(req.Source) && source is null)
            errors.Set("source", $"未知的来源：{req.Source.Trim()}（可选：{string.Join("、", LedgerRules.Sources)}）");

        if (Clean(req.Description) is { Length: > DescriptionMax }) errors.Add("description", $"事项描述不超过{DescriptionMax}字");
        if (Clean(req.WorkStandard) is { Length: > WorkStandardMax }) errors.Add("workStandard", $"工作标准不超过{WorkStandardMax}字");
        if (Clean(req.AssessingDepartment) is { Length: > AssessingMax }) errors.Add("assessingDepartment", $"考核部门不超过{AssessingMax}字");
        if (Clean(req.SourceRef) is { Length: > SourceRefMax }) errors.Add("sourceRef", $"来源说明不超过{SourceRefMax}字");

        var priority = LedgerPriority.一般;
        if (!string.IsNullOrWhiteSpace(req.Priority))
        {
            if (Enum.TryParse<LedgerPriority>(req.Priority.Trim(), out var p) && Enum.IsDefined(p) && !int.TryParse(req.Priority, out _)) priority = p;
            else errors.Add("priority", "优先级只能是：一般、重要、紧急");
        }
        var tags = (req.Tags ?? []).Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct().ToArray();
        if (tags.Length > TagsMax) errors.Add("tags", $"标签不超过{TagsMax}个");
        else if (tags.Any(t => t.Length > TagMax)) errors.Add("tags", $"每个标签不超过{TagMax}字");
        return (source, priority, tags);
    }

    /// <summary>The responsible organization: under the scope and in operation.</summary>
    private async Task<Organization?> ResponsibleOrgAsync(Organization scope, long? orgId, FieldErrors errors, CancellationToken ct)
    {
        if (orgId is not { } id) return null;
        var org = await db.UnderOrg(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is null) errors.Add("responsibleOrgId", "责任组织不存在或不在您的管理范围内");
        else if (org.Status != OrgStatus.正常) errors.Add("responsibleOrgId", $"{org.Name}已撤销，不能交办事项");
        return org;
    }

    /// <summary>The 巡察 finding the item rectifies: a surface finding after 反馈, of the responsible organization.</summary>
    private async Task<InspectionFinding?> FindingAsync(long? findingId, Organization? org, FieldErrors errors, CancellationToken ct)
    {
        if (findingId is not { } fid) return null;
        var finding = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fid, ct);
        var phase = finding is null ? (InspectionPhase?)null
            : await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == finding.TargetId).Select(t => t.Phase).FirstAsync(ct);
        if (finding is null) errors.Add("findingId", "巡察问题不存在");
        else if (InspectionRules.IsClue(finding.Category)) errors.Add("findingId", "问题线索按规定移交处置，不列入整改台账");
        else if (!InspectionRules.IsLocked(phase!.Value)) errors.Add("findingId", "巡察反馈后才能建立整改任务");
        else if (org is not null && finding.OrgId != org.Id) errors.Add("responsibleOrgId", "整改任务的责任组织应为被巡察党组织");
        return finding;
    }

    /// <summary>The owner and the verifier: enabled accounts.</summary>
    private async Task<(AppUser? Owner, AppUser? Verifier)> AccountsAsync(Request req, FieldErrors errors, CancellationToken ct)
    {
        var ids = new[] { req.ResponsiblePersonId, req.VerifierId }.OfType<long>().Distinct().ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        AppUser? Account(long? id, string key, string label)
        {
            if (id is not { } v) return null;
            if (!accounts.TryGetValue(v, out var u)) { errors.Add(key, $"{label}不存在：请选择系统中的账号"); return null; }
            if (u.IsDisabled) { errors.Add(key, $"{label}（{LedgerAccess.NameOf(u)}）的账号已停用"); return null; }
            return u;
        }
        return (Account(req.ResponsiblePersonId, "responsiblePersonId", "责任人"), Account(req.VerifierId, "verifierId", "验收人"));
    }

    /// <summary>The item, its "create" transition and the owner's notification, in one transaction.</summary>
    private async Task SaveAsync(LedgerItem item, AppUser owner, string actor, DateTimeOffset now, CancellationToken ct)
    {
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
