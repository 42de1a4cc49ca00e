using System.Globalization;
using System.IO.Compression;
using System.Text;
using Bastion.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.Web;

/// <summary>
/// THE .xlsx writer of the platform: one sheet, a bold header row, then text/number cells (dates as text yyyy-MM-dd).
/// Rows are written as they are read, with <see cref="OpenXmlWriter"/> (SAX) into a zip entry of a forward-only
/// <see cref="ZipArchive"/> — never held as a DOM, and never buffered by System.IO.Packaging (whose update mode keeps
/// every part in memory until the package is closed) — so memory stays bounded whatever the row count.
/// Exports use <see cref="StreamAsync(string, IReadOnlyList{string}, IAsyncEnumerable{IReadOnlyList{object?}}, CancellationToken, IReadOnlyList{double}?)"/>:
/// the rows go into a temporary file (deleted on close) that is then sent as the response, so the row count is known
/// for the export's audit row before the first byte is sent.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const double DefaultWidth = 16;

    /// <summary>
    /// A small workbook in memory (templates, a one-page summary): the rows are already in memory. <paramref name="above"/>:
    /// lines written above the header row, one cell each (the first in bold: a form's title, then who issues it and when).
    /// </summary>
    public static byte[] Write(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<double>? widths = null, IReadOnlyList<string>? above = null)
    {
        using var ms = new MemoryStream();
        using (var book = new Book(ms, sheetName, headers, widths, above))
            foreach (var r in rows) book.Add(r);
        return ms.ToArray();
    }

    /// <summary>Streams the rows into <paramref name="output"/> (any writable stream) as they are enumerated; returns the number of data rows.</summary>
    public static async Task<int> WriteAsync(Stream output, string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct = default, IReadOnlyList<double>? widths = null)
    {
        using var book = new Book(output, sheetName, headers, widths);
        await foreach (var r in rows.WithCancellation(ct))
            book.Add(r);
        return book.Rows;
    }

    /// <summary>
    /// The export file: the rows streamed into a temporary file deleted on close, returned positioned at its start for
    /// the response (<c>File(stream, Xlsx.ContentType, name)</c> sends it and closes it).
    /// </summary>
    public static async Task<Stream> StreamAsync(string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct = default, IReadOnlyList<double>? widths = null)
    {
        var file = TempFile();
        try
        {
            await WriteAsync(file, sheetName, headers, rows, ct, widths);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// An export: each item of the query (enumerated as it is read, e.g. <c>query.AsAsyncEnumerable()</c>) becomes a row
    /// of a temporary file returned for the response, with the number of rows for the export's audit row.
    /// </summary>
    public static async Task<(Stream File, int Rows)> ExportAsync<T>(string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<T> items, Func<T, IReadOnlyList<object?>> row, CancellationToken ct = default)
    {
        var file = TempFile();
        try
        {
            int rows;
            using (var book = new Book(file, sheetName, headers, null))
            {
                await foreach (var item in items.WithCancellation(ct))
                    book.Add(row(item));
                rows = book.Rows;
            }
            file.Position = 0;
            return (file, rows);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary><see cref="StreamAsync(string, IReadOnlyList{string}, IAsyncEnumerable{IReadOnlyList{object?}}, CancellationToken, IReadOnlyList{double}?)"/> for rows computed in memory.</summary>
    public static Stream Stream(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, IReadOnlyList<double>? widths = null)
    {
        var file = TempFile();
        try
        {
            using (var book = new Book(file, sheetName, headers, widths))
                foreach (var r in rows) book.Add(r);
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static FileStream TempFile() =>
        new(Path.Combine(Path.GetTempPath(), $"bastion-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    /// <summary>One workbook being written: the package parts first, then the sheet's rows one by one, closed on dispose.</summary>
    private sealed class Book : IDisposable
    {
        private const string Xmlns = "http://www.w3.org/XML/1998/namespace";
        private static readonly OpenXmlAttribute[] Preserve = [new("xml", "space", Xmlns, "preserve")];
        private static readonly OpenXmlAttribute[] None = [];
        private static readonly OpenXmlAttribute InlineStr = new("t", "", "inlineStr"), Number = new("t", "", "n"), Bold = new("s", "", "1");

        // refilled for each row and cell (the writer reads them at once): r="5", r="C5" t="inlineStr" [s="1"]
        private readonly OpenXmlAttribute[] _rowAttributes = new OpenXmlAttribute[1];
        private readonly OpenXmlAttribute[] _cellReference = new OpenXmlAttribute[1];
        private readonly OpenXmlAttribute[] _typedCell = new OpenXmlAttribute[2];
        private readonly OpenXmlAttribute[] _headerCell = new OpenXmlAttribute[3];
        private readonly string[] _columns;
        private string _rowNumber = "1";
        // the header's row (1, or after the lines above it)
        private readonly int _first;
        private int _column;

        private readonly ZipArchive _zip;
        private readonly Stream _sheet;
        private readonly OpenXmlWriter _w;
        // written as start/end tags only: one instance each, no element object per cell
        private readonly Row _row = new();
        private readonly Cell _cell = new();
        private readonly InlineString _inline = new();
        private readonly Text _text = new();
        private readonly CellValue _value = new();

        public int Rows { get; private set; }

        public Book(Stream output, string sheetName, IReadOnlyList<string> headers, IReadOnlyList<double>? widths, IReadOnlyList<string>? above = null)
        {
            _first = 1 + (above?.Count ?? 0);
            _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
            Part("[Content_Types].xml", """
                <?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default Extension="xml" ContentType="application/xml" /><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" /><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml" /><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml" /></Types>
                """);
            Part("_rels/.rels", """
                <?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml" Id="rId1" /></Relationships>
                """);
            Part("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml" Id="rId1" /><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml" Id="rId2" /></Relationships>
                """);
            Element("xl/workbook.xml", new Workbook(new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = sheetName })));
            Element("xl/styles.xml", new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 }));

            _sheet = _zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            _w = OpenXmlWriter.Create(_sheet);
            _w.WriteStartDocument();
            _w.WriteStartElement(new Worksheet());
            _w.WriteElement(new Columns(headers.Select((_, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths?[i] ?? DefaultWidth, CustomWidth = true })));
            _w.WriteStartElement(new SheetData());
            _columns = [.. Enumerable.Range(0, Math.Max(headers.Count, 1)).Select(i => SheetLimits.ColumnName(i + 1))];
            for (var i = 0; i < (above?.Count ?? 0); i++)
            {
                _rowNumber = (i + 1).ToString(CultureInfo.InvariantCulture);
                StartRow();
                Text(above![i], i == 0 ? [Reference(), InlineStr, Bold] : Typed(InlineStr));
                _w.WriteEndElement();
            }
            _rowNumber = _first.ToString(CultureInfo.InvariantCulture);
            StartRow();
            foreach (var h in headers)
            {
                _headerCell[0] = Reference();
                _headerCell[1] = InlineStr;
                _headerCell[2] = Bold;
                Text(h, _headerCell);
            }
            _w.WriteEndElement();
        }

        private void StartRow()
        {
            _rowAttributes[0] = new OpenXmlAttribute("r", "", _rowNumber);
            _w.WriteStartElement(_row, _rowAttributes);
            _column = 0;
        }

        private OpenXmlAttribute Reference()
        {
            var letters = _column < _columns.Length ? _columns[_column] : SheetLimits.ColumnName(_column + 1);
            _column++;
            return new OpenXmlAttribute("r", "", letters + _rowNumber);
        }

        private OpenXmlAttribute[] Typed(OpenXmlAttribute type)
        {
            _typedCell[0] = Reference();
            _typedCell[1] = type;
            return _typedCell;
        }

        public void Add(IReadOnlyList<object?> cells)
        {
            _rowNumber = (Rows + _first + 1).ToString(CultureInfo.InvariantCulture);
            StartRow();
            foreach (var v in cells)
            {
                switch (v)
                {
                    case null:
                        _cellReference[0] = Reference();
                        _w.WriteStartElement(_cell, _cellReference);
                        _w.WriteEndElement();
                        break;
                    case int or long or decimal or double:
                        _w.WriteStartElement(_cell, Typed(Number));
                        _w.WriteStartElement(_value, None);
                        _w.WriteString(Convert.ToString(v, CultureInfo.InvariantCulture)!);
                        _w.WriteEndElement();
                        _w.WriteEndElement();
                        break;
                    case DateOnly d:
                        Text(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Typed(InlineStr));
                        break;
                    default:
                        Text(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "", Typed(InlineStr));
                        break;
                }
            }
            _w.WriteEndElement();
            Rows++;
        }

        private void Text(string s, OpenXmlAttribute[] attributes)
        {
            _w.WriteStartElement(_cell, attributes);
            _w.WriteStartElement(_inline, None);
            // leading or trailing spaces are kept only when marked so
            _w.WriteStartElement(_text, s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) ? Preserve : None);
            _w.WriteString(s);
            _w.WriteEndElement();
            _w.WriteEndElement();
            _w.WriteEndElement();
        }

        private void Part(string name, string xml)
        {
            using var s = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
            s.Write(Encoding.UTF8.GetBytes(xml));
        }

        private void Element(string name, OpenXmlElement element)
        {
            using var s = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
            using var x = OpenXmlWriter.Create(s);
            x.WriteStartDocument();
            x.WriteElement(element);
        }

        public void Dispose()
        {
            try
            {
                _w.WriteEndElement(); // sheetData
                _w.WriteEndElement(); // worksheet
                _w.Close();
            }
            finally
            {
                _sheet.Dispose();
                _zip.Dispose();
            }
        }
    }
}
