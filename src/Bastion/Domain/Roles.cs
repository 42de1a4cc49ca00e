namespace Bastion.Domain;

/// <summary>Roles of the platform. The first three are the separated administrator duties (三员分立).</summary>
public enum Role
{
    SystemAdmin = 1,
    SecurityAdmin = 2,
    AuditAdmin = 3,
    OrgAdmin = 4,
    Inspector = 5,
    BranchSecretary = 6,
    Member = 7,
    /// <summary>纪检监察: reads inspection findings and clues, receives 移交.</summary>
    Discipline = 8,
}

public enum Permission
{
    /// <summary>Sign in, see the dashboard and organization tree of one's scope.</summary>
    DashboardView = 1,
    OrgRead,
    OrgManage,
    MemberRead,
    /// <summary>Unmasked ID numbers, phones and other personal data.</summary>
    PersonalDataFull,
    AccountManage,
    RoleGrant,
    SecurityPolicy,
    AuditRead,
    /// <summary>Create and edit member records, start transfers.</summary>
    MemberManage,
    /// <summary>The 统战 database of non-party personnel: read.</summary>
    UnitedFrontRead,
    /// <summary>The 统战 database: create, update, log contacts.</summary>
    UnitedFrontManage,
    /// <summary>组织生活: see plans, records, attendance and 谈心谈话 of the subtree.</summary>
    MeetingRead,
    /// <summary>组织生活: plan and record meetings, check members in, record talks and 民主评议.</summary>
    MeetingManage,
    /// <summary>组织生活达标情况: the compliance engine's results for the subtree.</summary>
    ComplianceRead,
    /// <summary>Compliance rules and exemptions (党委管理员).</summary>
    ComplianceConfigure,
    /// <summary>台账: see the ledger items of the subtree.</summary>
    LedgerRead,
    /// <summary>台账: create (交办) items for organizations of the subtree.</summary>
    LedgerManage,
    /// <summary>巡察: see rounds, phases and (per the confidentiality rules) findings of the subtree.</summary>
    InspectionRead,
    /// <summary>巡察: plan rounds, form teams, record findings, move phases, verify rectification (巡察办).</summary>
    InspectionManage,
    /// <summary>问题线索: read clues (巡察 and 纪检 roles only); every read is audited.</summary>
    ClueRead,
    /// <summary>发展党员: see the development cases of the subtree (the pipeline, timelines).</summary>
    DevelopmentRead,
    /// <summary>发展党员: open cases and record the branch's steps (支部书记/支委; the 党委 for any case of its subtree).</summary>
    DevelopmentManage,
    /// <summary>发展党员: record the 党委's steps (备案, 预审, 谈话, 审批: 4, 8, 13, 16, 17, 18, 24) — 党委管理员 only.</summary>
    DevelopmentApprove,
    /// <summary>党费: see the dues categories, bases and months of the subtree.</summary>
    DuesRead,
    /// <summary>党费: set members' categories and bases (entry and payroll import), record payments, report a month.</summary>
    DuesManage,
    /// <summary>党费: rate tables (a top-level 党委's administrator only, checked by the use case) and the unit options.</summary>
    DuesConfigure,
    /// <summary>节假日安排: the platform's one holiday calendar with 调休 (every module's working days) — 系统管理员.</summary>
    CalendarManage,
}

public static class Roles
{
    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();

    public static string Display(Role r) => r switch
    {
        Role.SystemAdmin => "系统管理员",
        Role.SecurityAdmin => "安全管理员",
        Role.AuditAdmin => "审计管理员",
        Role.OrgAdmin => "党委管理员",
        Role.Inspector => "巡察/纪检",
        Role.BranchSecretary => "支部书记/支委",
        Role.Member => "普通党员",
        Role.Discipline => "纪检监察",
        _ => r.ToString(),
    };

    /// <summary>The three separated administrator duties: granted globally, never two on one account.</summary>
    public static bool IsAdministrator(Role r) => r is Role.SystemAdmin or Role.SecurityAdmin or Role.AuditAdmin;

    /// <summary>Every non-administrator role is granted on an organization subtree.</summary>
    public static bool IsScoped(Role r) => !IsAdministrator(r);

    public static IReadOnlySet<Permission> PermissionsOf(Role r) => Matrix[r];

    private static readonly Dictionary<Role, IReadOnlySet<Permission>> Matrix = new()
    {
        // 系统管理员: accounts and system upkeep (the holiday calendar too); no personal data, no audit logs.
        [Role.SystemAdmin] = new HashSet<Permission> { Permission.DashboardView, Permission.OrgRead, Permission.AccountManage, Permission.CalendarManage },
        // 安全管理员: who may do what, and how they sign in.
        [Role.SecurityAdmin] = new HashSet<Permission> { Permission.DashboardView, Permission.OrgRead, Permission.RoleGrant, Permission.SecurityPolicy },
        // 审计管理员: reads the audit trail, changes nothing.
        [Role.AuditAdmin] = new HashSet<Permission> { Permission.AuditRead },
        [Role.OrgAdmin] = new HashSet<Permission>
        {
            Permission.DashboardView, Permission.OrgRead, Permission.OrgManage, Permission.MemberRead, Permission.MemberManage,
            Permission.PersonalDataFull, Permission.UnitedFrontRead, Permission.UnitedFrontManage,
            Permission.MeetingRead, Permission.MeetingManage, Permission.ComplianceRead, Permission.ComplianceConfigure,
            Permission.LedgerRead, Permission.LedgerManage, Permission.InspectionRead,
            Permission.DevelopmentRead, Permission.DevelopmentManage, Permission.DevelopmentApprove,
            Permission.DuesRead, Permission.DuesManage, Permission.DuesConfigure,
        },
        [Role.Inspector] = new HashSet<Permission> { Permission.DashboardView, Permission.OrgRead, Permission.MemberRead, Permission.PersonalDataFull, Permission.UnitedFrontRead,
            Permission.MeetingRead, Permission.ComplianceRead,
            Permission.LedgerRead, Permission.LedgerManage, Permission.InspectionRead, Permission.InspectionManage, Permission.ClueRead,
            Permission.DevelopmentRead, Permission.DuesRead },
        [Role.Discipline] = new HashSet<Permission> { Permission.DashboardView, Permission.OrgRead, Permission.MemberRead, Permission.PersonalDataFull,
            Permission.LedgerRead, Permission.InspectionRead, Permission.ClueRead },
        [Role.BranchSecretary] = new HashSet<Permission>
        {
            Permission.DashboardView, Permission.OrgRead, Permission.MemberRead, Permission.MemberManage,
            Permission.MeetingRead, Permission.MeetingManage, Permission.ComplianceRead,
            Permission.LedgerRead, Permission.LedgerManage, Permission.InspectionRead,
            Permission.DevelopmentRead, Permission.DevelopmentManage,
            Permission.DuesRead, Permission.DuesManage,
        },
        [Role.Member] = new HashSet<Permission> { Permission.DashboardView, Permission.OrgRead },
    };

    /// <summary>
    /// The kinds of organization a business role is granted on: 支部书记/支委 and 普通党员 on a branch (党支部, 联合党支部,
    /// 临时党支部); 党委管理员, 巡察 and 纪检监察 on a 党委 or 党总支 (an organization with branches below it). Empty for the
    /// administrator duties, which are granted without an organization.
    /// </summary>
    public static IReadOnlyList<OrgType> FitsOn(Role r) => r switch
    {
        Role.BranchSecretary or Role.Member => [OrgType.党支部, OrgType.联合党支部, OrgType.临时党支部],
        Role.OrgAdmin or Role.Inspector or Role.Discipline => [OrgType.党委, OrgType.党总支],
        _ => [],
    };

    /// <summary>Whether a business role may be granted on an organization of this type; a Chinese reason when not.</summary>
    public static string? CheckScope(Role r, OrgType type)
    {
        if (IsAdministrator(r)) return $"{Display(r)}不限组织，请不要选择授权范围";
        var fits = FitsOn(r);
        return fits.Contains(type) ? null : $"“{Display(r)}”角色只能授予{string.Join("、", fits)}，不能授予{type}";
    }

    /// <summary>
    /// "This role requires two-factor sign-in": an account must use an authenticator when it holds any role that the
    /// security policy (安全策略, table role_policies, set by the 安全管理员) marks. The one rule for the session's account
    /// gate, the 双因素认证 page and the token API.
    /// </summary>
    public static bool RequiresTwoFactor(IEnumerable<Role> held, IEnumerable<Role> requiredByPolicy)
    {
        var required = requiredByPolicy as IReadOnlySet<Role> ?? requiredByPolicy.ToHashSet();
        return held.Any(required.Contains);
    }

    /// <summary>Checks a new set of roles for one account; returns a Chinese reason when refused.</summary>
    public static string? CheckCombination(IEnumerable<Role> roles)
    {
        var admins = roles.Where(IsAdministrator).Distinct().ToList();
        if (admins.Count > 1)
            return $"三员分立：同一账号不能同时担任{string.Join("、", admins.Select(Display))}";
        if (admins.Count == 1 && roles.Any(IsScoped))
            return $"三员分立：{Display(admins[0])}不能同时担任业务角色";
        return null;
    }
}

/// <summary>One role held by a user, on an organization subtree (null for the global administrator duties).</summary>
public sealed record Grant(Role Role, long? OrgId, string? OrgPath);

/// <summary>The access decision: pure, so every rule of it is unit-tested.</summary>
public static class Access
{
    /// <summary>
    /// Allowed when some grant carries the permission and is either global (administrator duty)
    /// or made on an organization whose subtree contains the target. A null target means the
    /// use case is not about one organization.
    /// </summary>
    public static bool Allows(IEnumerable<Grant> grants, Permission permission, string? targetPath)
    {
        foreach (var g in grants)
        {
            if (!Roles.PermissionsOf(g.Role).Contains(permission)) continue;
            if (Roles.IsAdministrator(g.Role)) return true;
            if (g.OrgPath is null) continue;
            if (targetPath is null) return true;
            if (OrgRules.IsWithin(targetPath, g.OrgPath)) return true;
        }
        return false;
    }

    /// <summary>The permission that lets a caller see the records an action is about (MemberManage → MemberRead …); a read permission is its own.</summary>
    public static Permission ReadOf(Permission p) => p switch
    {
        Permission.OrgManage => Permission.OrgRead,
        Permission.MemberManage => Permission.MemberRead,
        Permission.UnitedFrontManage => Permission.UnitedFrontRead,
        Permission.MeetingManage => Permission.MeetingRead,
        Permission.LedgerManage => Permission.LedgerRead,
        Permission.InspectionManage => Permission.InspectionRead,
        Permission.DevelopmentManage or Permission.DevelopmentApprove => Permission.DevelopmentRead,
        Permission.DuesManage or Permission.DuesConfigure => Permission.DuesRead,
        _ => p,
    };

    /// <summary>
    /// The answer to a refused request about one record: 403 when the caller may see the record (it only may not do this to
    /// it), else 404 — the same answer as for a record that does not exist, so record ids outside the caller's scope cannot be
    /// probed (as the ledger answers).
    /// </summary>
    public static int RecordRefusal(IEnumerable<Grant> grants, Permission permission, string? recordOrgPath) =>
        recordOrgPath is not null && Allows(grants, ReadOf(permission), recordOrgPath) ? 403 : 404;

    /// <summary>Roots of the subtrees in which the permission holds; null when it holds everywhere.</summary>
    public static IReadOnlyList<string>? ScopeRoots(IEnumerable<Grant> grants, Permission permission)
    {
        var roots = new List<string>();
        foreach (var g in grants)
        {
            if (!Roles.PermissionsOf(g.Role).Contains(permission)) continue;
            if (Roles.IsAdministrator(g.Role)) return null;
            if (g.OrgPath is not null) roots.Add(g.OrgPath);
        }
        // drop roots already covered by another root
        return roots.Distinct().Where(r => !roots.Any(o => o != r && OrgRules.IsWithin(r, o))).ToList();
    }
}
