namespace Bastion.Domain;

/// <summary>What happened to an organization (组织沿革); stored as the Chinese word.</summary>
public enum OrgHistoryAction
{
    新建 = 1,
    更名 = 2,
    调整隶属 = 3,
    合并 = 4,
    撤销 = 5,
}

/// <summary>One lifecycle change of an organization, kept for good with its reason and approval (批准文号).</summary>
public sealed class OrgHistory
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public OrgHistoryAction Action { get; set; }
    /// <summary>The name (更名), the former parent (调整隶属) or the organization's name (合并, 撤销) before the change.</summary>
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    /// <summary>The other organization involved: the new parent, the merge target or the merged-away source.</summary>
    public long? RelatedOrgId { get; set; }
    public required string Reason { get; set; }
    /// <summary>批准文号: required for 调整隶属, 合并 and 撤销.</summary>
    public string? ApprovalNo { get; set; }
    public long? ActorId { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A unit (单位) covered by a 联合党支部; removing a unit keeps the row with its removal time.</summary>
public sealed class JointUnit
{
    public long Id { get; set; }
    /// <summary>The 联合党支部.</summary>
    public long OrgId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
}

/// <summary>
/// 联系点: a member of a committee's leadership team (领导班子成员) linked to one branch. A person has one current
/// link; linking again ends the current one (<see cref="EndedOn"/>) and starts a new row, so the history stays.
/// </summary>
public sealed class LiaisonLink
{
    public long Id { get; set; }
    /// <summary>The branch (联系点).</summary>
    public long OrgId { get; set; }
    /// <summary>The 党委 or 党总支 whose leadership team the person sits on.</summary>
    public long CommitteeOrgId { get; set; }
    public required string PersonName { get; set; }
    /// <summary>职务, e.g. 党委书记, 党委委员、副总经理.</summary>
    public string? Post { get; set; }
    public long? UserId { get; set; }
    public long? MemberId { get; set; }
    public DateOnly LinkedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? EndReason { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A visit to a 联系点 branch and the guidance given there (调研指导).</summary>
public sealed class GuidanceVisit
{
    public long Id { get; set; }
    public long LinkId { get; set; }
    /// <summary>The branch visited (copied from the link, so the audit trail and scope filter see it).</summary>
    public long OrgId { get; set; }
    public DateOnly VisitDate { get; set; }
    public required string Content { get; set; }
    /// <summary>Problems found (发现的问题); empty when none.</summary>
    public string? Problems { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>What an organization may do for the members under it; later modules ask <see cref="OrgCapabilities"/>.</summary>
public enum OrgCapability
{
    发展党员 = 1,
    收缴党费 = 2,
    纪律处分 = 3,
    换届选举 = 4,
}

/// <summary>
/// The one capability check by organization type. A 临时党支部 may not develop members, discipline members,
/// collect 党费 or hold 换届; a 党小组 is a part of its branch and does none of these itself; an organization that
/// has been dissolved (or merged away) may do nothing.
/// </summary>
public static class OrgCapabilities
{
    public static bool Can(OrgType type, OrgStatus status, OrgCapability capability) =>
        status == OrgStatus.正常 && capability switch
        {
            OrgCapability.发展党员 or OrgCapability.收缴党费 or OrgCapability.纪律处分 =>
                type is OrgType.党委 or OrgType.党总支 or OrgType.党支部 or OrgType.联合党支部,
            OrgCapability.换届选举 => OrgRules.TermYears(type) is not null,
            _ => false,
        };

    public static bool Can(Organization org, OrgCapability capability) => Can(org.Type, org.Status, capability);

    public static bool CanDevelopMembers(Organization org) => Can(org, OrgCapability.发展党员);
    public static bool CanCollectDues(Organization org) => Can(org, OrgCapability.收缴党费);
    public static bool CanDiscipline(Organization org) => Can(org, OrgCapability.纪律处分);
    public static bool CanHoldElection(Organization org) => Can(org, OrgCapability.换届选举);

    /// <summary>The capabilities the organization holds, in enum order.</summary>
    public static IReadOnlyList<OrgCapability> Of(Organization org) =>
        Enum.GetValues<OrgCapability>().Where(c => Can(org, c)).ToList();

    /// <summary>Why the organization may not do it (Chinese, for users), or null when it may.</summary>
    public static string? Refusal(Organization org, OrgCapability capability)
    {
        if (Can(org, capability)) return null;
        if (org.Status != OrgStatus.正常) return $"{org.Name}已撤销，不能{Verb(capability)}";
        return $"{org.Type}不能{Verb(capability)}";
    }

    public static string Verb(OrgCapability c) => c switch
    {
        OrgCapability.发展党员 => "发展党员",
        OrgCapability.收缴党费 => "收缴党费",
        OrgCapability.纪律处分 => "对党员作出纪律处分",
        OrgCapability.换届选举 => "进行换届选举",
        _ => c.ToString(),
    };
}

/// <summary>Pure rules of the organization lifecycle: rename, move, merge, dissolve; 联合党支部 units; 联系点.</summary>
public static class OrgLifecycleRules
{
    public const int NameMax = 100;
    public const int ReasonMax = 500;
    public const int ApprovalNoMax = 100;
    public const int UnitNameMax = 100;
    public const int PersonNameMax = 50;
    public const int PostMax = 50;
    public const int VisitTextMax = 2000;

    /// <summary>Checks the reason (always required) and 批准文号 (required for move, merge and dissolve); errors under "reason" and "approvalNo".</summary>
    public static void CheckReason(string? reason, string? approvalNo, bool approvalRequired, IDictionary<string, string[]> errors)
    {
        var r = reason?.Trim() ?? "";
        if (r.Length == 0) errors["reason"] = ["请填写调整原因"];
        else if (r.Length > ReasonMax) errors["reason"] = [$"原因不能超过{ReasonMax}个字"];
        var a = approvalNo?.Trim() ?? "";
        if (a.Length == 0 && approvalRequired) errors["approvalNo"] = ["请填写批准文号（上级党组织批复的文件编号）"];
        else if (a.Length > ApprovalNoMax) errors["approvalNo"] = [$"批准文号不能超过{ApprovalNoMax}个字"];
    }

    /// <summary>A name for an organization: required, at most 100 characters. Returns the Chinese message or null.</summary>
    public static string? CheckName(string? name)
    {
        var n = name?.Trim() ?? "";
        if (n.Length == 0) return "请输入组织名称";
        if (n.Length > NameMax) return $"组织名称不能超过{NameMax}个字";
        return null;
    }

    /// <summary>Why <paramref name="org"/> may not be moved under <paramref name="parent"/>, or null when it may.</summary>
    public static string? CheckMove(Organization org, Organization parent)
    {
        if (org.Status != OrgStatus.正常) return "已撤销的组织不能调整隶属关系";
        if (parent.Id == org.Id || OrgRules.IsWithin(parent.Path, org.Path)) return "不能调整到本组织或其下级组织之下";
        if (parent.Status != OrgStatus.正常) return $"{parent.Name}已撤销，不能作为上级组织";
        if (parent.Id == org.ParentId) return $"{org.Name}已隶属于{parent.Name}";
        if (!OrgRules.CanBeChildOf(org.Type, parent.Type)) return $"{parent.Type}下不能设立{org.Type}";
        return null;
    }

    /// <summary>
    /// The path of a node of a moved subtree: the old parent's prefix replaced by the new parent's path — the same
    /// as the SQL <c>new_parent || subpath(path, nlevel(old_parent))</c>.
    /// </summary>
    public static string MovedPath(string path, string oldParentPath, string newParentPath)
    {
        var rest = oldParentPath.Length == 0 ? path : path[(oldParentPath.Length + 1)..];
        return newParentPath.Length == 0 ? rest : newParentPath + "." + rest;
    }

    /// <summary>
    /// Why <paramref name="source"/> may not be merged into <paramref name="target"/>, or null when it may. The
    /// source's active children move under the target, so each of their types must be allowed there.
    /// </summary>
    public static string? CheckMerge(Organization source, Organization target, IEnumerable<OrgType> activeChildTypes)
    {
        if (source.Status != OrgStatus.正常) return "已撤销的组织不能合并";
        if (target.Id == source.Id) return "不能合并到本组织";
        if (OrgRules.IsWithin(target.Path, source.Path)) return "不能合并到本组织的下级组织";
        if (target.Status != OrgStatus.正常) return $"{target.Name}已撤销，不能接收合并";
        var refused = activeChildTypes.Distinct().Where(t => !OrgRules.CanBeChildOf(t, target.Type)).ToList();
        if (refused.Count > 0) return $"{target.Type}下不能设立{string.Join("、", refused)}，请先调整{source.Name}的下级组织";
        return null;
    }

    /// <summary>
    /// Why the organization may not be dissolved, or null when it may: only an active organization with no active
    /// children and no members; the message lists what must be moved first.
    /// </summary>
    public static string? CheckDissolve(Organization org, IReadOnlyList<string> activeChildren, int members)
    {
        if (org.Status != OrgStatus.正常) return "该组织已撤销";
        if (activeChildren.Count == 0 && members == 0) return null;
        var parts = new List<string>();
        if (activeChildren.Count > 0)
        {
            var shown = string.Join("、", activeChildren.Take(10));
            parts.Add($"下级组织{activeChildren.Count}个（{shown}{(activeChildren.Count > 10 ? "等" : "")}）");
        }
        if (members > 0) parts.Add($"党员{members}名");
        return $"{org.Name}还有{string.Join("和", parts)}，请先将其调整到其他组织（或合并到其他组织）后再撤销";
    }

    /// <summary>Why another unit may not be added to a 联合党支部 that already covers <paramref name="current"/> units.</summary>
    public static string? CheckAddUnit(Organization org, int current)
    {
        if (org.Type != OrgType.联合党支部) return "只有联合党支部需要登记所覆盖的单位";
        if (org.Status != OrgStatus.正常) return "该组织已撤销";
        if (current >= OrgRules.MaxJointUnits) return $"联合党支部最多覆盖{OrgRules.MaxJointUnits}个单位，已有{current}个";
        return null;
    }

    /// <summary>Field errors of a guidance visit: date (not in the future), content required, problems optional.</summary>
    public static Dictionary<string, string[]> CheckVisit(DateOnly? date, string? content, string? problems, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        if (date is null) e["visitDate"] = ["请填写走访日期"];
        else if (date > today) e["visitDate"] = ["走访日期不能晚于今天"];
        else if (date < today.AddYears(-10)) e["visitDate"] = ["走访日期不正确"];
        var c = content?.Trim() ?? "";
        if (c.Length == 0) e["content"] = ["请填写指导内容"];
        else if (c.Length > VisitTextMax) e["content"] = [$"指导内容不能超过{VisitTextMax}个字"];
        if ((problems?.Trim().Length ?? 0) > VisitTextMax) e["problems"] = [$"发现的问题不能超过{VisitTextMax}个字"];
        return e;
    }
}
