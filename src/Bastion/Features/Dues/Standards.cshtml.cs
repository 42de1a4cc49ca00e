using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Dues;

/// <summary>
/// 党费标准: the standard that applies this month per category, every version, and — for an administrator of a
/// top-level 党委 — a new draft, 启用 and 作废 (each confirmed). Anyone who reads dues sees the tables.
/// </summary>
[Require(Permission.DuesRead)]
public sealed class StandardsModel(ListDuesRateTables list, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty] public CreateDuesRateTable.Request? Draft { get; set; }
    public List<DuesRateTable> Versions { get; private set; } = [];
    public IReadOnlyDictionary<DuesCategory, DuesRateTable> Applying { get; private set; } = new Dictionary<DuesCategory, DuesRateTable>();
    public bool CanManage { get; private set; }
    public DateOnly Month { get; private set; }
    public bool ShowForm { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [TempData] public string? Flash { get; set; }
    public Organization Org => user.CurrentOrg!;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync([FromServices] CreateDuesRateTable create)
    {
        var r = await create.Handle(Draft ?? new(null, null, null, null, null, null, null, null, null, null), HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.IsOk) { await LoadAsync(); Errors = r.Status.Errors ?? new Dictionary<string, string[]> { [""] = [r.Status.FirstMessage!] }; ShowForm = true; return Page(); }
        Flash = $"已新建{r.Value.Category}第{r.Value.Version}版（未启用），核对后请点“启用”";
        return Redirect(Back());
    }

    public async Task<IActionResult> OnPostActivateAsync(long tableId, [FromServices] ActivateDuesRateTable activate)
    {
        var r = await activate.Handle(tableId, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        Flash = r.IsOk ? "已启用；该类别原现行版本已作废（仍适用于新版本生效月份之前）" : r.FirstMessage;
        return Redirect(Back());
    }

    public async Task<IActionResult> OnPostVoidAsync(long tableId, string? reason, [FromServices] VoidDuesRateTable @void)
    {
        var r = await @void.Handle(tableId, new(reason), HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        Flash = r.IsOk ? "已作废" : r.FirstMessage;
        return Redirect(Back());
    }

    private string Back() => $"/Dues/Standards?org={Org.Id}";

    private async Task LoadAsync()
    {
        Month = DuesRules.MonthOf(clock.Today());
        Versions = await list.LoadAsync(HttpContext.RequestAborted);
        Applying = Versions.GroupBy(v => v.Category)
            .Select(g => DuesRateTables.Applying(g.ToList(), Month)).Where(t => t is not null).ToDictionary(t => t!.Category, t => t!);
        CanManage = await DuesAdmin.CanSetStandardsAsync(user, HttpContext.RequestAborted);
    }

    public string? Error(string key) => Errors.GetValueOrDefault(key)?.FirstOrDefault();

    /// <summary>How a version charges, in one line ("≤3000 元 0.5%；3000–5000 元 1% …", "每月 0.20 元").</summary>
    public static string Describe(DuesRateTable t)
    {
        switch (t.Kind)
        {
            case DuesNormKind.公式:
                var parts = new List<string>();
                decimal? below = null;
                foreach (var b in t.ToStandard().Brackets)
                {
                    var range = (below, b.UpTo) switch
                    {
                        (null, { } up) => $"{DuesRules.Yuan(up)}元及以下",
                        ({ } lo, { } up) => $"{DuesRules.Yuan(lo)}以上至{DuesRules.Yuan(up)}元",
                        ({ } lo, null) => $"{DuesRules.Yuan(lo)}元以上",
                        _ => "全部",
                    };
                    parts.Add($"{range} {DuesRules.Percent(b.Rate)}");
                    below = b.UpTo;
                }
                return string.Join("；", parts) + (t.Rounding == DuesRounding.角 ? "（四舍五入到角）" : "（四舍五入到分）");
            case DuesNormKind.统一标准:
                return $"每月{DuesRules.Yuan(t.FixedAmount ?? 0)}元";
            case DuesNormKind.基层党委设定:
                return $"每月{DuesRules.Yuan(t.MinAmount ?? 0)}–{DuesRules.Yuan(t.MaxAmount ?? 0)}元，由支部确定（未设定时{DuesRules.Yuan(t.FixedAmount ?? t.MinAmount ?? 0)}元）";
            default:
                return "免交";
        }
    }
}
