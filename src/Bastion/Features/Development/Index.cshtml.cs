using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>发展党员: the pipeline of the organization in scope as a board by stage, with counts and each person's next step.</summary>
[Require(Permission.DevelopmentRead)]
public sealed class IndexModel(ListDevelopmentCases list, UserContext user, AppDbContext db) : PageModel
{
    /// <summary>"1".."5" (a stage), "closed" (all, with the closed cases), or empty (the open cases).</summary>
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;

    public Organization Root => user.CurrentOrg!;
    public ListDevelopmentCases.Paged Cases { get; private set; } = null!;
    public Pager Pager { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool CanApprove { get; private set; }
    /// <summary>Why the organization may not develop members (a 临时党支部, a dissolved one), or null when it may.</summary>
    public string? CannotDevelop => OrgCapabilities.Refusal(Root, OrgCapability.发展党员);
    public DevelopmentStage? SelectedStage { get; private set; }
    /// <summary>转出 of other branches waiting for this subtree to accept (待接收的发展对象转入).</summary>
    public int IncomingWaiting { get; private set; }
    public bool Closed => Stage == "closed";
    public string? OrgQuery => Request.Query.TryGetValue("org", out var o) && !string.IsNullOrEmpty(o) ? o.ToString() : null;

    /// <summary>The board's columns: the five stages, and the closed cases when they are asked for.</summary>
    public IReadOnlyList<DevelopmentStage?> Columns =>
        SelectedStage is { } s ? [s] : [.. Enum.GetValues<DevelopmentStage>().Cast<DevelopmentStage?>(), .. Closed ? new DevelopmentStage?[] { null } : []];

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanManage = await user.HasAsync(Permission.DevelopmentManage, Root, ct);
        CanApprove = await user.HasAsync(Permission.DevelopmentApprove, Root, ct);
        var errors = new Dictionary<string, string[]>();
        var filter = ListDevelopmentCases.Parse(Closed ? null : Stage, null, Q, null, null, null, Closed, errors);
        if (errors.Count > 0) { Stage = null; filter = filter with { Stage = null }; }
        SelectedStage = filter.Stage;
        var result = await list.Handle(filter, PageNo, 50, ct);
        if (result.ToStatusPage() is { } status) return status;
        Cases = result.Value;
        var orgIds = db.UnderOrg(Root).Select(o => o.Id);
        IncomingWaiting = await db.Set<DevelopmentTransfer>().CountAsync(t => t.State == DevelopmentTransferState.待接收 && orgIds.Contains(t.OrgId), ct);
        Pager = new Pager(Cases.Page, Cases.PageSize, Cases.Total, Request.Query);
        return Page();
    }

    /// <summary>The link to the board with one more filter value (keeps org and the name filter).</summary>
    public string Link(string? stage)
    {
        var parts = new List<string>();
        if (OrgQuery is { } o) parts.Add("org=" + Uri.EscapeDataString(o));
        if (!string.IsNullOrEmpty(stage)) parts.Add("stage=" + stage);
        if (!string.IsNullOrWhiteSpace(Q)) parts.Add("q=" + Uri.EscapeDataString(Q));
        return "/Development" + (parts.Count > 0 ? "?" + string.Join("&", parts) : "");
    }

    public int Count(DevelopmentStage? s) => s is { } st ? Cases.StageCounts.GetValueOrDefault(st) : Cases.Items.Count(r => r.Stage is null);
}
