using System.Globalization;
using System.Text.Json;
using Bastion.Domain;

namespace Bastion.Features.Audit;

/// <summary>
/// Makes an audit row readable: its before/after JSON as a field-by-field comparison with Chinese field names, personal
/// data masked (also in rows written before a field was masked at write time) and confidential text withheld, and the
/// page of the object the row is about.
/// </summary>
public static class AuditDetails
{
    public sealed record Field(string Name, string Label, string? Before, string? After, bool Changed);

    /// <summary>A link to the object's page, or null where there is none or the viewer may not open it.</summary>
    public sealed record Link(string Url, string Text);

    private enum Show { Clear, IdNumber, Phone, Email, UserName, Withheld }

    /// <summary>Personal data: shown masked, whatever the row holds.</summary>
    private static readonly Dictionary<string, Show> Masked = new(StringComparer.Ordinal)
    {
        ["id_number"] = Show.IdNumber, ["idNumbers"] = Show.IdNumber,
        ["phone"] = Show.Phone, ["phone_number"] = Show.Phone, ["mobile_contact"] = Show.Phone,
        ["email"] = Show.Email, ["normalized_email"] = Show.Email,
        ["user_name"] = Show.UserName, ["normalized_user_name"] = Show.UserName,
    };

    /// <summary>
    /// Rich text, disciplinary details, clue facts, conversations and messages: the log shows that they were written or
    /// changed, never what they say.
    /// </summary>
    private static readonly HashSet<string> Withheld =
    [
        "minutes_html", "facts", "evidence", "responsible_persons", "body", "text", "topics", "follow_up", "notes", "content", "problems",
        "party_status_reason", "agreed_wording", "proposed_wording", "peer_summary", "self_assessment", "decision_note", "conflict_note",
        "acknowledgement_reason", "extension_reason", "reason", "resolutions", "agenda", "detail_html",
        // also what Data/AuditClassification records as "changed" only or never, for rows written before it
        "decision_reason", "rejection_reason", "snapshot", "report", "data", "xml", "token_hash", "password_hash", "security_stamp",
        "concurrency_stamp", "claim_value", "provider_key",
    ];

    /// <summary>Table-specific: a 奖惩 row's title, issuer and document number are the disciplinary record itself.</summary>
    private static readonly Dictionary<string, HashSet<string>> WithheldIn = new(StringComparer.Ordinal)
    {
        ["member_rewards_penalties"] = ["kind", "title", "issuer", "doc_no"],
        ["appraisal_followups"] = ["title", "measure", "note", "result_note"],
        ["inspection_clue_transfers"] = ["title", "note"],
        // a finding's (or a clue's) wording is confidential by role; the audit administrator reads none of it
        ["inspection_findings"] = ["title", "basis", "expression", "recommendation"],
        ["inspection_finding_attachments"] = ["file_name"],
        ["inspection_expressions"] = ["example"],
        ["user_tokens"] = ["value"],
    };

    public const string WithheldText = "（内容不显示）";

    /// <summary>How the viewer reads <see cref="Data.AuditClassification.ChangedMarker"/>: the row proves the field was
    /// written or changed, and never held its content.</summary>
    public const string ChangedText = "已修改（内容不记录）";

    private static bool IsChangedMarker(JsonElement v) =>
        v.ValueKind == JsonValueKind.String && v.ValueEquals(Data.AuditClassification.ChangedMarker);

    /// <summary>The fields of a row: for a change, those that changed first; values masked or withheld.</summary>
    public static IReadOnlyList<Field> Compare(string? entity, string? before, string? after)
    {
        var b = Parse(before);
        var a = Parse(after);
        var names = b.Keys.Union(a.Keys).ToList();
        var fields = new List<Field>(names.Count);
        foreach (var name in names)
        {
            var hasB = b.TryGetValue(name, out var bv);
            var hasA = a.TryGetValue(name, out var av);
            var changed = hasB && hasA ? !JsonElement.DeepEquals(bv, av) : true;
            fields.Add(new Field(name, AuditNames.Field(name), hasB ? Value(entity, name, bv) : null, hasA ? Value(entity, name, av) : null, changed));
        }
        return fields;
    }

    /// <summary>The same comparison as one line of text (for the export): "字段：前 → 后；…", or the values of an event.</summary>
    public static string Summary(string? entity, string? before, string? after)
    {
        var fields = Compare(entity, before, after);
        var both = before is not null && after is not null;
        return string.Join("；", fields.Where(f => !both || f.Changed).Select(f =>
            both ? $"{f.Label}：{f.Before ?? "—"} → {f.After ?? "—"}" : $"{f.Label}：{f.After ?? f.Before ?? "—"}"));
    }

    /// <summary>The row's JSON with personal data masked and confidential text withheld (what the API returns).</summary>
    public static string? Sanitize(string? entity, string? json)
    {
        if (json is null) return null;
        var fields = Parse(json);
        if (fields.Count == 0) return json;
        var clean = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, v) in fields)
            clean[name] = Kind(entity, name) switch
            {
                _ when IsChangedMarker(v) => v,
                Show.Clear when v.ValueKind == JsonValueKind.String => AuditText.MaskNumbers(AuditText.StripControls(v.GetString())),
                Show.Clear => v,
                _ when v.ValueKind is JsonValueKind.Null => null,
                var k => Shown(k, v),
            };
        return JsonSerializer.Serialize(clean, Security.AuditEvents.Json);
    }

    private static Dictionary<string, JsonElement> Parse(string? json)
    {
        var d = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return d;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { d["value"] = doc.RootElement.Clone(); return d; }
            foreach (var p in doc.RootElement.EnumerateObject()) d[p.Name] = p.Value.Clone();
        }
        catch (JsonException) { }
        return d;
    }

    private static Show Kind(string? entity, string name) =>
        Masked.TryGetValue(name, out var m) ? m
        : Withheld.Contains(name) || (entity is not null && WithheldIn.TryGetValue(entity, out var set) && set.Contains(name)) ? Show.Withheld
        : Show.Clear;

    private static string? Value(string? entity, string name, JsonElement v)
    {
        if (v.ValueKind is JsonValueKind.Null) return null;
        if (IsChangedMarker(v)) return ChangedText;
        var kind = Kind(entity, name);
        return kind == Show.Clear ? Text(v) : Shown(kind, v) switch { string s => s, var o => string.Join("、", (IEnumerable<string>)o!) };
    }

    private static object Shown(Show kind, JsonElement v)
    {
        if (kind == Show.Withheld) return WithheldText;
        string Mask(string s) => kind switch
        {
            Show.IdNumber => Masking.IdNumber(s),
            Show.Phone => Masking.Phone(s),
            Show.UserName => AuditText.Name(s) ?? "",
            _ => Masking.Email(s),
        };
        return v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => Mask(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())).ToList()
            : Mask(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText());
    }

    private static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.Array => string.Join("、", v.EnumerateArray().Select(Text)),
        JsonValueKind.Object => string.Join("，", v.EnumerateObject().Select(p => $"{AuditNames.Field(p.Name)}：{Text(p.Value)}")),
        // rows written before AuditText cleaned every string may hold a full ID or mobile number (a search term)
        JsonValueKind.String => AuditNames.KnownValue(v.GetString()!) ?? Instant(AuditText.MaskNumbers(AuditText.StripControls(v.GetString()!))!),
        _ => v.GetRawText(),
    };

    /// <summary>Stored instants (UTC) read as China time; other strings as they are.</summary>
    private static string Instant(string s) =>
        s.Length >= 19 && s[10] == 'T' && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? ChineseDates.DateTime(t) : s;

    // ---- links to the object's page ----

    /// <summary>Table → the page of the object (or of the object it belongs to, through a field of the row) and the permission that page needs.</summary>
    private static readonly Dictionary<string, (string Page, Permission Permission, string? Via)> Pages = new(StringComparer.Ordinal)
    {
        ["members"] = ("/Members/Details/", Permission.MemberRead, null),
        ["member_posts"] = ("/Members/Details/", Permission.MemberRead, "member_id"),
        ["member_family_members"] = ("/Members/Details/", Permission.MemberRead, "member_id"),
        ["member_rewards_penalties"] = ("/Members/Details/", Permission.MemberRead, "member_id"),
        ["member_photos"] = ("/Members/Details/", Permission.MemberRead, "member_id"),
        ["member_corrections"] = ("/Members/Details/", Permission.MemberRead, "member_id"),
        ["member_appraisals"] = ("/Members/Details/", Permission.MemberRead, "member_id"),
        ["meetings"] = ("/Meetings/Details/", Permission.MeetingRead, null),
        ["meeting_attendance"] = ("/Meetings/Details/", Permission.MeetingRead, "meeting_id"),
        ["meeting_attachments"] = ("/Meetings/Details/", Permission.MeetingRead, "meeting_id"),
        ["meeting_versions"] = ("/Meetings/Details/", Permission.MeetingRead, "meeting_id"),
        ["meeting_leave_requests"] = ("/Meetings/Details/", Permission.MeetingRead, "meeting_id"),
        ["organizations"] = ("/Organizations/Details/", Permission.OrgRead, null),
        ["ledger_items"] = ("/Ledger/Details/", Permission.LedgerRead, null),
        ["ledger_transitions"] = ("/Ledger/Details/", Permission.LedgerRead, "item_id"),
        ["ledger_evidence"] = ("/Ledger/Details/", Permission.LedgerRead, "item_id"),
        ["inspection_rounds"] = ("/Inspections/Round/", Permission.InspectionRead, null),
        ["inspection_targets"] = ("/Inspections/Target/", Permission.InspectionRead, null),
        ["inspection_findings"] = ("/Inspections/Finding/", Permission.InspectionRead, null),
        ["inspection_finding_messages"] = ("/Inspections/Finding/", Permission.InspectionRead, "finding_id"),
        ["inspection_finding_versions"] = ("/Inspections/Finding/", Permission.InspectionRead, "finding_id"),
        ["inspection_finding_attachments"] = ("/Inspections/Finding/", Permission.InspectionRead, "finding_id"),
        ["member_transfers"] = ("/Transfers/Letter/", Permission.MemberManage, null),
        ["united_front_people"] = ("/UnitedFront/Details/", Permission.UnitedFrontRead, null),
        ["united_front_contacts"] = ("/UnitedFront/Details/", Permission.UnitedFrontRead, "person_id"),
    };

    /// <summary>What the row is about, in words ("会议出勤 9685"), and its page where the viewer's roles may open it.</summary>
    public static (string Text, string? Url) Object(string? entity, string? entityId, string? before, string? after, IReadOnlySet<Permission> viewer)
    {
        if (entity is null) return ("", null);
        var text = entity == "user_tokens" && entityId?.Split(',') is [var user, ..]
            ? $"账号 {user} 的身份验证器"
            : $"{AuditNames.Table(entity)} {entityId}".Trim();
        if (!Pages.TryGetValue(entity, out var page) || !viewer.Contains(page.Permission)) return (text, null);
        var id = entityId;
        if (page.Via is { } via)
        {
            var fields = Parse(after ?? before);
            id = fields.TryGetValue(via, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null;
        }
        return id is not null && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? (text, page.Page + id) : (text, null);
    }
}
