using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues.Months;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Statements;

/// <summary>
/// 导入流水 of a branch (or of a 党委 for its subtree): upload a bank 对账单 or WeChat 收款记录 → background check with
/// progress → preview (matched / waiting to be assigned / refused, each with its reason) → assign unmatched lines by
/// hand → 确认导入 → every matched payment written in one transaction. Built for the collector's phone as well.
/// </summary>
[Require(Permission.DuesManage, From = OrgFrom.Route)]
[UploadLimit(RosterReader.MaxBytes)]
public sealed class ImportModel(AppDbContext db, GetDuesStatementImport get, ImportDuesStatement import) : PageModel
{
    public sealed record Candidate(long MemberId, string Label);
    public sealed record Recent(long Id, string FileName, string State, DateTimeOffset CreatedAt);

    [BindProperty(SupportsGet = true)] public long? Job { get; set; }
    public Organization Org { get; private set; } = null!;
    public DuesMonth? Open { get; private set; }
    public GetDuesStatementImport.Response? View { get; private set; }
    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];
    public IReadOnlyList<Recent> Jobs { get; private set; } = [];
    public string? FileError { get; private set; }
    public string? Error { get; private set; }
    public long? ErrorLine { get; private set; }
    [TempData] public string? Done { get; set; }

    public bool Running => View?.State is nameof(ImportState.校验中) or nameof(ImportState.导入中);
    public bool Checked => View?.State == nameof(ImportState.已校验);

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnGetStatusAsync(long id)
    {
        if (await LoadAsync(id) is { } status) return status;
        return View is null ? NotFound() : Partial("_DuesStatementStatus", this);
    }

    public async Task<IActionResult> OnPostUploadAsync(long id, IFormFile? file, [FromServices] StartDuesStatementImport start)
    {
        var started = await start.Handle(id, file, HttpContext.RequestAborted);
        if (started.ToStatusPage() is { } status) return status;
        if (!started.IsOk)
        {
            Job = null;
            FileError = started.Status.FirstMessage;
            return await LoadAsync(id) ?? Page();
        }
        return Redirect($"/Dues/Statements/Import/{id}?job={started.Value}");
    }

    public async Task<IActionResult> OnPostAssignAsync(long id, long lineId, long? memberId, [FromServices] AssignDuesStatementLine assign)
    {
        var r = await assign.Handle(id, Job ?? 0, lineId, new AssignDuesStatementLine.Request(memberId), HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.IsOk)
        {
            Error = r.Status.FirstMessage;
            ErrorLine = lineId;
            return await LoadAsync(id) ?? Page();
        }
        Done = memberId is null ? $"第{r.Value.Row}行已取消手工指定" : $"第{r.Value.Row}行已指定给{r.Value.MemberName}";
        return Redirect($"/Dues/Statements/Import/{id}?job={Job}#line-{lineId}");
    }

    public async Task<IActionResult> OnPostCommitAsync(long id, [FromServices] StartDuesStatementImport start)
    {
        var r = await start.ConfirmAsync(id, Job ?? 0, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.IsOk)
        {
            Error = r.FirstMessage;
            return await LoadAsync(id) ?? Page();
        }
        return Redirect($"/Dues/Statements/Import/{id}?job={Job}");
    }

    /// <summary>
    /// A sample statement in either layout (bank / wechat), filled with members of this organization who have not paid
    /// the open month (name and the last 4 characters of the ID number in the 附言, as members are asked to write them),
    /// plus a line without a disambiguator and an outgoing one: what the import matches, and what it leaves to the collector.
    /// </summary>
    public async Task<IActionResult> OnGetTemplateAsync(long id, string? layout)
    {
        if (await LoadOrgAsync(id) is { } status) return status;
        var ct = HttpContext.RequestAborted;
        var today = ChineseDates.DayOf(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        var unpaid = Open is null ? [] : await (from e in db.Set<DuesEntry>().AsNoTracking()
                                                join o in db.UnderOrg(Org) on e.OrgId equals o.Id
                                                join m in db.Members on e.MemberId equals m.Id
                                                where e.MonthId == Open.Id && e.PaidAmount == null && e.Due > 0
                                                      && !db.Set<DuesPayment>().Any(p => p.EntryId == e.Id && p.Kind == DuesPaymentKind.党费 && p.State != DuesPaymentState.已驳回)
                                                orderby e.Id
                                                select new { m.Name, m.IdNumber, e.Due }).Take(5).ToListAsync(ct);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var wechat = layout == "wechat";
        var rows = new List<IReadOnlyList<object?>>();
        var n = 0;
        foreach (var u in unpaid)
        {
            n++;
            // the last member writes only the name: matched by name alone it is not guessed, only suggested
            var memo = n == unpaid.Count && n > 1 ? "党费" : $"{u.Name} {DuesMonthRules.Month(Open!.Month)}党费 身份证后四位{u.IdNumber[^4..]}";
            rows.Add(wechat
                ? [$"{day} 09:{10 + n}:00", u.Name, "微信用户" + n, u.Due, memo, $"42000{today:yyyyMMdd}{n:D6}"]
                : [day, u.Name, $"62220200000000{n:D4}", u.Due, null, "转账", memo, $"YH{today:yyyyMMdd}{n:D4}"]);
        }
        rows.Add(wechat
            ? [$"{day} 10:30:00", "", "阳光", 15.00m, "交党费", $"42000{today:yyyyMMdd}900001"]
            : [day, "李某某", "6222020000009999", 15.00m, null, "转账", "党费", $"YH{today:yyyyMMdd}9001"]);
        if (!wechat) rows.Add([day, "某某物业公司", "6222020000008888", null, 120.00m, "代扣", "物业费", $"YH{today:yyyyMMdd}9002"]);
        var headers = wechat
            ? new[] { "时间", "付款人", "昵称", "金额", "备注", "交易单号" }
            : new[] { "交易日期", "对方户名", "对方账号", "收入金额", "支出金额", "摘要", "附言", "流水号" };
        return File(Xlsx.Write(wechat ? "收款记录" : "对账单", headers, rows), Xlsx.ContentType, wechat ? "微信收款记录示例.xlsx" : "银行对账单示例.xlsx");
    }

    private async Task<IActionResult?> LoadOrgAsync(long id)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, HttpContext.RequestAborted);
        if (org is null) return NotFound();
        Org = org;
        Open = await DuesMonthsDb.OpenMonthAsync(db, DuesMonthsDb.RootOf(org.Path), HttpContext.RequestAborted);
        return null;
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        if (await LoadOrgAsync(id) is { } status) return status;
        var ct = HttpContext.RequestAborted;
        if (Job is { } job)
        {
            var r = await get.Handle(id, job, null, ct);
            if (r.ToStatusPage() is { } s) return s;
            View = r.Value;
            if (Checked && View.Pending + View.Matched > 0 && Open is not null)
            {
                var scope = await import.ScopeAsync(Org, Open, null, ct);
                var empty = new Dictionary<long, int>();
                Candidates = scope.People
                    .Select(p => (p, Due: scope.DuesOf(p.MemberId, empty).Where(d => !d.Paid && !d.Pending && d.Due is > 0).Sum(d => d.Due ?? 0)))
                    .Where(x => x.Due > 0).OrderBy(x => x.p.Name, StringComparer.Ordinal).Take(3000)
                    .Select(x => new Candidate(x.p.MemberId, $"{x.p.Name}（身份证尾号{x.p.IdNumber[^4..]}，未交{x.Due.ToString("0.00", CultureInfo.InvariantCulture)}元）")).ToList();
            }
        }
        else
            Jobs = await db.Set<ImportJob>().AsNoTracking().Where(j => j.OrgId == id && j.Kind == ImportKind.党费流水).OrderByDescending(j => j.Id).Take(5)
                .Select(j => new Recent(j.Id, j.FileName, j.State.ToString(), j.CreatedAt)).ToListAsync(ct);
        return null;
    }
}
