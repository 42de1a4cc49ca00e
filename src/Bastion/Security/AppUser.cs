using Microsoft.AspNetCore.Identity;

namespace Bastion.Security;

public sealed class AppUser : IdentityUser<long>
{
    public string DisplayName { get; set; } = "";
    public bool IsDisabled { get; set; }
    public long? MemberId { get; set; }
    public bool MustChangePassword { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}
