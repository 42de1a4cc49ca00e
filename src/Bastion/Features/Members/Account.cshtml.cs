using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>关联账号 on a member's record: the linked account and 解除关联, or link an existing account / create one.</summary>
[Require(Permission.MemberManage, From = OrgFrom.Record, Record = typeof(Member))]
public sealed class AccountModel(AppDbContext db, UserContext user, LinkMemberAccount link, UnlinkMemberAccount unlink) : PageModel
{
    public sealed record Current(long Id, string UserName, string DisplayName, bool IsDisabled, bool MustChangePassword, string Roles);
    public sealed record Option(long Id, string UserName, string DisplayName);

    public Member Member { get; private set; } = null!;
    public string OrgName { get; private set; } = "";
    public Current? Linked { get; private set; }
    public IReadOnlyList<Option> Options { get; private set; } = [];
    /// <summary>The member's mobile number, masked (null when none is recorded).</summary>
    public string? Mobile { get; private set; }
    public string? Refusal { get; private set; }
    public LinkMemberAccount.Linked? Done { get; private set; }
    public string? Message { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public long? UserId { get; set; }
    [BindProperty] public string? NameKind { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public bool SendSms { get; set; }

    public async Task OnGetAsync(long id, bool unlinked = false)
    {
        if (unlinked) Message = "已解除关联。";
        await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostLinkAsync(long id)
    {
        var r = await link.HandleAsync(id, new LinkMemberAccount.Request(UserId), HttpContext.RequestAborted);
        return await AfterAsync(id, r);
    }

    public async Task<IActionResult> OnPostCreateAsync(long id)
    {
        if (NameKind != "mobile" && string.IsNullOrWhiteSpace(UserName))
            return await AfterAsync<LinkMemberAccount.Linked>(id, Result.Invalid("userName", "请输入用户名"));
        var r = await link.HandleAsync(id, new LinkMemberAccount.Request(null, NameKind == "mobile" ? null : UserName ?? "", NameKind == "mobile", SendSms),
            HttpContext.RequestAborted);
        if (r.IsOk) Done = r.Value;
        return await AfterAsync(id, r);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(long id)
    {
        var r = await unlink.HandleAsync(id, HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Members/Account/{id}?unlinked=true");
        Message = r.Status.FirstMessage;
        await LoadAsync(id);
        return Page();
    }

    private async Task<IActionResult> AfterAsync<T>(long id, Result<T> r)
    {
        if (!r.IsOk)
        {
            if (r.Status.Errors is { Count: > 0 } e) Errors = e.ToDictionary();
            else Message = r.Status.FirstMessage;
        }
        else if (Done is null) Message = "已关联账号。";
        await LoadAsync(id);
        return Page();
    }

    private async Task LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        OrgName = user.CurrentOrg!.Name;
        var mobile = MemberAccountRules.MobileUserName(Member.Phone);
        Mobile = mobile is null ? null : Masking.Phone(mobile);
        var u = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.MemberId == id, ct);
        if (u is not null)
        {
            var roles = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == u.Id).Select(g => g.Role).ToListAsync(ct);
            Linked = new Current(u.Id, Masking.UserName(u.UserName) ?? "", u.DisplayName, u.IsDisabled, u.MustChangePassword,
                string.Join("、", roles.Distinct().Select(Bastion.Domain.Roles.Display)));
            return;
        }
        Refusal = await link.Refusal(Member, ct);
        var scope = await user.HasAsync(Permission.AccountManage, null, ct)
            ? db.Organizations.Select(o => o.Id)
            : (await db.OrganizationsFor(user, Permission.MemberManage, ct)).Select(o => o.Id);
        var q = MemberAccess.Linkable(db, scope).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q)) q = q.Where(x => x.UserName!.Contains(Q.Trim()) || x.DisplayName.Contains(Q.Trim()));
        // the member's own name first: an account made for them by the 系统管理员 is the likely one
        Options = (await q.OrderBy(x => x.DisplayName == Member.Name ? 0 : 1).ThenBy(x => x.UserName).Take(50)
                .Select(x => new { x.Id, x.UserName, x.DisplayName }).ToListAsync(ct))
            .Select(x => new Option(x.Id, Masking.UserName(x.UserName) ?? "", x.DisplayName)).ToList();
    }
}
