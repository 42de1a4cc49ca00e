using Bastion.Domain;
using Bastion.Security;

namespace Bastion.Features.Dues;

/// <summary>Who may change the platform-wide rate tables: an administrator (DuesConfigure) of a top-level 党委.</summary>
public static class DuesAdmin
{
    public const string NotTopLevel = "党费标准对全平台生效，只能由最上级党委的管理员维护";

    public static async Task<bool> CanSetStandardsAsync(UserContext user, CancellationToken ct = default)
    {
        var roots = await user.ScopeRootsAsync(Permission.DuesConfigure, ct);
        if (roots is null) return await user.HasAsync(Permission.DuesConfigure, null, ct);
        return roots.Any(r => !r.Contains('.', StringComparison.Ordinal));
    }
}
