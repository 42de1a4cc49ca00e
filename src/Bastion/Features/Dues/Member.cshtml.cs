using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// A member's dues profile (phone-friendly): category, this month's due, bases by year with mid-year adjustments, and
/// — for those who manage dues — setting the category and recording a base.
/// </summary>
[Require(Permission.DuesRead, From = OrgFrom.Record, Record = typeof(Member))]
public sealed class MemberModel(AppDbContext db, GetMemberDues get, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public SetDuesBase.Request? Base { get; set; }
    [BindProperty] public SetDuesProfile.Request? Profile { get; set; }
    public string MemberName { get; private set; } = "";
    public GetMemberDues.Response Dues { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public int ThisYear { get; private set; }
    [TempData] public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostProfileAsync([FromServices] SetDuesProfile set)
    {
        if (await LoadAsync() is { } missing) return missing;
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await set.Handle(Id, Profile ?? new(null, null), HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.AddTo(ModelState, nameof(Profile))) return Page();
        Flash = "已设置党费类别";
        return Redirect($"/Dues/Member/{Id}");
    }

    public async Task<IActionResult> OnPostBaseAsync([FromServices] SetDuesBase set)
    {
        if (await LoadAsync() is { } missing) return missing;
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await set.Handle(Id, Base ?? new(null, null, null, null, null, null, null), HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.AddTo(ModelState, nameof(Base))) return Page();
        Flash = $"已录入{r.Value.Year}年{r.Value.FromMonth}月起的基数{DuesRules.Yuan(r.Value.Base)}元";
        return Redirect($"/Dues/Member/{Id}");
    }

    [BindProperty] public Months.AddDuesReduction.Request? Reduction { get; set; }

    /// <summary>申请少交/免交: the form of the DuesReductions view component.</summary>
    public async Task<IActionResult> OnPostReductionAsync([FromServices] Months.AddDuesReduction add)
    {
        if (await LoadAsync() is { } missing) return missing;
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await add.Handle(Id, Reduction ?? new(null, null, null, null), HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.AddTo(ModelState, nameof(Reduction))) return Page();
        Flash = $"已提交{DuesMonthRules.Code(r.Value.FromMonth)}至{DuesMonthRules.Code(r.Value.ToMonth)}的少交/免交申请，待上级党委审批";
        return Redirect($"/Dues/Member/{Id}#reductions");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var m = await db.Members.AsNoTracking().Where(x => x.Id == Id).Select(x => new { x.Name, x.OrgId }).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (m is null) return NotFound();
        MemberName = m.Name;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrgId, HttpContext.RequestAborted);
        CanManage = await user.HasAsync(Permission.DuesManage, org, HttpContext.RequestAborted);
        Dues = (await get.Handle(Id, HttpContext.RequestAborted)).Value;
        ThisYear = clock.Today().Year;
        return null;
    }

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
