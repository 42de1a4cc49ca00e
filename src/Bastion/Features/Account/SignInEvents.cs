using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Features.Account;

/// <summary>Sign-in events for the audit trail (success, failure, lockout, two-factor).</summary>
public static class SignInEvents
{
    public static void Add(AppDbContext db, string action, string result, string? userName, long? userId, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            Action = action,
            Result = result,
            Entity = "users",
            EntityId = userId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ActorId = userId,
            ActorName = userName,
            After = detail is null ? null : System.Text.Json.JsonSerializer.Serialize(new { detail }, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        });
}
