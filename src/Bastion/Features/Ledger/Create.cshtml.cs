using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.UnitedFront;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>交办事项: the 四个明确 form (organization under the scope, owner and verifier accounts, work standard, assessing department).</summary>
[Require(Permission.LedgerManage)]
public sealed class CreateModel(AppDbContext db, UserContext user, CreateLedgerItem create, TimeProvider clock) : PageModel
{
    public sealed class Input
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Source { get; set; }
        public string? SourceRef { get; set; }
        public DateOnly? Deadline { get; set; }
        public long? ResponsibleOrgId { get; set; }
        public long? ResponsiblePersonId { get; set; }
        public long? VerifierId { get; set; }
        public string? WorkStandard { get; set; }
        public string? AssessingDepartment { get; set; }
        public string? Priority { get; set; }
        public string? Tags { get; set; }
    }

    public sealed record Account(long Id, string Name, string Detail);

    [BindProperty] public Input Form { get; set; } = new();
    public IReadOnlyList<PersonForm.OrgOption> Orgs { get; private set; } = [];
    public IReadOnlyList<Account> Accounts { get; private set; } = [];
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public Organization Scope => user.CurrentOrg!;

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    public async Task OnGetAsync()
    {
        Form = new Input { ResponsibleOrgId = Scope.Id, Deadline = clock.Today().AddDays(30), Priority = "一般" };
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var tags = (Form.Tags ?? "").Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var r = await create.Handle(Scope, new CreateLedgerItem.Request(Form.Title, Form.Description, Form.Source, Form.Deadline,
            Form.ResponsibleOrgId, Form.ResponsiblePersonId, Form.WorkStandard, Form.AssessingDepartment, Form.VerifierId, Form.Priority, tags, Form.SourceRef),
            HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Ledger/Details/{r.Value}?created=1");
        var errors = r.Status.Errors!.ToDictionary();
        if (!Form.Deadline.HasValue && Request.Form["Form.Deadline"].ToString() is { Length: > 0 } raw)
            errors["deadline"] = [$"完成时限“{raw}”不是有效日期（yyyy-MM-dd）"];
        Errors = errors;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Orgs = await PersonForm.OrgOptionsAsync(db, Scope, ct);
        var orgIds = db.UnderOrg(Scope).Select(o => o.Id);
        var me = user.UserId ?? 0;
        var byGrant = from g in db.RoleGrants
                      join o in db.Organizations on g.OrgId equals (long?)o.Id
                      where orgIds.Contains(o.Id)
                      select new { g.UserId, Detail = o.Name };
        var byMember = from u in db.Users
                       join m in db.Members on u.MemberId equals (long?)m.Id
                       join o in db.Organizations on m.OrgId equals o.Id
                       where orgIds.Contains(o.Id)
                       select new { UserId = u.Id, Detail = o.Name };
        var links = (await byGrant.ToListAsync(ct)).Concat(await byMember.ToListAsync(ct)).ToList();
        var ids = links.Select(l => l.UserId).Append(me).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.IsDisabled).ToListAsync(ct);
        Accounts = users.Select(u => new Account(u.Id, LedgerAccess.NameOf(u), $"{u.UserName}" + (links.FirstOrDefault(l => l.UserId == u.Id) is { } l ? " · " + l.Detail : "")))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }
}
