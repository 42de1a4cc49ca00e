using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// 批量开通账号 from a branch's roster: choose members (or all without an account), the user-name rule and how the
/// one-time passwords reach the members; the result lists each row (created with its password shown this once and
/// printable, or skipped/failed with the reason).
/// </summary>
[Require(Permission.MemberManage)]
public sealed class AccountsModel(AppDbContext db, UserContext user, CreateMemberAccounts create, TimeProvider clock) : PageModel
{
    public sealed record Line(long Id, string Name, string? Mobile, string PartyStatus, string? Account);

    public Organization Org => user.CurrentOrg!;
    public bool IsBranch => OrgRules.IsBranch(Org.Type);
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public CreateMemberAccounts.Report? Report { get; private set; }
    public string? Message { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty] public List<long> MemberIds { get; set; } = [];
    [BindProperty] public bool AllWithoutAccount { get; set; }
    [BindProperty] public UserNameScheme Scheme { get; set; } = UserNameScheme.Mobile;
    [BindProperty] public string? Prefix { get; set; }
    [BindProperty] public bool SendSms { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var r = await create.HandleAsync(Org, new CreateMemberAccounts.Request(MemberIds, AllWithoutAccount && MemberIds.Count == 0, Scheme, Prefix, SendSms),
            HttpContext.RequestAborted);
        if (r.IsOk) Report = r.Value;
        else if (r.Status.Errors is { Count: > 0 } e) Errors = e.ToDictionary();
        else Message = r.Status.FirstMessage;
        // the one-time passwords must not stay in a cache: every page carries the layout's antiforgery token, so
        // ASP.NET Core answers it with Cache-Control: no-cache, no-store (setting it here too only logs a warning)
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        if (!IsBranch) return;
        var ct = HttpContext.RequestAborted;
        var members = await MemberQuery.Apply(db, Org, new MemberFilter(), clock.Today())
            .Select(m => new { m.Id, m.Name, m.Phone, m.PartyStatus }).ToListAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => u.MemberId != null && ids.Contains(u.MemberId.Value))
            .Select(u => new { MemberId = u.MemberId!.Value, u.UserName, u.IsDisabled }).ToDictionaryAsync(u => u.MemberId, ct);
        Lines = members.Select(m => new Line(m.Id, m.Name,
            MemberAccountRules.MobileUserName(m.Phone) is { } mobile ? Masking.Phone(mobile) : null, m.PartyStatus.ToString(),
            accounts.TryGetValue(m.Id, out var a) ? Masking.UserName(a.UserName) + (a.IsDisabled ? "（已停用）" : "") : null)).ToList();
    }
}
