using Bastion.Data;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Account;

[SignedIn]
public sealed class LogoutModel(SignInManager<AppUser> signIn, AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync() => LocalRedirect(await Bastion.Web.Home.OfAsync(user));

    public async Task<IActionResult> OnPostAsync()
    {
        // the session ends on the server: a copy of this cookie opens nothing afterwards
        await using var tx = await db.Database.BeginTransactionAsync();
        await UserSessions.EndAsync(db, User, "logout", clock.GetUtcNow());
        SignInEvents.Add(db, "signout", "success", user.UserName, user.UserId);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await signIn.SignOutAsync();
        Response.Cookies.Delete(ScopeAuthorizationMiddleware.OrgCookie);
        return RedirectToPage("/Account/Login");
    }
}
