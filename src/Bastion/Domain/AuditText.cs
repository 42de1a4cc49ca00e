using System.Text;
using System.Text.RegularExpressions;

namespace Bastion.Domain;

/// <summary>
/// Text written into the audit log: names without control characters (a CR/LF in a sign-in name would forge a second
/// line in an export; a bidi override would make a name read backwards), and free text without full ID numbers or
/// mobile numbers (a search term or a file name may hold one).
/// </summary>
public static partial class AuditText
{
    /// <summary>The longest actor name the audit log keeps (audit_log.actor_name is varchar(100)).</summary>
    public const int NameMaxLength = 100;

    /// <summary>
    /// Removes C0 and C1 control characters (CR, LF, TAB, ESC, DEL, NEL …), the Unicode line and paragraph separators and
    /// the bidirectional formatting characters (LRM, RLM, ALM, LRE…RLO, LRI…PDI); every visible character is kept.
    /// </summary>
    public static string? StripControls(string? value)
    {
        if (value is null) return null;
        var i = 0;
        while (i < value.Length && !IsStripped(value[i])) i++;
        if (i == value.Length) return value;
        var sb = new StringBuilder(value.Length);
        sb.Append(value, 0, i);
        for (; i < value.Length; i++)
            if (!IsStripped(value[i])) sb.Append(value[i]);
        return sb.ToString();
    }

    public static bool IsStripped(char c) =>
        char.IsControl(c)                         // U+0000–U+001F, U+007F–U+009F
        || c is '\u2028' or '\u2029'              // line and paragraph separators
        || c is '\u061C' or '\u200E' or '\u200F'  // ALM, LRM, RLM
        || c is >= '\u202A' and <= '\u202E'       // LRE, RLE, PDF, LRO, RLO
        || c is >= '\u2066' and <= '\u2069';      // LRI, RLI, FSI, PDI

    /// <summary>
    /// Masks every full ID number (18 characters, or the old 15 digits) and every mainland mobile number (optionally
    /// with +86) found in free text, as the lists show them (110105********123X, 138****5678). A run of letters and
    /// digits is left alone (a hash or a token is not a phone number).
    /// </summary>
    public static string? MaskNumbers(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Any(char.IsAsciiDigit)) return value;
        return PersonalNumber().Replace(value, m => m.Groups["id"].Success
            ? Masking.IdNumber(m.Value)
            : m.Groups["prefix"].Value + Masking.Phone(m.Groups["mobile"].Value));
    }

    /// <summary>A name as the audit log keeps it: no control characters, no full ID or mobile number, at most <see cref="NameMaxLength"/> characters.</summary>
    public static string? Name(string? value)
    {
        var v = MaskNumbers(StripControls(value));
        return v is { Length: > NameMaxLength } ? v[..NameMaxLength] : v;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:(?<id>\d{17}[0-9Xx]|\d{15})|(?<prefix>\+?86[- ]?)?(?<mobile>1[3-9]\d{9}))(?![0-9A-Za-z])")]
    private static partial Regex PersonalNumber();
}
