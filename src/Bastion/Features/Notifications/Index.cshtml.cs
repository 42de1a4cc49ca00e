using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Notifications;

/// <summary>The in-app notifications of the signed-in account (later modules post to this table).</summary>
[SignedIn]
public sealed class IndexModel(AppDbContext db, UserContext user) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public int Unread { get; private set; }
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostReadAllAsync([FromServices] MarkAllRead markAllRead)
    {
        await markAllRead.Handle(HttpContext.RequestAborted);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var id = user.UserId!.Value;
        var q = db.Notifications.AsNoTracking().Where(n => n.UserId == id);
        Unread = await q.CountAsync(n => n.ReadAt == null);
        Pager = new Pager(PageNo, 20, await q.CountAsync(), Request.Query);
        Items = await q.OrderByDescending(n => n.Id).Skip(Pager.Skip).Take(Pager.Size).ToListAsync();
    }
}
