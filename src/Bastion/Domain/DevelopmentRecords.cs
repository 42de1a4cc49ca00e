namespace Bastion.Domain;

/// <summary>
/// A development case (发展党员): one person, kept by the branch of their work unit. The applicant usually has no
/// account and no member record until step 17 creates one (<see cref="MemberId"/>). The ID number is personal data:
/// masked on pages and in the API unless the caller may see it in full, masked in audit rows.
/// </summary>
public sealed class DevelopmentCase
{
    public long Id { get; set; }
    /// <summary>The branch keeping the case.</summary>
    public long OrgId { get; set; }
    public required string Name { get; set; }
    public required string IdNumber { get; set; }
    /// <summary>From the ID number.</summary>
    public DateOnly BirthDate { get; set; }
    public Gender Gender { get; set; }
    public DateOnly AppliedOn { get; set; }
    public DevelopmentState State { get; set; }
    /// <summary>The rule pack the case is decided under (<see cref="DevelopmentRulePacks"/>).</summary>
    public required string PackVersion { get; set; }
    /// <summary>The member record created at approval (step 17).</summary>
    public long? MemberId { get; set; }
    /// <summary>The case this one continues after a 转出 from another branch (training time carries over).</summary>
    public long? TransferredFromId { get; set; }
    /// <summary>入党志愿书 number, assigned at 预审 (step 13) from the 党委's number ranges.</summary>
    public string? VolunteerBookNo { get; set; }
    /// <summary>When the case ended (转出, 撤回, 终止, 逝世, 转正, 取消) and why.</summary>
    public DateOnly? ClosedOn { get; set; }
    public string? CloseReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One recorded step of a case (append-only): an edit of its date is a new row that <see cref="SupersedesId"/> the old
/// one, with the reason. The current timeline is the rows nobody supersedes.
/// </summary>
public sealed class DevelopmentStep
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long OrgId { get; set; }
    /// <summary>"1".."25", "12a", "22a".</summary>
    public required string Step { get; set; }
    public DateOnly On { get; set; }
    /// <summary>The step's fields (<see cref="DevelopmentStepFields"/>) as JSON (jsonb).</summary>
    public string Fields { get; set; } = "{}";
    /// <summary>Why it was late (谈话 after a month).</summary>
    public string? LateReason { get; set; }
    /// <summary>Warnings the gates raised when it was recorded (超期, 审批超过3个月 …).</summary>
    public string[] Warnings { get; set; } = [];
    public long? SupersedesId { get; set; }
    public string? EditReason { get; set; }
    /// <summary>A step carried over from the case this one continues (转出), with its original date.</summary>
    public long? CopiedFromId { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A member a step names: 培养联系人 (step 5) or 入党介绍人 (step 9).</summary>
public sealed class DevelopmentStepMember
{
    public long StepId { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    /// <summary>培养联系人 or 入党介绍人.</summary>
    public required string Role { get; set; }
}

/// <summary>A scanned document of a case (申请书, 谈话记录, 政审材料 …), recognised by content as meeting attachments are.</summary>
public sealed class DevelopmentDocument
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long OrgId { get; set; }
    /// <summary>The step it documents, when given.</summary>
    public string? Step { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public int Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Data { get; set; }
    public string? UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>
/// 更换入党介绍人 (§1.6): an introducer who moved away, died or came under discipline is replaced by the 支委会, with the
/// date and the reason. Append-only: the current 介绍人 are step 9's two with every replacement applied in order, and the
/// history stays.
/// </summary>
public sealed class DevelopmentSponsorChange
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long OrgId { get; set; }
    public DateOnly On { get; set; }
    /// <summary>The 介绍人 replaced.</summary>
    public long ReplacedMemberId { get; set; }
    /// <summary>The new 介绍人 (a 正式党员 on that day, not under 留党察看).</summary>
    public long MemberId { get; set; }
    /// <summary>调离, 逝世, 受处分 … (free text: "changed" only in the audit trail).</summary>
    public required string Reason { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
