using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Dues.Months;

/// <summary>The arrears list of the current organization's subtree (3+ months: warning; 6+: 疑似自行脱党——需支部大会研究).</summary>
[Require(Permission.DuesRead)]
public sealed class ArrearsModel(ListDuesArrears list, UserContext user) : PageModel
{
    public IReadOnlyList<ListDuesArrears.Item> Items { get; private set; } = [];

    public static readonly string[] Headers = ["姓名", "支部", "连续未交（月）", "起始月份", "合计（元）", "处理"];

    public async Task<IActionResult> OnGetAsync()
    {
        var r = await list.Handle(user.CurrentOrg!.Id, HttpContext.RequestAborted);
        Items = r.IsOk ? r.Value : [];
        return Page();
    }

    /// <summary>The list as .xlsx (audited as a dues export).</summary>
    public async Task<IActionResult> OnGetExportAsync([FromServices] Data.AppDbContext db, [FromServices] TimeProvider clock)
    {
        var ct = HttpContext.RequestAborted;
        var org = user.CurrentOrg!;
        var started = await DuesYearExport.StartAsync(db, org.Id, clock.Today().Year, "arrears", ct);
        if (started.ToStatusPage() is { } status) return status;
        var r = await list.Handle(org.Id, ct);
        if (r.ToStatusPage() is { } denied) return denied;
        var rows = r.Value.Select(a => (IReadOnlyList<object?>)[a.Name, a.BranchName, a.Months, a.SinceMonth, a.Owed, a.Level]);
        return File(Xlsx.Write("欠交党费名单", Headers, rows), Xlsx.ContentType, $"欠交党费名单-{org.Name}-{ChineseDates.DayOf(clock.GetUtcNow()):yyyyMMdd}.xlsx");
    }
}
