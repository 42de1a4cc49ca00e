namespace Bastion.Domain;

/// <summary>Where a tracked matter comes from (三单制, 挂账销号, 督办 and the modules that feed the ledger).</summary>
public enum LedgerSource { 问题清单 = 1, 任务清单, 责任清单, 立行立改, 整改, 督办, 小微权力清单, 问题线索 }

/// <summary>待办 → 办理中 → 申请销号 → 已销号; 退回 goes back to 办理中, 复号 reopens a closed item.</summary>
public enum LedgerState { 待办 = 1, 办理中, 申请销号, 已销号 }

public enum LedgerPriority { 一般 = 1, 重要, 紧急 }

/// <summary>The transitions of a ledger item; the API names them in English (start, progress, submit, …).</summary>
public enum LedgerAction { Create, Start, Progress, Submit, Close, Reject, Reopen, Extend, ApproveExtension, RejectExtension }

/// <summary>How the acting account relates to the item (several may hold at once).</summary>
[Flags]
public enum LedgerParty
{
    None = 0,
    /// <summary>责任人: the person the item is assigned to.</summary>
    Owner = 1,
    /// <summary>验收人: verifies and closes (销号).</summary>
    Verifier = 2,
    /// <summary>交办人: who created (requested) the item.</summary>
    Requester = 4,
}

/// <summary>One tracked matter with the 四个明确: deadline, responsible organization and person, work standard, assessing department.</summary>
public sealed class LedgerItem
{
    public long Id { get; set; }
    /// <summary>The responsible organization (责任主体).</summary>
    public long OrgId { get; set; }
    public LedgerSource Source { get; set; }
    /// <summary>Free reference to the source, e.g. "2026年第一轮巡察·甲公司党委" or a meeting's topic.</summary>
    public string? SourceRef { get; set; }
    /// <summary>The inspection finding the item rectifies, when it came from 巡察.</summary>
    public long? FindingId { get; set; }
    public long? RoundId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    /// <summary>完成时限 (may move by an approved 延期).</summary>
    public DateOnly Deadline { get; set; }
    /// <summary>The deadline set at creation: kept and shown after an extension.</summary>
    public DateOnly OriginalDeadline { get; set; }
    /// <summary>A pending 延期申请: the deadline asked for (null when none is pending).</summary>
    public DateOnly? RequestedDeadline { get; set; }
    public string? ExtensionReason { get; set; }
    /// <summary>责任人 (an account).</summary>
    public long OwnerUserId { get; set; }
    public required string OwnerName { get; set; }
    /// <summary>验收人 (an account, never the owner).</summary>
    public long VerifierUserId { get; set; }
    public required string VerifierName { get; set; }
    /// <summary>工作标准 / 验收标准.</summary>
    public required string WorkStandard { get; set; }
    /// <summary>考核部门.</summary>
    public required string AssessingDepartment { get; set; }
    public LedgerPriority Priority { get; set; } = LedgerPriority.一般;
    public string[] Tags { get; set; } = [];
    public LedgerState State { get; set; } = LedgerState.待办;
    public int ReopenCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long? CreatedByUserId { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>When the owner was reminded that the deadline is near (once per deadline).</summary>
    public DateTimeOffset? DueSoonNotifiedAt { get; set; }
    /// <summary>When the overdue item was escalated to the owner's superior organization (once per deadline).</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>Every transition of an item, with actor, time and reason (the item's history).</summary>
public sealed class LedgerTransition
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    /// <summary>Set instead of <see cref="ItemId"/> when the item is created in the same save.</summary>
    public LedgerItem? Item { get; set; }
    /// <summary>The action's API name (create, start, progress, submit, close, reject, reopen, extend, approveExtension, rejectExtension).</summary>
    public required string Action { get; set; }
    public LedgerState? FromState { get; set; }
    public LedgerState ToState { get; set; }
    public long? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
    public DateOnly? DeadlineBefore { get; set; }
    public DateOnly? DeadlineAfter { get; set; }
}

/// <summary>A piece of evidence (佐证材料): a text, optionally with an attached file checked by content.</summary>
public sealed class LedgerEvidence
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public LedgerItem? Item { get; set; }
    public long? TransitionId { get; set; }
    /// <summary>Set instead of <see cref="TransitionId"/> when the transition is written in the same save.</summary>
    public LedgerTransition? Transition { get; set; }
    public required string Text { get; set; }
    public string? FileName { get; set; }
    public string? ContentType { get; set; }
    public long Size { get; set; }
    public string? Sha256 { get; set; }
    public byte[]? Data { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>The facts a transition is decided on (pure input).</summary>
public sealed record LedgerSituation(
    LedgerState State,
    LedgerParty Party,
    DateOnly Deadline,
    DateOnly? RequestedDeadline,
    /// <summary>Evidence already on the item with both text and an attached file.</summary>
    bool HasEvidenceWithFile,
    /// <summary>Evidence already on the item (text only counts).</summary>
    bool HasEvidence);

/// <summary>What the actor sends with a transition.</summary>
public sealed record LedgerCommand(
    LedgerAction Action,
    string? Reason,
    /// <summary>Evidence in this request: count, and how many carry a file.</summary>
    int EvidenceCount = 0,
    int EvidenceWithFile = 0,
    /// <summary>For extend: the deadline asked for.</summary>
    DateOnly? NewDeadline = null);

/// <summary>The outcome: the new state and, for extensions, the new deadline / pending request; or a Chinese error.</summary>
public sealed record LedgerDecision(LedgerState State, DateOnly Deadline, DateOnly? RequestedDeadline, string? Error = null, string? Field = null)
{
    public bool Ok => Error is null;
}

/// <summary>The ledger's rules: creation checks and the state machine (every allowed and forbidden transition).</summary>
public static class LedgerRules
{
    public const int MaxExtensionDays = 366;

    public static readonly IReadOnlyList<LedgerSource> Sources = Enum.GetValues<LedgerSource>();

    public static string ApiName(LedgerAction a) => a switch
    {
        LedgerAction.ApproveExtension => "approveExtension",
        LedgerAction.RejectExtension => "rejectExtension",
        _ => a.ToString().ToLowerInvariant(),
    };

    public static LedgerAction? ParseAction(string? s) =>
        Enum.GetValues<LedgerAction>().Where(a => a != LedgerAction.Create)
            .Select(a => (LedgerAction?)a).FirstOrDefault(a => string.Equals(ApiName(a!.Value), s?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Display(LedgerAction a) => a switch
    {
        LedgerAction.Create => "交办",
        LedgerAction.Start => "开始办理",
        LedgerAction.Progress => "报送进展",
        LedgerAction.Submit => "申请销号",
        LedgerAction.Close => "销号",
        LedgerAction.Reject => "退回",
        LedgerAction.Reopen => "复号",
        LedgerAction.Extend => "申请延期",
        LedgerAction.ApproveExtension => "批准延期",
        LedgerAction.RejectExtension => "驳回延期",
        _ => a.ToString(),
    };

    public static LedgerSource? ParseSource(string? s) =>
        Enum.TryParse<LedgerSource>(s?.Trim(), out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _) ? v : null;

    /// <summary>Overdue: not closed and the deadline has passed.</summary>
    public static bool IsOverdue(LedgerState state, DateOnly deadline, DateOnly today) => state != LedgerState.已销号 && deadline < today;

    /// <summary>Due within the given days (today included), not closed, not yet overdue.</summary>
    public static bool IsDueWithin(LedgerState state, DateOnly deadline, DateOnly today, int days) =>
        state != LedgerState.已销号 && deadline >= today && deadline <= today.AddDays(days);

    /// <summary>Days past the deadline (0 when not overdue).</summary>
    public static int DaysOverdue(LedgerState state, DateOnly deadline, DateOnly today) =>
        IsOverdue(state, deadline, today) ? today.DayNumber - deadline.DayNumber : 0;

    /// <summary>Checks a new item; returns field → Chinese message (empty when valid).</summary>
    public static Dictionary<string, string> ValidateNew(string? title, DateOnly? deadline, DateOnly today, long? orgId, long? ownerUserId,
        long? verifierUserId, string? workStandard, string? assessingDepartment, LedgerSource? source)
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(title)) e["title"] = "请填写事项名称";
        else if (title.Trim().Length > 200) e["title"] = "事项名称不超过200字";
        if (source is null) e["source"] = "请选择来源（问题清单、任务清单、责任清单、立行立改、整改、督办、小微权力清单、问题线索）";
        if (deadline is null) e["deadline"] = "请填写完成时限（四个明确之一）";
        else if (deadline < today) e["deadline"] = $"完成时限不能早于交办日期（{today:yyyy-MM-dd}）";
        else if (PlanningDates.CheckLatest(deadline.Value, today, "完成时限") is { } far) e["deadline"] = far;
        if (orgId is null) e["responsibleOrgId"] = "请选择责任主体（责任组织）";
        if (ownerUserId is null) e["responsiblePersonId"] = "请选择责任人";
        if (verifierUserId is null) e["verifierId"] = "请选择验收人";
        else if (ownerUserId is not null && ownerUserId == verifierUserId) e["verifierId"] = "验收人不能是责任人本人：销号须由责任人以外的人验收";
        if (string.IsNullOrWhiteSpace(workStandard)) e["workStandard"] = "请填写工作标准（验收标准）";
        if (string.IsNullOrWhiteSpace(assessingDepartment)) e["assessingDepartment"] = "请填写考核部门";
        return e;
    }

    /// <summary>The actions the party may take on an item in this situation (for buttons).</summary>
    public static IReadOnlyList<LedgerAction> Allowed(LedgerSituation s) =>
        Enum.GetValues<LedgerAction>().Where(a => a != LedgerAction.Create && IsAllowedFor(s, a)).ToList();

    private static bool IsAllowedFor(LedgerSituation s, LedgerAction a) => a switch
    {
        LedgerAction.Start => s.State == LedgerState.待办 && s.Party.HasFlag(LedgerParty.Owner),
        LedgerAction.Progress => s.State is LedgerState.待办 or LedgerState.办理中 && s.Party.HasFlag(LedgerParty.Owner),
        LedgerAction.Submit => s.State is LedgerState.待办 or LedgerState.办理中 && s.Party.HasFlag(LedgerParty.Owner),
        LedgerAction.Close or LedgerAction.Reject => s.State == LedgerState.申请销号 && s.Party.HasFlag(LedgerParty.Verifier) && !s.Party.HasFlag(LedgerParty.Owner),
        LedgerAction.Reopen => s.State == LedgerState.已销号 && (s.Party & (LedgerParty.Verifier | LedgerParty.Requester)) != 0,
        LedgerAction.Extend => s.State is LedgerState.待办 or LedgerState.办理中 && s.Party.HasFlag(LedgerParty.Owner) && s.RequestedDeadline is null,
        LedgerAction.ApproveExtension or LedgerAction.RejectExtension => s.RequestedDeadline is not null && s.State != LedgerState.已销号
            && (s.Party & (LedgerParty.Verifier | LedgerParty.Requester)) != 0 && !s.Party.HasFlag(LedgerParty.Owner),
        _ => false,
    };

    /// <summary>Decides one transition: the new state and deadline, or why it is refused (nothing changes then).</summary>
    public static LedgerDecision Decide(LedgerSituation s, LedgerCommand c, DateOnly today)
    {
        LedgerDecision Refuse(string msg, string? field = null) => new(s.State, s.Deadline, s.RequestedDeadline, msg, field);
        var reason = c.Reason?.Trim();

        if (c.Action == LedgerAction.Create) return Refuse("事项已创建");
        if (!IsAllowedFor(s, c.Action))
            return Refuse(WhyNot(s, c.Action));
        if (c.EvidenceWithFile > c.EvidenceCount) return Refuse("佐证材料数量不一致", "evidence");

        switch (c.Action)
        {
            case LedgerAction.Start:
                return new(LedgerState.办理中, s.Deadline, s.RequestedDeadline);
            case LedgerAction.Progress:
                if (c.EvidenceCount == 0 && string.IsNullOrEmpty(reason)) return Refuse("请填写办理进展", "reason");
                return new(LedgerState.办理中, s.Deadline, s.RequestedDeadline);
            case LedgerAction.Submit:
                if (!(s.HasEvidenceWithFile || c.EvidenceWithFile > 0))
                    return Refuse("申请销号须附至少一份佐证材料（文字说明并上传附件）", "evidence");
                return new(LedgerState.申请销号, s.Deadline, s.RequestedDeadline);
            case LedgerAction.Close:
                if (!(s.HasEvidenceWithFile || c.EvidenceWithFile > 0))
                    return Refuse("没有佐证材料（文字说明并附件）的事项不能销号", "evidence");
                return new(LedgerState.已销号, s.Deadline, null);
            case LedgerAction.Reject:
                if (string.IsNullOrEmpty(reason)) return Refuse("退回须说明理由", "reason");
                return new(LedgerState.办理中, s.Deadline, s.RequestedDeadline);
            case LedgerAction.Reopen:
                if (string.IsNullOrEmpty(reason)) return Refuse("复号须说明理由", "reason");
                return new(LedgerState.办理中, s.Deadline, null);
            case LedgerAction.Extend:
                if (c.NewDeadline is not { } nd) return Refuse("请填写申请延期至的日期", "newDeadline");
                if (nd <= s.Deadline) return Refuse($"延期后的时限须晚于当前时限（{s.Deadline:yyyy-MM-dd}）", "newDeadline");
                if (nd.DayNumber - s.Deadline.DayNumber > MaxExtensionDays) return Refuse("单次延期不超过一年", "newDeadline");
                if (nd < today) return Refuse("延期后的时限不能早于今天", "newDeadline");
                if (PlanningDates.CheckLatest(nd, today, "延期后的时限") is { } far) return Refuse(far, "newDeadline");
                if (string.IsNullOrEmpty(reason)) return Refuse("申请延期须说明理由", "reason");
                return new(s.State, s.Deadline, nd);
            case LedgerAction.ApproveExtension:
                return new(s.State, s.RequestedDeadline!.Value, null);
            case LedgerAction.RejectExtension:
                if (string.IsNullOrEmpty(reason)) return Refuse("驳回延期须说明理由", "reason");
                return new(s.State, s.Deadline, null);
            default:
                return Refuse("不支持的操作");
        }
    }

    private static string WhyNot(LedgerSituation s, LedgerAction a)
    {
        var who = a switch
        {
            LedgerAction.Start or LedgerAction.Progress or LedgerAction.Submit or LedgerAction.Extend => LedgerParty.Owner,
            LedgerAction.Close or LedgerAction.Reject => LedgerParty.Verifier,
            _ => LedgerParty.Verifier | LedgerParty.Requester,
        };
        if ((s.Party & who) == 0)
            return a switch
            {
                LedgerAction.Start or LedgerAction.Progress or LedgerAction.Submit or LedgerAction.Extend => $"只有责任人可以{Display(a)}",
                LedgerAction.Close or LedgerAction.Reject => $"只有验收人可以{Display(a)}",
                _ => $"只有验收人或交办人可以{Display(a)}",
            };
        if (s.Party.HasFlag(LedgerParty.Owner) && a is LedgerAction.Close or LedgerAction.Reject or LedgerAction.ApproveExtension or LedgerAction.RejectExtension)
            return $"责任人不能自己{Display(a)}";
        if (a is LedgerAction.ApproveExtension or LedgerAction.RejectExtension && s.RequestedDeadline is null)
            return "没有待审批的延期申请";
        if (a == LedgerAction.Extend && s.RequestedDeadline is not null)
            return "已有待审批的延期申请";
        return $"事项当前为“{s.State}”，不能{Display(a)}";
    }
}
