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

        var writer = new Writer(doc, size, headingFont);
        var at = 0;
        foreach (Match m in Tag().Matches(html))
        {
            if (m.Index > at) writer.Text(html[at..m.Index]);
            at = m.Index + m.Length;
            writer.Tag(m.Groups[2].Value, closing: m.Groups[1].Value == "/");
        }
        if (at < html.Length) writer.Text(html[at..]);
        writer.End();
    }

    /// <summary>The paragraphs, lists and tables of the minutes as the tags open and close: text gathers in runs until a block ends.</summary>
    private sealed class Writer(WordDocument doc, int size, string headingFont)
    {
        private readonly List<OpenXmlElement> _runs = [];
        private readonly List<ListLevel> _lists = [];
        private int _bold, _italic, _underline, _heading, _quote;
        private string? _prefix;
        private List<List<string>>? _table;
        private List<string>? _row;
        private StringBuilder? _cell;

        public void Text(string encoded)
        {
            var text = WebUtility.HtmlDecode(encoded);
            if (_cell is not null) { _cell.Append(text); return; }
            if (_table is not null || text.Length == 0) return;
            if (_runs.Count == 0 && _prefix is null && string.IsNullOrWhiteSpace(text)) return;
            _runs.Add(WordDocument.R(text, _heading > 0 ? size + 4 : size, bold: _bold > 0 || _heading > 0, font: _heading > 0 ? headingFont : null,
                underline: _underline > 0, italic: _italic > 0));
        }

        public void Tag(string name, bool closing)
        {
            switch (name)
            {
                case "strong" or "b": _bold += closing ? -1 : 1; break;
                case "em" or "i": _italic += closing ? -1 : 1; break;
                case "u": _underline += closing ? -1 : 1; break;
                case "br":
                    if (_cell is not null) _cell.Append('\n');
                    else if (_table is null) _runs.Add(new Run(new Break()));
                    break;
                case "p": Flush(); break;
                case "h3" or "h4": Flush(); _heading = closing ? 0 : 1; break;
                case "blockquote": Flush(); _quote = Math.Max(0, _quote + (closing ? -1 : 1)); break;
                case "ul" or "ol": List(name == "ol", closing); break;
                case "li": Item(closing); break;
                case "table" or "tr" or "td" or "th": TablePart(name, closing); break;
            }
        }

        /// <summary>What is left open when the minutes end.</summary>
        public void End()
        {
            Flush();
            if (_table is { Count: > 0 }) WriteTable(doc, _table, size);
        }

        private void List(bool ordered, bool closing)
        {
            Flush();
            if (closing) { if (_lists.Count > 0) _lists.RemoveAt(_lists.Count - 1); }
            else _lists.Add(new ListLevel(ordered));
        }

        private void Item(bool closing)
        {
            Flush();
            if (closing || _lists.Count == 0) return;
            var level = _lists[^1];
            level.Count++;
            _prefix = level.Ordered ? $"{level.Count}. " : "• ";
        }

        private void TablePart(string name, bool closing)
        {
            switch (name)
            {
                case "table":
                    Flush();
                    if (!closing) _table = [];
                    else if (_table is not null)
                    {
                        WriteTable(doc, _table, size);
                        _table = null;
                    }
                    break;
                case "tr":
                    if (_table is null) break;
                    if (!closing) _row = [];
                    else if (_row is not null) { _table.Add(_row); _row = null; }
                    break;
                default:
                    if (_row is null) break;
                    if (!closing) _cell = new StringBuilder();
                    else if (_cell is not null) { _row.Add(_cell.ToString().Trim()); _cell = null; }
                    break;
            }
        }

        private void Flush()
        {
            if (_runs.Count == 0 && _prefix is null) return;
            if (_table is not null) { _runs.Clear(); return; }
            var p = WordDocument.P(_heading > 0 ? JustificationValues.Left : JustificationValues.Both,
                _prefix is null ? _runs : [WordDocument.R(_prefix, size), .. _runs],
                before: _heading > 0 ? 120 : 0, after: _heading > 0 ? 60 : 0,
                indent: _heading == 0 && _prefix is null && _quote == 0, keepNext: _heading > 0,
                leftChars: _lists.Count * 200 + _quote * 200);
            doc.Add(p);
            _runs.Clear();
            _prefix = null;
        }
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
