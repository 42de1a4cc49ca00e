using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>Starts a transfer of one member ({id} is the member): inside the platform, or out of it with a 介绍信.</summary>
[Require(Permission.MemberManage, From = OrgFrom.Record, Record = typeof(Member))]
public sealed class StartModel(AppDbContext db, UserContext user, StartTransfer start, IssueTransferLetter issue, TimeProvider clock) : PageModel
{
    public sealed class InternalInput
    {
        public long? ToOrgId { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class OutwardInput
    {
        public string? ToOrgName { get; set; }
        public string? DuesPaidTo { get; set; }
        public int? ValidDays { get; set; } = TransferRules.DefaultValidDays;
        public string? Reason { get; set; }
    }

    public sealed record BranchOption(long Id, string Name, string Group);

    public Member Member { get; private set; } = null!;
    public Organization From => user.CurrentOrg!;
    public string? Busy { get; private set; }
    public IReadOnlyList<BranchOption> Branches { get; private set; } = [];
    public InternalInput Internal { get; private set; } = new();
    public OutwardInput Outward { get; private set; } = new();
    /// <summary>Which form the errors belong to: "internal" or "outward".</summary>
    public string? Posted { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public DateOnly Today => clock.Today();

    public string? Error(string form, string key) => Posted == form && Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string form, string key) => Error(form, key) is null ? "" : "is-invalid";

    public async Task OnGetAsync(long id)
    {
        Outward.DuesPaidTo = Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostInternalAsync(long id, InternalInput @internal)
    {
        await LoadAsync(id);
        var r = await start.Handle(Member, From, new StartTransfer.Request(@internal.ToOrgId, @internal.Reason), HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Transfers?tab=out&started={r.Value.Id}");
        (Internal, Errors, Posted) = (@internal, r.Status.Errors!.ToDictionary(), "internal");
        Outward.DuesPaidTo = Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostOutwardAsync(long id, OutwardInput outward)
    {
        await LoadAsync(id);
        var r = await issue.Handle(Member, From, new IssueTransferLetter.Request(outward.ToOrgName, outward.DuesPaidTo, outward.ValidDays, outward.Reason), HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Transfers/Letters?issued={r.Value.Id}");
        (Outward, Errors, Posted) = (outward, r.Status.Errors!.ToDictionary(), "outward");
        return Page();
    }

    private async Task LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        Busy = await TransferScope.BusyAsync(db, Member, ct);
        // every branch of the platform may receive: the receiving side accepts from its own scope
        var types = new[] { OrgType.党支部, OrgType.联合党支部, OrgType.临时党支部 };
        var branches = await (from o in db.Organizations.AsNoTracking()
                              where types.Contains(o.Type) && o.Status == OrgStatus.正常 && o.Id != Member.OrgId
                              join p in db.Organizations.AsNoTracking() on o.ParentId equals (long?)p.Id into ps
                              from p in ps.DefaultIfEmpty()
                              orderby o.Path
                              select new { o.Id, o.Name, o.Path, Parent = p == null ? "" : p.Name }).ToListAsync(ct);
        Branches = branches.OrderBy(b => b.Path, StringComparer.Ordinal).Select(b => new BranchOption(b.Id, b.Name, b.Parent)).ToList();
    }
}
