using Bastion.Domain;

namespace Bastion.Web;

/// <summary>The left menu: each entry is shown only to accounts holding its permission.</summary>
public static class Menu
{
    /// <param name="ScopedOnly">With no permission: shown to every account holding a business (scoped) role, not to the
    /// three administrator duties alone (三员分立 keeps them out of business matters).</param>
    /// <param name="When">A further condition on the viewer (e.g. a linked member record), on top of the permission.</param>
    public sealed record Item(string Title, string Url, string Icon, Permission? Permission, bool ScopedOnly = false, Func<Viewer, bool>? When = null);

    /// <summary>Who looks at the menu: their grants and whether a member record (党员档案) is linked to the account.</summary>
    public sealed record Viewer(IReadOnlyList<Grant> Grants, bool HasMember)
    {
        public string Home { get; } = Web.Home.Of(Grants.Select(g => g.Role), HasMember);
    }

    public static readonly IReadOnlyList<Item> Items =
    [
        // a 普通党员 has the personal home (我的) instead of the organization's figures
        new("工作台", "/", "bi-speedometer2", Permission.DashboardView, When: v => v.Home != Web.Home.Personal),
        new("我的", Web.Home.Personal, "bi-house-heart", null, When: v => v.HasMember || v.Home == Web.Home.Personal),
        new("我的组织生活", "/Me/Meetings", "bi-calendar-heart", null, When: v => v.HasMember),
        new("组织架构", "/Organizations", "bi-diagram-3", Permission.OrgRead),
        new("换届提醒", "/Terms", "bi-calendar-check", Permission.OrgRead),
        new("统战工作", "/UnitedFront", "bi-people-fill", Permission.UnitedFrontRead),
        new("党员信息", "/Members", "bi-person-vcard", Permission.MemberRead),
        new("组织关系转接", "/Transfers", "bi-arrow-left-right", Permission.MemberRead),
        new("组织生活", "/Meetings", "bi-calendar2-week", Permission.MeetingRead),
        new("请假审批", "/Meetings/Leave", "bi-calendar-x", Permission.MeetingManage),
        new("更正申请", "/Members/Corrections", "bi-pencil-square", Permission.MemberManage),
        new("工作计划", "/Plans", "bi-calendar3", Permission.MeetingRead),
        new("谈心谈话", "/Talks", "bi-chat-heart", Permission.MeetingRead),
        new("民主评议", "/Appraisals", "bi-clipboard-check", Permission.MeetingRead),
        new("发展党员", "/Development", "bi-person-plus", Permission.DevelopmentRead),
        new("发展党员待办", "/Development/Queue", "bi-inboxes", Permission.DevelopmentApprove),
        new("入党志愿书编号", "/Development/VolunteerBooks", "bi-journal-bookmark", Permission.DevelopmentRead),
        new("组织生活达标", "/Compliance", "bi-clipboard2-check", Permission.ComplianceRead),
        new("党费标准", "/Dues/Standards", "bi-cash-coin", Permission.DuesRead),
        new("党费收缴", "/Dues/Months", "bi-cash-coin", Permission.DuesRead),
        new("我的党费", "/Dues/Months/Mine", "bi-wallet2", null, When: v => v.HasMember),
        new("台账", "/Ledger", "bi-list-check", null, ScopedOnly: true),
        new("巡察", "/Inspections", "bi-binoculars", Permission.InspectionRead),
        new("巡察整改", "/Inspections/Rectification", "bi-clipboard-data", Permission.InspectionRead),
        new("巡言巡语", "/Inspections/Expressions", "bi-chat-square-quote", Permission.InspectionRead),
        new("账号管理", "/Admin/Users", "bi-people", Permission.AccountManage),
        new("角色授权", "/Admin/Grants", "bi-person-badge", Permission.RoleGrant),
        new("安全策略", "/Admin/Security", "bi-shield-lock", Permission.SecurityPolicy),
        new("节假日安排", "/Admin/Calendar", "bi-calendar-range", Permission.CalendarManage),
        new("审计日志", "/Audit", "bi-journal-text", Permission.AuditRead),
        new("我的党籍", "/Me", "bi-person-badge", null),
        new("消息通知", "/Notifications", "bi-bell", null),
    ];

    /// <summary>Whether an account with these grants (and no linked member record) sees the entry.</summary>
    public static bool Shows(Item i, IReadOnlyList<Grant> grants) => Shows(i, new Viewer(grants, false));

    /// <summary>Whether the viewer sees the entry.</summary>
    public static bool Shows(Item i, Viewer v) =>
        (i.Permission is { } p ? Access.Allows(v.Grants, p, null) : !i.ScopedOnly || v.Grants.Any(g => Roles.IsScoped(g.Role)))
        && (i.When is null || i.When(v));

    /// <summary>
    /// The entry a path belongs to: the longest entry URL that is the path or one of its parent segments
    /// (so /Members/Corrections is 更正申请, not 党员信息, and /Members is not /Me).
    /// </summary>
    public static string? ActiveUrl(string path) => Items
        .Where(i => i.Url == "/" ? path == "/" : path.Equals(i.Url, StringComparison.OrdinalIgnoreCase) || path.StartsWith(i.Url + "/", StringComparison.OrdinalIgnoreCase))
        .OrderByDescending(i => i.Url.Length).Select(i => i.Url).FirstOrDefault();
}

public sealed record Crumb(string Title, string? Url = null);
