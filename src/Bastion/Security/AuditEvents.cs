using System.Globalization;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Security;

/// <summary>
/// Audit rows for events that are not entity changes (sign-ins, full views of personal data, exports, imports).
/// Entity changes are audited by <see cref="AppDbContext"/> itself; both serialise details the same way.
/// The row is added to the context and written by the caller's next SaveChanges, in the caller's transaction.
/// </summary>
public static class AuditEvents
{
    /// <summary>Chinese stays readable in the stored JSON.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static AuditEntry Add(AppDbContext db, string action, string? entity, long? entityId, long? orgId, object? details, string result = "success")
    {
        var row = new AuditEntry
        {
            Action = action,
            Result = result,
            Entity = entity,
            EntityId = entityId?.ToString(CultureInfo.InvariantCulture),
            OrgId = orgId,
            After = details is null ? null : JsonSerializer.Serialize(details, Json),
        };
        db.AuditEntries.Add(row);
        return row;
    }
}
