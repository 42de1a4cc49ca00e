using Bastion.Data;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Notifications;

/// <summary>The unread count for the bell in the top bar (htmx fragment).</summary>
[SignedIn]
public sealed class BellModel(AppDbContext db, UserContext user) : PageModel
{
    public int Unread { get; private set; }

    public async Task OnGetAsync()
    {
        var id = user.UserId!.Value;
        Unread = await db.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null);
    }
}
