using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Audit;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>入党志愿书编号: the committees' ranges with what is left (发放登记), the use register and the spoiled register, with their .xlsx exports.</summary>
[Require(Permission.DevelopmentRead)]
public sealed class IndexModel(AppDbContext db, UserContext user, AddVolunteerBookRange addRange, TimeProvider clock) : PageModel
{
    public sealed class RangeInput
    {
        public string? Prefix { get; set; }
        public int? StartNumber { get; set; }
        public int? EndNumber { get; set; }
        public DateOnly? IssuedOn { get; set; }
        public string? IssuedBy { get; set; }
        public string? DocumentNo { get; set; }
    }

    /// <summary>ranges (发放登记) | uses (使用登记) | spoiled (作废登记)</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public long? Spoiled { get; set; }

    public Organization Org => user.CurrentOrg!;
    public IReadOnlyList<ListVolunteerBookRanges.Range> Ranges { get; private set; } = [];
    public IReadOnlyList<ListVolunteerBookUses.Row> Uses { get; private set; } = [];
    public IReadOnlyList<ListVolunteerBookSpoils.Row> Spoils { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public bool CanManage { get; private set; }
    /// <summary>The 党委 that keeps the ranges of this branch, when the page is a branch's (its ranges shown read-only).</summary>
    public string? Keeper { get; private set; }
    public bool CanConfigure => CanManage && VolunteerBookRules.CannotHoldRanges(Org) is null;
    public RangeInput Range { get; private set; } = new();
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Message { get; private set; }
    public DateOnly Today => clock.Today();

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";
    public string CurrentTab => Tab is "uses" or "spoiled" ? Tab : "ranges";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRangeAsync(RangeInput range)
    {
        var ct = HttpContext.RequestAborted;
        if (!await user.HasAsync(Permission.DevelopmentApprove, Org, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await addRange.Handle(Org, new AddVolunteerBookRange.Request(range.Prefix, range.StartNumber, range.EndNumber, range.IssuedOn, range.IssuedBy, range.DocumentNo), ct);
        if (!r.IsOk) { Errors = r.Status.Errors!.ToDictionary(); Range = range; }
        else Message = $"已登记编号段 {VolunteerBookRules.Format(r.Value, r.Value.StartNumber)}—{VolunteerBookRules.Format(r.Value, r.Value.EndNumber)}（共{r.Value.EndNumber - r.Value.StartNumber + 1}份）。";
        Tab = "ranges";
        await LoadAsync();
        return Page();
    }

    /// <summary>The register of the tab as .xlsx (发放登记表, 使用登记表, 作废登记表), streamed, with its audit row.</summary>
    public async Task<IActionResult> OnGetExportAsync()
    {
        var ct = HttpContext.RequestAborted;
        Stream file;
        int rows;
        string title;
        switch (CurrentTab)
        {
            case "uses":
                title = "入党志愿书使用登记表";
                (file, rows) = await Xlsx.ExportAsync(title, ListVolunteerBookUses.ExportHeaders,
                    ListVolunteerBookUses.Project(db, ListVolunteerBookUses.Query(db, Org)).Take(200_000).AsAsyncEnumerable(), ListVolunteerBookUses.ExportRow, ct);
                AuditEvents.Add(db, "volunteer_books.export", "volunteer_book_uses", null, Org.Id, new { rows, register = title });
                break;
            case "spoiled":
                title = "入党志愿书作废登记表";
                (file, rows) = await Xlsx.ExportAsync(title, ListVolunteerBookSpoils.ExportHeaders,
                    ListVolunteerBookSpoils.Project(db, ListVolunteerBookSpoils.Query(db, Org)).Take(200_000).AsAsyncEnumerable(), ListVolunteerBookSpoils.ExportRow, ct);
                AuditEvents.Add(db, "volunteer_books.export", "volunteer_book_spoils", null, Org.Id, new { rows, register = title });
                break;
            default:
                title = "入党志愿书发放登记表";
                var ranges = await ListVolunteerBookRanges.RowsAsync(db, ListVolunteerBookRanges.Query(db, Org), ct);
                file = Xlsx.Stream(title, RangeHeaders, ranges.Select(RangeRow).ToList());
                AuditEvents.Add(db, "volunteer_books.export", "volunteer_book_ranges", null, Org.Id, new { rows = ranges.Count, register = title });
                break;
        }
        await db.SaveChangesAsync(ct);
        return File(file, Xlsx.ContentType, $"{title}-{Org.Name}-{Today:yyyyMMdd}.xlsx");
    }

    public static readonly IReadOnlyList<string> RangeHeaders = ["党委", "起始编号", "截止编号", "份数", "发放日期", "发放单位", "发放文号", "已使用", "作废/遗失", "剩余", "下一个编号", "登记人"];

    public static IReadOnlyList<object?> RangeRow(ListVolunteerBookRanges.Range r) =>
        [r.Org, r.First, r.Last, r.EndNumber - r.StartNumber + 1, r.IssuedOn, r.IssuedBy, r.DocumentNo, r.Used, r.Spoiled, r.Left, r.Next ?? "已用完", r.CreatedBy];

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanManage = await user.HasAsync(Permission.DevelopmentApprove, Org, ct);
        if (CurrentTab == "uses")
        {
            var q = ListVolunteerBookUses.Query(db, Org);
            Pager = new Pager(PageNo, 30, await q.CountAsync(ct), Request.Query);
            Uses = await ListVolunteerBookUses.Project(db, q).Skip(Pager.Skip).Take(Pager.Size).ToListAsync(ct);
        }
        else if (CurrentTab == "spoiled")
        {
            var q = ListVolunteerBookSpoils.Query(db, Org);
            Pager = new Pager(PageNo, 30, await q.CountAsync(ct), Request.Query);
            Spoils = await ListVolunteerBookSpoils.Project(db, q).Skip(Pager.Skip).Take(Pager.Size).ToListAsync(ct);
            if (Spoiled is { } id && Message is null && Spoils.FirstOrDefault(s => s.Id == id) is { } done)
                Message = $"已登记编号 {done.Number} {done.Kind}" + (done.NewNumber is { } nn && done.PersonName is { } pn ? $"，{pn}补发新编号 {nn}。" : "，该编号不再使用。");
        }
        else
        {
            Ranges = await ListVolunteerBookRanges.RowsAsync(db, ListVolunteerBookRanges.Query(db, Org), ct);
            if (Ranges.Count == 0 && VolunteerBookRules.CannotHoldRanges(Org) is not null && Org.ParentId is not null)
            {
                // a branch keeps no ranges: those of the 党委 that numbers its 志愿书, read-only
                var keeperId = await VolunteerBookNumbers.KeeperOfAsync(db, Org.Id, ct);
                if (keeperId is { } k)
                {
                    Keeper = await db.Organizations.AsNoTracking().Where(o => o.Id == k).Select(o => o.Name).FirstAsync(ct);
                    Ranges = await ListVolunteerBookRanges.RowsAsync(db, db.VolunteerBookRanges.Where(r => r.OrgId == k), ct);
                }
            }
            Pager = new Pager(1, 30, 0, Request.Query);
        }
    }

    public string TabLink(string tab, string? handler = null) => "/Development/VolunteerBooks?tab=" + tab + (handler is null ? "" : "&handler=" + handler) + "&org=" + Org.Id;
}
