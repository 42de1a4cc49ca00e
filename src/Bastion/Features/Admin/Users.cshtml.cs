using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

[Require(Permission.AccountManage, From = OrgFrom.None)]
public sealed class UsersModel(AppDbContext db, CreateAccount create, SetAccountDisabled setDisabled, TimeProvider clock) : PageModel
{
    public sealed record Row(long Id, string UserName, string DisplayName, string Roles, bool IsDisabled, bool Locked, bool TwoFactor, DateTimeOffset? LastSignInAt, string? MemberName = null, bool Administrator = false);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public CreateAccount.Created? Created { get; private set; }
    public string? Message { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>A fresh install without any organization: the page points to 首次设置.</summary>
    public bool SetupNeeded { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? displayName)
    {
        var r = await create.Handle(new CreateAccount.Request(userName, displayName));
        if (r.IsOk) Created = r.Value;
        else { Errors = r.Status.Errors!.ToDictionary(); UserName = userName; DisplayName = displayName; }
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(long id) => SetAsync(id, true);
    public Task<IActionResult> OnPostEnableAsync(long id) => SetAsync(id, false);

    private async Task<IActionResult> SetAsync(long id, bool disabled)
    {
        var r = await setDisabled.Handle(id, disabled);
        Message = r.FirstMessage ?? (disabled ? "账号已停用，其会话和令牌已失效。" : "账号已启用。");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        SetupNeeded = await Setup.InitialSetup.IsNeededAsync(db, HttpContext.RequestAborted);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q)) q = q.Where(u => u.UserName!.Contains(Q.Trim()) || u.DisplayName.Contains(Q.Trim()));
        var total = await q.CountAsync();
        Pager = new Pager(PageNo, 20, total, Request.Query);
        var users = await q.OrderBy(u => u.Id).Skip(Pager.Skip).Take(Pager.Size).ToListAsync();
        var ids = users.Select(u => u.Id).ToList();
        var grants = (await db.RoleGrants.AsNoTracking().Where(g => ids.Contains(g.UserId)).ToListAsync()).ToLookup(g => g.UserId);
        var memberIds = users.Where(u => u.MemberId != null).Select(u => u.MemberId!.Value).ToList();
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name);
        var now = clock.GetUtcNow();
        // a member account's user name may be their mobile number: masked (the 系统管理员 sees no personal data)
        Rows = users.Select(u => new Row(u.Id, Masking.UserName(u.UserName) ?? "", u.DisplayName,
            string.Join("、", grants[u.Id].Select(g => Roles.Display(g.Role)).Distinct()), u.IsDisabled,
            u.LockoutEnd > now, u.TwoFactorEnabled, u.LastSignInAt,
            u.MemberId is { } mid ? members.GetValueOrDefault(mid, "") : null,
            grants[u.Id].Any(g => Roles.IsAdministrator(g.Role)))).ToList();
    }
}
