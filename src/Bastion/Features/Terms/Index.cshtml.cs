using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Terms;

/// <summary>换届提醒: organizations in the current organization's subtree that are due, overdue or without a term.</summary>
[Require(Permission.OrgRead)]
public sealed class IndexModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    public Organization Root { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public IReadOnlyList<ListTermReminders.Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<ReminderStage, int> Counts { get; private set; } = new Dictionary<ReminderStage, int>();
    public int Total { get; private set; }
    public Pager Pager { get; private set; } = null!;

    /// <summary>The filter in force: null (every reminder), "全部", or a stage name.</summary>
    public string? Filter { get; private set; }

    public async Task OnGetAsync()
    {
        Root = user.CurrentOrg!;
        Today = clock.Today();
        var reminders = await ListTermReminders.RowsAsync(db, Root, Today, null, HttpContext.RequestAborted);
        Counts = reminders.GroupBy(r => r.Stage).ToDictionary(g => g.Key, g => g.Count());
        Total = reminders.Count;
        var (all, stage) = ListTermReminders.ParseFilter(Stage);
        Filter = all ? ListTermReminders.All : stage?.ToString();
        var rows = all ? await ListTermReminders.RowsAsync(db, Root, Today, ListTermReminders.All, HttpContext.RequestAborted)
                 : stage is { } s ? reminders.Where(r => r.Stage == s).ToList() : reminders;
        Pager = new Pager(PageNo, 20, rows.Count, Request.Query);
        Rows = rows.Skip(Pager.Skip).Take(Pager.Size).ToList();
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        Root = user.CurrentOrg!;
        Today = clock.Today();
        var rows = await ListTermReminders.RowsAsync(db, Root, Today, Stage, HttpContext.RequestAborted);
        return File(ExportTermReminders.ToXlsx(rows), ExportTermReminders.ContentType, ExportTermReminders.FileName(Root.Name, Today));
    }

    /// <summary>A link to this page with another filter, keeping the chosen organization.</summary>
    public string Link(string? stage, string? handler = null)
    {
        var parts = new List<string>();
        if (Request.Query.TryGetValue("org", out var org) && !string.IsNullOrEmpty(org)) parts.Add("org=" + Uri.EscapeDataString(org.ToString()));
        if (stage is not null) parts.Add("stage=" + Uri.EscapeDataString(stage));
        if (handler is not null) parts.Add("handler=" + handler);
        return "/Terms" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
