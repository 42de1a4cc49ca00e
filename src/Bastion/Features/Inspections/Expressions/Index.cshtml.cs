using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>巡言巡语: the library of standard expressions (read by inspection and discipline roles, edited by the inspection office).</summary>
[Require(Permission.InspectionRead, From = OrgFrom.None)]
public sealed class IndexModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Inactive { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    public IReadOnlyList<InspectionExpression> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public Dictionary<FindingCategory, int> Counts { get; private set; } = [];
    public string? Message { get; private set; }

    private ListExpressions.Filter Filter => new(InspectionRules.ParseCategory(Category), Q, Inactive);

    public async Task OnGetAsync(string? saved)
    {
        var ct = HttpContext.RequestAborted;
        CanManage = await user.HasAsync(Permission.InspectionManage, null, ct);
        Message = saved switch { "created" => "已新增条目。", "updated" => "已保存修改。", "deactivated" => "已停用该条目，不再出现在推荐中。", "activated" => "已重新启用该条目。", _ => null };
        Counts = (await db.Set<InspectionExpression>().AsNoTracking().Where(e => e.Active).GroupBy(e => e.Category)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        var q = ListExpressions.Query(db, Filter);
        var total = await q.CountAsync(ct);
        Pager = new Pager(PageNo, PageSize, total, Request.Query);
        Rows = await ListExpressions.Ordered(q).Skip(Pager.Skip).Take(PageSize).ToListAsync(ct);
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        var ct = HttpContext.RequestAborted;
        var (file, rows) = await Xlsx.ExportAsync("巡言巡语", ListExpressions.Headers,
            ListExpressions.Ordered(ListExpressions.Query(db, Filter).AsNoTracking()).Take(10_000).AsAsyncEnumerable(), ListExpressions.ExportRow, ct);
        AuditEvents.Add(db, "inspection_expressions.export", "inspection_expressions", null, null, new { rows, Category, Q, Inactive });
        await db.SaveChangesAsync(ct);
        return File(file, Xlsx.ContentType, $"巡言巡语-{clock.Today():yyyyMMdd}.xlsx");
    }

    public string ExportLink()
    {
        var parts = Request.Query.Where(kv => kv.Key is not ("p" or "handler" or "saved"))
            .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("handler=Export");
        return "/Inspections/Expressions?" + string.Join("&", parts);
    }

    public static string Badge(FindingCategory c) => c switch
    {
        FindingCategory.理论路线落实 => "text-bg-danger",
        FindingCategory.从严治党落实 => "text-bg-primary",
        FindingCategory.组织路线落实 => "text-bg-success",
        FindingCategory.整改落实 => "text-bg-warning",
        _ => "text-bg-dark",
    };
}
