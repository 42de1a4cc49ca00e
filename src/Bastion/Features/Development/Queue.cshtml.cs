using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Development;

/// <summary>
/// 党委待办: across the subtree, the cases waiting for the 党委 (备案 4/8/18, 预审 13, 谈话 16, 审批 17/24), the overdue
/// gates, and the 预备期 ending within 60 days; apart, the cases 转接中 (a 转出 waiting for the receiving branch, which no
/// other tab lists or counts). Each row links to the case, whose form records the step.
/// </summary>
[Require(Permission.DevelopmentRead)]
public sealed class QueueModel(ListDevelopmentCases list, UserContext user) : PageModel
{
    /// <summary>The queue's tabs: key, title, and the filter (in SQL over the whole subtree) with the steps it holds.</summary>
    public sealed record QueueTab(string Key, string Title, ListDevelopmentCases.Filter Filter)
    {
        /// <summary>The tab's count from the subtree's queue counts.</summary>
        public int CountIn(ListDevelopmentCases.QueueCounts c) =>
            Filter.Transferring ? c.Transferring : Filter.Overdue ? c.Overdue : Filter.ProbationEndsWithin is not null ? c.ProbationSoon : c.Of(Filter.Steps ?? CommitteeSteps);
    }

    /// <summary>The 党委's steps (备案, 预审, 谈话, 审批).</summary>
    public static readonly IReadOnlyList<string> CommitteeSteps = [.. DevelopmentSteps.All.Where(d => d.Actor == StepActor.党委).Select(d => d.Code)];

    public static readonly IReadOnlyList<QueueTab> Tabs =
    [
        new("all", "全部待办", new(Waiting: StepActor.党委)),
        new("filing", "备案", new(Steps: ["4", "8", "18"])),
        new("review", "预审", new(Steps: ["13"])),
        new("talk", "谈话", new(Steps: ["16"])),
        new("approval", "审批", new(Steps: ["17", "24"])),
        new("overdue", "超期", new(Overdue: true)),
        new("probation", "预备期满60天内", new(ProbationEndsWithin: ListDevelopmentCases.ProbationSoonDays)),
        // 转出 waiting for the receiving branch: nothing can be recorded, so they are in no other tab and no count above
        new("transferring", "转接中", new(Transferring: true)),
    ];

    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;

    public Organization Root => user.CurrentOrg!;
    public QueueTab Current { get; private set; } = Tabs[0];
    public IReadOnlyList<ListDevelopmentCases.Row> Rows { get; private set; } = [];
    public ListDevelopmentCases.QueueCounts Counts { get; private set; } = null!;
    public Pager Pager { get; private set; } = null!;
    public bool CanApprove { get; private set; }
    public string? OrgQuery => Request.Query.TryGetValue("org", out var o) && !string.IsNullOrEmpty(o) ? o.ToString() : null;

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanApprove = await user.HasAsync(Permission.DevelopmentApprove, Root, ct);
        Current = Tabs.FirstOrDefault(t => t.Key == Tab) ?? Tabs[0];
        var page = await list.Handle(Current.Filter with { Text = Q }, PageNo, 20, ct);
        if (page.ToStatusPage() is { } status) return status;
        Rows = page.Value.Items;
        Counts = page.Value.Queue;
        Pager = new Pager(page.Value.Page, page.Value.PageSize, page.Value.Total, Request.Query);
        return Page();
    }

    public string Link(string tab)
    {
        var parts = new List<string>();
        if (OrgQuery is { } o) parts.Add("org=" + Uri.EscapeDataString(o));
        parts.Add("tab=" + tab);
        if (!string.IsNullOrWhiteSpace(Q)) parts.Add("q=" + Uri.EscapeDataString(Q));
        return "/Development/Queue?" + string.Join("&", parts);
    }
}
