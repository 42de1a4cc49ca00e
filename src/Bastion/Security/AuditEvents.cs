using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Security;

/// <summary>
/// Audit rows for events that are not entity changes (sign-ins, full views of personal data, exports, imports).
/// Entity changes are audited by <see cref="AppDbContext"/> itself; both serialise details the same way.
/// The row is added to the context and written by the caller's next SaveChanges, in the caller's transaction.
/// Details are counts, ids, codes and filters, never personal data: every string in them is written without control
/// characters and with full ID and mobile numbers masked (a search term may be one), see <see cref="AuditText"/>.
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
            After = details is null ? null : Details(details),
        };
        db.AuditEntries.Add(row);
        return row;
    }

    /// <summary>The details as JSON, every string value cleaned.</summary>
    public static string Details(object details)
    {
        var node = JsonSerializer.SerializeToNode(details, Json);
        if (node is null) return "null";
        if (Cleaned(node) is { } text) return JsonSerializer.Serialize(text, Json);
        Clean(node);
        return node.ToJsonString(Json);
    }

    private static void Clean(JsonNode node)
    {
        if (node is JsonObject o)
            foreach (var key in o.Select(kv => kv.Key).ToList())
            {
                if (o[key] is not { } child) continue;
                if (Cleaned(child) is { } text) o[key] = text;
                else Clean(child);
            }
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++)
            {
                if (a[i] is not { } child) continue;
                if (Cleaned(child) is { } text) a[i] = text;
                else Clean(child);
            }
    }

    private static string? Cleaned(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? AuditText.MaskNumbers(AuditText.StripControls(v.GetValue<string>())) : null;
}
