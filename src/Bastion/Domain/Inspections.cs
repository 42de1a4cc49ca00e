namespace Bastion.Domain;

/// <summary>The phases of 巡察 for one inspected organization, in order.</summary>
public enum InspectionPhase { 准备 = 1, 进驻了解, 报告, 反馈, 移交, 整改, 回头看, 归档 }

/// <summary>四个落实 (the four categories of surface findings) and 问题线索 (clues about individuals).</summary>
public enum FindingCategory { 理论路线落实 = 1, 从严治党落实, 组织路线落实, 整改落实, 问题线索 }

public enum ClueGrade { 建议参考类 = 1, 建议了解关注类, 建议进一步了解关注类 }

/// <summary>四种形态 of discipline enforcement suggested for a clue.</summary>
public enum DisciplineForm { 第一种形态 = 1, 第二种形态, 第三种形态, 第四种形态 }

public enum TeamRole { 组长 = 1, 副组长, 组员 }

/// <summary>草稿 (the team only) → 共答中 (shared with the inspected leadership for 同题共答) → 已定稿 (wording agreed).</summary>
public enum FindingState { 草稿 = 1, 共答中, 已定稿 }

/// <summary>The responsibility split of a finding (several apply at once).</summary>
[Flags]
public enum ResponsibilityKinds
{
    None = 0,
    组织 = 1, 个人 = 2,
    一把手 = 4, 分管领导 = 8,
    下级 = 16, 上级 = 32,
    前任 = 64, 现任 = 128,
}

/// <summary>A 巡察轮次 run by a 党委 (its OrgId), with its plan and the authorization (一次一授权).</summary>
public sealed class InspectionRound
{
    public long Id { get; set; }
    /// <summary>The 党委 that runs the round (its inspection office).</summary>
    public long OrgId { get; set; }
    public required string Name { get; set; }
    public int Year { get; set; }
    public string? Plan { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    /// <summary>一次一授权: who authorized, the document number, the date, the scope.</summary>
    public string? AuthorizedBy { get; set; }
    public string? AuthorizationNo { get; set; }
    public DateOnly? AuthorizedOn { get; set; }
    public string? AuthorizationScope { get; set; }
    public bool Archived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>One inspected organization of a round and where it stands.</summary>
public sealed class InspectionTarget
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    /// <summary>The inspected organization.</summary>
    public long OrgId { get; set; }
    public InspectionPhase Phase { get; set; } = InspectionPhase.准备;
    public DateTimeOffset PhaseChangedAt { get; set; }
    public DateTimeOffset? FeedbackAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The phase history of a target: when each phase was entered, by whom.</summary>
public sealed class InspectionPhaseEntry
{
    public long Id { get; set; }
    public long TargetId { get; set; }
    public InspectionPhase Phase { get; set; }
    public DateOnly EnteredOn { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? Note { get; set; }
}

/// <summary>A member of the round's team (an account), with the 回避 check's result and acknowledgement.</summary>
public sealed class InspectionTeamMember
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public long UserId { get; set; }
    public required string Name { get; set; }
    public TeamRole Role { get; set; } = TeamRole.组员;
    /// <summary>What the 回避 check found (null: no conflict).</summary>
    public string? ConflictNote { get; set; }
    /// <summary>Assigned despite the conflict, with the reason recorded.</summary>
    public bool ConflictAcknowledged { get; set; }
    public string? AcknowledgementReason { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public string? AddedBy { get; set; }
}

/// <summary>A finding of a round about one inspected organization (OrgId = the inspected organization).</summary>
public sealed class InspectionFinding
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public long TargetId { get; set; }
    /// <summary>The inspected organization (so record-scoped authorization works on findings).</summary>
    public long OrgId { get; set; }
    public required string Title { get; set; }
    /// <summary>事实 (the business-level symptoms as found).</summary>
    public required string Facts { get; set; }
    /// <summary>证据 (documents, talk records) described; files are attachments.</summary>
    public string? Evidence { get; set; }
    public long? ResponsibleOrgId { get; set; }
    public string? ResponsiblePersons { get; set; }
    public ResponsibilityKinds Responsibility { get; set; }
    /// <summary>依据: the rule or policy the finding rests on.</summary>
    public string? Basis { get; set; }
    public FindingCategory Category { get; set; }
    public ClueGrade? ClueGrade { get; set; }
    public DisciplineForm? SuggestedForm { get; set; }
    /// <summary>The 巡言巡语 entry accepted (if any) and the standard expression as written.</summary>
    public long? ExpressionId { get; set; }
    public string? Expression { get; set; }
    public string? Recommendation { get; set; }
    /// <summary>立行立改: to be fixed at once (short deadline in the rectification plan).</summary>
    public bool Immediate { get; set; }
    public FindingState State { get; set; } = FindingState.草稿;
    public DateTimeOffset? SharedAt { get; set; }
    /// <summary>The final wording of the characterization and who agreed (同题共答 result).</summary>
    public string? AgreedWording { get; set; }
    public string? AgreedBy { get; set; }
    public DateTimeOffset? AgreedAt { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>A revision of a finding after 反馈 (snapshot of the previous version, with the reason).</summary>
public sealed class InspectionFindingVersion
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    public int Version { get; set; }
    public required string Snapshot { get; set; }
    public required string Reason { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>One message of the 同题共答 exchange on a finding (kept, never edited).</summary>
public sealed class InspectionFindingMessage
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    public long? AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    /// <summary>"巡察组" or "被巡察党组织".</summary>
    public required string Side { get; set; }
    public required string Body { get; set; }
    /// <summary>A proposed wording of the characterization, if the message proposes one.</summary>
    public string? ProposedWording { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>Evidence files of a finding (documents, talk records), checked by content.</summary>
public sealed class InspectionFindingAttachment
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Data { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>移交 of a clue to the discipline or organization department, and its receipt (回执).</summary>
public sealed class InspectionClueTransfer
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    /// <summary>"纪检监察机构" or "组织部门".</summary>
    public required string Department { get; set; }
    public DateTimeOffset TransferredAt { get; set; }
    public required string TransferredBy { get; set; }
    public string? Note { get; set; }
    public string? ReceiptNo { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedBy { get; set; }
}

/// <summary>巡言巡语: a standard expression, the category it belongs to, the business symptoms it covers, an example.</summary>
public sealed class InspectionExpression
{
    public long Id { get; set; }
    public FindingCategory Category { get; set; }
    public required string Expression { get; set; }
    /// <summary>Business-level symptoms (业务管理混乱、制度执行不严 …), separated by 、 or line breaks.</summary>
    public required string Symptoms { get; set; }
    public string? Example { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>How a viewer stands towards one round's findings.</summary>
[Flags]
public enum InspectionViewer
{
    None = 0,
    /// <summary>巡察 role over the inspected organization.</summary>
    Inspection = 1,
    /// <summary>纪检 role over the inspected organization.</summary>
    Discipline = 2,
    /// <summary>The inspected organization's leadership (书记/党委管理员 granted on it).</summary>
    InspectedLeadership = 4,
    /// <summary>Any other account that may read the organization's matters (superiors).</summary>
    OrgReader = 8,
}

/// <summary>The rules of 巡察: phases, categories, confidentiality and locking.</summary>
public static class InspectionRules
{
    public const int MinTeam = 5, MaxTeam = 7;
    /// <summary>A team member who belonged to an inspected organization within this many years must 回避 (or be acknowledged).</summary>
    public const int ConflictYears = 3;

    public const string SideTeam = "巡察组";
    public const string SideInspected = "被巡察党组织";
    public static readonly string[] Departments = ["纪检监察机构", "组织部门"];

    public static readonly IReadOnlyList<InspectionPhase> Phases = Enum.GetValues<InspectionPhase>();

    /// <summary>The full name of a category as it appears in reports and the API.</summary>
    public static string Display(FindingCategory c) => c switch
    {
        FindingCategory.理论路线落实 => "党的理论和路线方针政策及党中央决策部署落实情况",
        FindingCategory.从严治党落实 => "全面从严治党战略部署落实情况",
        FindingCategory.组织路线落实 => "新时代党的组织路线落实情况",
        FindingCategory.整改落实 => "巡视巡察整改和主题教育整改落实情况",
        FindingCategory.问题线索 => "问题线索",
        _ => c.ToString(),
    };

    /// <summary>A category from its full name, its short name, or its number (1–4, 5 for 问题线索).</summary>
    public static FindingCategory? ParseCategory(string? s)
    {
        s = s?.Trim();
        if (string.IsNullOrEmpty(s)) return null;
        foreach (var c in Enum.GetValues<FindingCategory>())
            if (s == Display(c) || s == c.ToString() || s == ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture)) return c;
        return null;
    }

    public static string Display(DisciplineForm f) => f switch
    {
        DisciplineForm.第一种形态 => "第一种形态：批评教育、谈话提醒",
        DisciplineForm.第二种形态 => "第二种形态：轻处分、组织调整",
        DisciplineForm.第三种形态 => "第三种形态：重处分、重大职务调整",
        DisciplineForm.第四种形态 => "第四种形态：严重违纪涉嫌违法立案审查",
        _ => f.ToString(),
    };

    public static bool IsClue(FindingCategory c) => c == FindingCategory.问题线索;

    /// <summary>After 反馈 a finding is locked: it can only be revised with a reason (versions kept).</summary>
    public static bool IsLocked(InspectionPhase phase) => phase >= InspectionPhase.反馈;

    /// <summary>The next phase (null after 归档).</summary>
    public static InspectionPhase? Next(InspectionPhase p) => p == InspectionPhase.归档 ? null : p + 1;

    /// <summary>
    /// Who may read a finding. Clues: inspection and discipline roles only, always. Other findings: inspection and
    /// discipline always; the inspected leadership once shared for 同题共答 or after 反馈; other readers after 反馈.
    /// </summary>
    public static bool CanRead(InspectionViewer v, FindingCategory category, FindingState state, InspectionPhase phase)
    {
        if ((v & (InspectionViewer.Inspection | InspectionViewer.Discipline)) != 0) return true;
        if (IsClue(category)) return false;
        if (phase >= InspectionPhase.反馈) return (v & (InspectionViewer.InspectedLeadership | InspectionViewer.OrgReader)) != 0;
        return v.HasFlag(InspectionViewer.InspectedLeadership) && state != FindingState.草稿;
    }

    /// <summary>Only the inspection team writes findings, and only before 反馈 without a reason.</summary>
    public static string? CheckEdit(InspectionViewer v, InspectionPhase phase, string? reason)
    {
        if (!v.HasFlag(InspectionViewer.Inspection)) return "只有巡察组可以修改问题";
        if (IsLocked(phase) && string.IsNullOrWhiteSpace(reason)) return "已反馈的问题不能直接修改，只能说明理由后修订（保留历次版本）";
        return null;
    }

    /// <summary>同题共答 happens before 反馈, on a shared (not draft) non-clue finding, between the team and the inspected leadership.</summary>
    public static string? CheckMessage(InspectionViewer v, FindingCategory category, FindingState state, InspectionPhase phase)
    {
        if (IsClue(category)) return "问题线索不参与同题共答";
        if (phase >= InspectionPhase.反馈) return "已反馈，同题共答已结束";
        if (state == FindingState.草稿) return "该问题尚未提交同题共答";
        if ((v & (InspectionViewer.Inspection | InspectionViewer.InspectedLeadership)) == 0) return "只有巡察组和被巡察党组织领导班子可以参与同题共答";
        return null;
    }

    /// <summary>Checks the classification of a finding: a clue needs a grade; a surface finding has none.</summary>
    public static Dictionary<string, string> ValidateFinding(string? title, string? facts, FindingCategory? category, ClueGrade? grade)
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(title)) e["title"] = "请填写问题标题";
        if (string.IsNullOrWhiteSpace(facts)) e["facts"] = "请填写问题事实";
        if (category is null) e["category"] = "请选择问题归类（四个落实之一，或问题线索）";
        else if (category == FindingCategory.问题线索 && grade is null) e["clueGrade"] = "问题线索须分类：建议参考类、建议了解关注类或建议进一步了解关注类";
        else if (category != FindingCategory.问题线索 && grade is not null) e["clueGrade"] = "只有问题线索才分类处置";
        return e;
    }

    /// <summary>The team size rule (5–7 people), as a warning text or null.</summary>
    public static string? TeamSizeWarning(int count) =>
        count < MinTeam ? $"巡察组一般由{MinTeam}至{MaxTeam}人组成，目前只有{count}人"
        : count > MaxTeam ? $"巡察组一般由{MinTeam}至{MaxTeam}人组成，目前有{count}人"
        : null;

    /// <summary>
    /// How an account stands towards an inspected organization, from its grants: 巡察 (Inspector over it), 纪检
    /// (Discipline over it), the inspected leadership (OrgAdmin or BranchSecretary granted on that very
    /// organization), or another reader (InspectionRead over it).
    /// </summary>
    public static InspectionViewer ViewerFrom(IEnumerable<Grant> grants, long inspectedOrgId, string inspectedPath)
    {
        var v = InspectionViewer.None;
        foreach (var g in grants)
        {
            var over = Roles.IsAdministrator(g.Role) || (g.OrgPath is not null && OrgRules.IsWithin(inspectedPath, g.OrgPath));
            if (!over) continue;
            if (g.Role == Role.Inspector) v |= InspectionViewer.Inspection;
            if (g.Role == Role.Discipline) v |= InspectionViewer.Discipline;
            if (g.Role is Role.OrgAdmin or Role.BranchSecretary && g.OrgId == inspectedOrgId) v |= InspectionViewer.InspectedLeadership;
            if (Roles.PermissionsOf(g.Role).Contains(Permission.InspectionRead)) v |= InspectionViewer.OrgReader;
        }
        return v;
    }

    /// <summary>Default rectification deadline: 立行立改 items short (30 days), others 3 months after 反馈.</summary>
    /// <summary>"2026年第一轮巡察" as written in a document: the year only when the round's name does not begin with it.</summary>
    public static string RoundTitle(int year, string roundName)
    {
        var name = roundName.Trim();
        return name.StartsWith($"{year}年", StringComparison.Ordinal) ? name : $"{year}年{name}";
    }

    /// <summary>The round's team as named in a document: "第一轮巡察" → "第一轮巡察组", "专项检查" → "专项检查巡察组".</summary>
    public static string TeamName(string roundName)
    {
        var name = roundName.Trim();
        return name.EndsWith("巡察组", StringComparison.Ordinal) ? name : name.EndsWith("巡察", StringComparison.Ordinal) ? name + "组" : name + "巡察组";
    }

    /// <summary>Whether a finding goes into the documents: a clue always (it never enters 同题共答); a surface finding once it is no longer a 草稿.</summary>
    public static bool InDocuments(FindingCategory category, FindingState state) => IsClue(category) || state != FindingState.草稿;

    public static DateOnly RectificationDeadline(DateOnly feedbackDay, bool immediate) =>
        immediate ? feedbackDay.AddDays(30) : feedbackDay.AddMonths(3);
}
