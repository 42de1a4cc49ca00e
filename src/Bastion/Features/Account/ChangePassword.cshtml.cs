using System.ComponentModel.DataAnnotations;
using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Account;

[SignedIn]
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ChangePassword change) : PageModel
{
    [BindProperty, Required(ErrorMessage = "请输入当前密码"), StringLength(128, ErrorMessage = "密码过长"), DataType(DataType.Password)]
    public string Current { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "请输入新密码"), StringLength(128, ErrorMessage = "密码长度不能超过128位"), DataType(DataType.Password)]
    public string New { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "请再次输入新密码"), Compare(nameof(New), ErrorMessage = "两次输入的新密码不一致"), DataType(DataType.Password)]
    public string Confirm { get; set; } = "";

    /// <summary>The account still carries a one-time password that must be changed before anything else.</summary>
    public bool Required { get; private set; }

    public bool Done { get; private set; }

    public async Task OnGetAsync() => Required = (await users.GetUserAsync(User))?.MustChangePassword == true;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Required = user.MustChangePassword;
        if (!ModelState.IsValid) return Page();
        var r = await change.Handle(user, Current, New);
        if (!r.AddTo(ModelState)) return Page();
        await signIn.RefreshSignInAsync(user);
        Done = true;
        Required = false;
        return Page();
    }
}
