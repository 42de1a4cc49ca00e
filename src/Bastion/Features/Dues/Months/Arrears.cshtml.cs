using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The arrears list of the current organization's subtree (3+ months: warning; 6+: 疑似自行脱党——需支部大会研究), a page
/// at a time, filtered by name and level (the filters stay in the page links and the export link).
/// </summary>
[Require(Permission.DuesRead)]
public sealed class ArrearsModel(ListDuesArrears list, UserContext user) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    /// <summary>Name contains.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    /// <summary>警告 | 疑似自行脱党 (anything else: both).</summary>
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }

    public IReadOnlyList<ListDuesArrears.Item> Items { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || Filter.Level is not null;

    public ListDuesArrears.Filter Filter => new(Q?.Trim() is { Length: > 0 and <= 50 } q ? q : null,
        Enum.TryParse<DuesArrearsLevel>(Level, out var l) && l != DuesArrearsLevel.无 && Enum.IsDefined(l) ? l : null);

    /// <summary>The export link: the same filters.</summary>
    public string ExportLink => "/Dues/Months/Arrears?" + string.Join("&", new[] { ("handler", "Export"), ("q", Filter.Name), ("level", Filter.Level?.ToString()) }
        .Where(kv => kv.Item2 is not null).Select(kv => kv.Item1 + "=" + Uri.EscapeDataString(kv.Item2!)));

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var q = await list.QueryAsync(user.CurrentOrg!.Id, Filter, ct);
        if (q is null) return NotFound();
        Pager = new Pager(PageNo, PageSize, await q.CountAsync(ct), Request.Query);
        Items = (await DuesArrears.Ordered(q).Skip(Pager.Skip).Take(Pager.Size).ToListAsync(ct)).Select(ListDuesArrears.ToItem).ToList();
        return Page();
    }

    /// <summary>The (filtered) list as .xlsx, streamed; audited as a dues export.</summary>
    public async Task<IActionResult> OnGetExportAsync([FromServices] ExportDuesArrears export)
    {
        var r = await export.Handle(user.CurrentOrg!.Id, Filter, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.IsOk) return BadRequest();
        return await r.Value.ToFileAsync(HttpContext.RequestAborted);
    }
}
