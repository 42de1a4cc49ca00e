using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>
/// 关联党员 from the account side (系统管理员): search a member by name, link, or unlink. The 系统管理员 sees no personal
/// data: a hit shows the name, the organization and whether the member already has an account — nothing else.
/// </summary>
[Require(Permission.AccountManage, From = OrgFrom.None)]
public sealed class UserMemberModel(AppDbContext db, LinkMemberAccount link, UnlinkMemberAccount unlink) : PageModel
{
    public sealed record Hit(long Id, string Name, string OrgName, string PartyStatus, bool HasAccount);

    public AppUser Account { get; private set; } = null!;
    public string? Refusal { get; private set; }
    public (long Id, string Name, string OrgName)? Linked { get; private set; }
    public IReadOnlyList<Hit> Hits { get; private set; } = [];
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, string? done = null)
    {
        Message = done switch { "linked" => "已关联党员。", "unlinked" => "已解除关联。", _ => null };
        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostLinkAsync(long id, long memberId)
    {
        var r = await link.HandleAsync(memberId, new LinkMemberAccount.Request(id), HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Admin/UserMember/{id}?done=linked");
        (Message, IsError) = (r.Status.FirstMessage, true);
        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(long id)
    {
        var memberId = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.MemberId).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (memberId is null) { (Message, IsError) = ("该账号没有关联党员", true); return await LoadAsync(id); }
        var r = await unlink.HandleAsync(memberId.Value, HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Admin/UserMember/{id}?done=unlinked");
        (Message, IsError) = (r.Status.FirstMessage, true);
        return await LoadAsync(id);
    }

    private async Task<IActionResult> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (account is null) return NotFound();
        Account = account;
        var roles = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == id).Select(g => g.Role).ToListAsync(ct);
        Refusal = MemberAccountRules.RefuseLink(roles);
        if (account.MemberId is { } mid)
        {
            Linked = await (from m in db.Members.AsNoTracking()
                            join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                            where m.Id == mid
                            select new ValueTuple<long, string, string>(m.Id, m.Name, o.Name)).FirstOrDefaultAsync(ct);
        }
        else if (Refusal is null && !string.IsNullOrWhiteSpace(Q))
        {
            var name = Q.Trim();
            var linked = db.Users.Where(u => u.MemberId != null).Select(u => u.MemberId!.Value);
            Hits = await (from m in db.Members.AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                          where m.Name.Contains(name)
                          orderby m.Name, o.Path
                          select new Hit(m.Id, m.Name, o.Name, m.PartyStatus.ToString(), linked.Contains(m.Id))).Take(30).ToListAsync(ct);
        }
        return Page();
    }
}
