using System.Net;
using System.Text;

namespace Bastion.Features.Meetings;

/// <summary>
/// A small whitelist sanitizer for meeting minutes (rich text). Only a few formatting tags survive, always
/// without attributes; script, style, iframe and similar elements are dropped with their content; every other
/// tag is dropped while its text is kept. Text is decoded and re-encoded, so the only '&lt;' in the output are
/// the tags written here, and every kept element is closed.
/// </summary>
public static class MinutesSanitizer
{
    public const int MaxLength = 200_000;

    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote", "table", "thead", "tbody", "tr", "td", "th",
    };

    /// <summary>Elements whose content is dropped too (it is code or a foreign document, not text).</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "script", "style", "iframe", "object", "embed", "noscript", "noembed", "noframes", "template", "textarea", "title", "xmp", "svg", "math", "frameset", "applet",
    };

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal) { "br" };

    /// <summary>The sanitised HTML, or null when nothing but whitespace is left.</summary>
    public static string? Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return null;
        var s = html.Replace("\0", "", StringComparison.Ordinal);
        var sb = new StringBuilder(s.Length);
        var open = new List<string>();
        var text = new StringBuilder();
        var i = 0;

        void FlushText()
        {
            if (text.Length == 0) return;
            sb.Append(WebUtility.HtmlEncode(WebUtility.HtmlDecode(text.ToString())));
            text.Clear();
        }

        while (i < s.Length)
        {
            var c = s[i];
            if (c != '<') { text.Append(c); i++; continue; }

            // a comment, doctype or processing instruction: dropped up to its end
            if (i + 1 < s.Length && (s[i + 1] == '!' || s[i + 1] == '?'))
            {
                FlushText();
                var end = string.CompareOrdinal(s, i, "<!--", 0, 4) == 0 ? IndexOf(s, "-->", i + 4, 3) : IndexOf(s, ">", i + 2, 1);
                i = end;
                continue;
            }

            var closing = i + 1 < s.Length && s[i + 1] == '/';
            var nameStart = i + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < s.Length && char.IsAsciiLetterOrDigit(s[nameEnd])) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(s[nameStart]))
            {
                // not a tag ("a < b", "</ >"): a literal '<'
                text.Append('<');
                i++;
                continue;
            }
            var name = s[nameStart..nameEnd].ToLowerInvariant();
            var tagEnd = TagEnd(s, nameEnd);
            FlushText();
            if (tagEnd < 0) break; // an unterminated tag at the end: dropped with the rest
            i = tagEnd + 1;

            if (!closing && Dropped.Contains(name))
            {
                // skip to the matching close tag; without one, everything after it is dropped
                var close = s.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                if (close < 0) { i = s.Length; break; }
                var closeEnd = TagEnd(s, close + 2 + name.Length);
                i = closeEnd < 0 ? s.Length : closeEnd + 1;
                continue;
            }
            if (!Allowed.Contains(name)) continue;

            if (closing)
            {
                var at = open.LastIndexOf(name);
                if (at < 0) continue; // a close tag without its open tag
                for (var k = open.Count - 1; k >= at; k--) sb.Append("</").Append(open[k]).Append('>');
                open.RemoveRange(at, open.Count - at);
            }
            else
            {
                sb.Append('<').Append(name).Append('>');
                if (!Void.Contains(name)) open.Add(name);
            }
        }
        FlushText();
        for (var k = open.Count - 1; k >= 0; k--) sb.Append("</").Append(open[k]).Append('>');
        var result = sb.ToString();
        return string.IsNullOrWhiteSpace(result) ? null : result;
    }

    /// <summary>The text of sanitised minutes without tags (for lists and exports).</summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrEmpty(html)) return "";
        var sb = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<') { inTag = true; sb.Append(' '); }
            else if (c == '>') inTag = false;
            else if (!inTag) sb.Append(c);
        }
        return string.Join(' ', WebUtility.HtmlDecode(sb.ToString()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The index of the '&gt;' ending a tag whose attributes start at <paramref name="from"/>, skipping quoted values; -1 when none.</summary>
    private static int TagEnd(string s, int from)
    {
        char? quote = null;
        for (var j = from; j < s.Length; j++)
        {
            var c = s[j];
            if (quote is { } q) { if (c == q) quote = null; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return j;
        }
        return -1;
    }

    private static int IndexOf(string s, string token, int from, int length)
    {
        var at = s.IndexOf(token, from, StringComparison.Ordinal);
        return at < 0 ? s.Length : at + length;
    }
}
