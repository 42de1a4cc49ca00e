using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>介绍信: outward letters of the current organization's subtree with their 回执, inward registrations, and number ranges.</summary>
[Require(Permission.MemberRead)]
public sealed class LettersModel(AppDbContext db, UserContext user, RecordLetterReceipt receipt, AddLetterNumberRange addRange, TimeProvider clock) : PageModel
{
    public sealed class RangeInput
    {
        public string? Prefix { get; set; }
        public int? StartNumber { get; set; }
        public int? EndNumber { get; set; }
    }

    public sealed record RangeRow(LetterNumberRange Range, string OrgName, bool Own);

    /// <summary>letters (已开具) | inward (转入登记) | ranges (编号段)</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public long? Issued { get; set; }
    [BindProperty(SupportsGet = true)] public long? Voided { get; set; }

    public Organization Org => user.CurrentOrg!;
    public IReadOnlyList<ListTransfers.Row> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public IReadOnlyList<RangeRow> Ranges { get; private set; } = [];
    public string? IssuerName { get; private set; }
    public bool CanManage { get; private set; }
    public bool CanConfigure => CanManage && Org.Type == OrgType.党委;
    public int OverdueCount { get; private set; }
    public RangeInput Range { get; private set; } = new();
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Message { get; private set; }
    public long? DownloadId { get; private set; }
    public DateOnly Today => clock.Today();

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";
    public string CurrentTab => Tab is "inward" or "ranges" ? Tab : "letters";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostReceiptAsync(long id, DateOnly? returnedOn)
    {
        var ct = HttpContext.RequestAborted;
        var t = await db.TransfersKeptUnder(Org).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return NotFound();
        var keeper = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.OrgId, ct);
        if (!await user.HasAsync(Permission.MemberManage, keeper, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await receipt.Handle(id, returnedOn, ct);
        if (r.IsOk) Message = $"已登记介绍信 {t.LetterNo} 的回执。";
        else Errors = r.Errors!.ToDictionary(kv => $"receipt-{id}", kv => kv.Value);
        Tab = "letters";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRangeAsync(RangeInput range)
    {
        var ct = HttpContext.RequestAborted;
        if (!await user.HasAsync(Permission.MemberManage, Org, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await addRange.Handle(Org, new AddLetterNumberRange.Request(range.Prefix, range.StartNumber, range.EndNumber), ct);
        if (!r.IsOk) { Errors = r.Status.Errors!.ToDictionary(); Range = range; }
        else
        {
            var added = ListLetterNumberRanges.Row(r.Value, Org.Name);
            Message = $"已设置编号段 {added.First}—{added.Last}。";
        }
        Tab = "ranges";
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanManage = await user.HasAsync(Permission.MemberManage, Org, ct);
        var outward = ListTransfers.Query(db, Org, ListTransfers.View.Outward);
        var open = await outward.Where(t => t.State == TransferState.已转出 && t.ReceiptReturnedOn == null && t.ReturnedTransferId == null)
            .Select(t => new { t.LetterDate, t.ValidDays }).ToListAsync(ct);
        OverdueCount = open.Count(t => TransferRules.IsReceiptOverdue(t.LetterDate!.Value, t.ValidDays!.Value, null, Today));

        if (CurrentTab == "ranges")
        {
            var subtree = db.UnderOrg(Org).Select(o => o.Id);
            var chain = TransfersDb.SelfAndAncestors(Org);
            var rows = await (from r in db.LetterNumberRanges.AsNoTracking()
                              where subtree.Contains(r.OrgId) || chain.Contains(r.OrgId)
                              join o in db.Organizations.AsNoTracking() on r.OrgId equals o.Id
                              orderby r.OrgId, r.Id
                              select new { r, o.Name }).ToListAsync(ct);
            Ranges = rows.Select(x => new RangeRow(x.r, x.Name, x.r.OrgId == Org.Id)).ToList();
            var issuer = chain.FirstOrDefault(id => rows.Any(x => x.r.OrgId == id));
            IssuerName = rows.FirstOrDefault(x => x.r.OrgId == issuer)?.Name;
            Pager = new Pager(1, 20, 0, Request.Query);
        }
        else
        {
            var q = CurrentTab == "inward" ? ListTransfers.Query(db, Org, ListTransfers.View.Inward) : outward;
            // letters still waiting for their 回执 first, then by number (newest first)
            q = q.OrderBy(t => t.State == TransferState.已转出 && t.ReceiptReturnedOn == null && t.ReturnedTransferId == null ? 0 : 1).ThenByDescending(t => t.Id);
            Pager = new Pager(PageNo, 20, await q.CountAsync(ct), Request.Query);
            Rows = await ListTransfers.RowsAsync(db, q.Skip(Pager.Skip).Take(Pager.Size), Today, ct);
        }

        if ((Issued ?? Voided) is { } id && Message is null
            && await ListTransfers.RowsAsync(db, outward.Where(t => t.Id == id), Today, ct) is [var done])
        {
            Message = Issued is not null ? $"已开具介绍信 {done.LetterNo}（{done.MemberName}转往{done.ToOrgName}），{done.MemberName}已记为“已转出”。"
                : $"介绍信 {done.LetterNo} 已作废，{done.MemberName}恢复为在册党员。";
            DownloadId = Issued is not null && CanManage ? id : null;
        }
    }

    public string TabLink(string tab) => "/Transfers/Letters?tab=" + tab
        + (Request.Query.TryGetValue("org", out var org) && !string.IsNullOrEmpty(org) ? "&org=" + Uri.EscapeDataString(org.ToString()) : "");
}
