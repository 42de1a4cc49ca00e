namespace Bastion.Domain;

/// <summary>Kinds of party organization (党组织类型).</summary>
public enum OrgType
{
    党委 = 1,
    党总支 = 2,
    党支部 = 3,
    联合党支部 = 4,
    临时党支部 = 5,
    党小组 = 6,
}

public enum OrgStatus
{
    正常 = 1,
    已撤销 = 2,
}

public sealed class Organization
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public OrgType Type { get; set; }
    public long? ParentId { get; set; }
    /// <summary>Materialized path of ids, e.g. "1.4.17" (PostgreSQL ltree).</summary>
    public string Path { get; set; } = "";
    public int SortOrder { get; set; }
    public OrgStatus Status { get; set; } = OrgStatus.正常;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the organization was dissolved (撤销) or merged away; null while it is active.</summary>
    public DateTimeOffset? DissolvedAt { get; set; }
    /// <summary>For an organization merged into another: the organization that took over its members and children.</summary>
    public long? MergedIntoId { get; set; }
}

/// <summary>Pure rules about the organization tree.</summary>
public static class OrgRules
{
    /// <summary>Which types may be the parent of a given type (null parent = a root 党委).</summary>
    public static bool CanBeChildOf(OrgType child, OrgType? parent) => (child, parent) switch
    {
        (OrgType.党委, null) => true,
        (OrgType.党委, OrgType.党委) => true,
        (OrgType.党总支, OrgType.党委) => true,
        (OrgType.党支部 or OrgType.联合党支部 or OrgType.临时党支部, OrgType.党委 or OrgType.党总支) => true,
        (OrgType.党小组, OrgType.党支部 or OrgType.联合党支部 or OrgType.临时党支部) => true,
        _ => false,
    };

    public static bool IsBranch(OrgType t) => t is OrgType.党支部 or OrgType.联合党支部 or OrgType.临时党支部;

    /// <summary>A 党委 or 党总支: an organization with a leadership team (领导班子) and branches below it.</summary>
    public static bool IsCommittee(OrgType t) => t is OrgType.党委 or OrgType.党总支;

    /// <summary>A 联合党支部 covers at most this many units (单位).</summary>
    public const int MaxJointUnits = 5;

    /// <summary>Term length in years (换届); null where the type holds no 换届.</summary>
    public static int? TermYears(OrgType t) => t switch
    {
        OrgType.党委 => 5,
        OrgType.党总支 or OrgType.党支部 or OrgType.联合党支部 => 3,
        _ => null,
    };

    public static string ChildPath(string parentPath, long id) =>
        string.IsNullOrEmpty(parentPath) ? id.ToString(System.Globalization.CultureInfo.InvariantCulture)
                                         : parentPath + "." + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies beneath it (ltree &lt;@).</summary>
    public static bool IsWithin(string path, string ancestor) =>
        path == ancestor || path.StartsWith(ancestor + ".", StringComparison.Ordinal);
}
