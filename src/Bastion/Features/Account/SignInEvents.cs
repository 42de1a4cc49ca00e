using Bastion.Data;
using Bastion.Security;

namespace Bastion.Features.Account;

/// <summary>Sign-in events for the audit trail (success, failure, lockout, two-factor).</summary>
public static class SignInEvents
{
    public static void Add(AppDbContext db, string action, string result, string? userName, long? userId, string? detail = null)
    {
        // the actor is the account signing in, not the (anonymous) request
        var row = AuditEvents.Add(db, action, "users", userId, null, detail is null ? null : new { detail }, result);
        row.ActorId = userId;
        row.ActorName = userName;
    }
}
