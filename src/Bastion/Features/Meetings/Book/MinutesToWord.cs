using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Bastion.Web;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.Features.Meetings.Book;

/// <summary>
/// Turns sanitized minutes (<see cref="MinutesSanitizer"/>: only p, br, strong/b, em/i, u, ul/ol/li, h3/h4, blockquote
/// and simple tables, never with attributes) into Word paragraphs: headings bold and larger, list items numbered
/// "1." or bulleted "•" and indented by depth, quotes indented, tables as bordered tables, bold/italic/underline kept.
/// </summary>
public static partial class MinutesToWord
{
    [GeneratedRegex("<(/?)([a-z0-9]+)>")]
    private static partial Regex Tag();

    private sealed class ListLevel(bool ordered) { public bool Ordered { get; } = ordered; public int Count { get; set; } }

    public static void Append(WordDocument doc, string? minutesHtml, int size, string headingFont)
    {
        // sanitized again: what is stored passed the sanitizer, but the converter relies on its guarantees
        var html = MinutesSanitizer.Sanitize(minutesHtml);
        if (html is null) return;

        var runs = new List<OpenXmlElement>();
        int bold = 0, italic = 0, underline = 0, heading = 0, quote = 0;
        var lists = new List<ListLevel>();
        string? prefix = null;
        List<List<string>>? table = null;
        List<string>? row = null;
        StringBuilder? cell = null;

        void Flush()
        {
            if (runs.Count == 0 && prefix is null) return;
            if (table is not null) { runs.Clear(); return; }
            var p = WordDocument.P(heading > 0 ? JustificationValues.Left : JustificationValues.Both,
                prefix is null ? runs : [WordDocument.R(prefix, size), .. runs],
                before: heading > 0 ? 120 : 0, after: heading > 0 ? 60 : 0,
                indent: heading == 0 && prefix is null && quote == 0, keepNext: heading > 0,
                leftChars: lists.Count * 200 + quote * 200);
            doc.Add(p);
            runs.Clear();
            prefix = null;
        }

        void Text(string encoded)
        {
            var text = WebUtility.HtmlDecode(encoded);
            if (cell is not null) { cell.Append(text); return; }
            if (table is not null || text.Length == 0) return;
            if (runs.Count == 0 && prefix is null && string.IsNullOrWhiteSpace(text)) return;
            runs.Add(WordDocument.R(text, heading > 0 ? size + 4 : size, bold: bold > 0 || heading > 0, font: heading > 0 ? headingFont : null,
                underline: underline > 0, italic: italic > 0));
        }

        var at = 0;
        foreach (Match m in Tag().Matches(html))
        {
            if (m.Index > at) Text(html[at..m.Index]);
            at = m.Index + m.Length;
            var closing = m.Groups[1].Value == "/";
            switch (m.Groups[2].Value)
            {
                case "strong" or "b": bold += closing ? -1 : 1; break;
                case "em" or "i": italic += closing ? -1 : 1; break;
                case "u": underline += closing ? -1 : 1; break;
                case "br":
                    if (cell is not null) cell.Append('\n');
                    else if (table is null) runs.Add(new Run(new Break()));
                    break;
                case "p": Flush(); break;
                case "h3" or "h4": Flush(); heading = closing ? 0 : 1; break;
                case "blockquote": Flush(); quote = Math.Max(0, quote + (closing ? -1 : 1)); break;
                case "ul" or "ol":
                    Flush();
                    if (closing) { if (lists.Count > 0) lists.RemoveAt(lists.Count - 1); }
                    else lists.Add(new ListLevel(m.Groups[2].Value == "ol"));
                    break;
                case "li":
                    Flush();
                    if (!closing && lists.Count > 0)
                    {
                        var level = lists[^1];
                        level.Count++;
                        prefix = level.Ordered ? $"{level.Count}. " : "• ";
                    }
                    break;
                case "table":
                    Flush();
                    if (!closing) table = [];
                    else if (table is not null)
                    {
                        WriteTable(doc, table, size);
                        table = null;
                    }
                    break;
                case "tr":
                    if (table is null) break;
                    if (!closing) row = [];
                    else if (row is not null) { table.Add(row); row = null; }
                    break;
                case "td" or "th":
                    if (row is null) break;
                    if (!closing) cell = new StringBuilder();
                    else if (cell is not null) { row.Add(cell.ToString().Trim()); cell = null; }
                    break;
            }
        }
        if (at < html.Length) Text(html[at..]);
        Flush();
        if (table is { Count: > 0 }) WriteTable(doc, table, size);
    }

    private static void WriteTable(WordDocument doc, List<List<string>> rows, int size)
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        if (columns == 0) return;
        var width = doc.WidthDxa / columns;
        doc.Table(null, Enumerable.Repeat(width, columns).ToList(), rows, size - 2);
        doc.Add(WordDocument.P(JustificationValues.Left, [WordDocument.R("", size)]));
    }
}
