using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>Writes real .xlsx rosters for import tests: text, numbers, date-formatted cells and merged ranges.</summary>
public static class RosterFileBuilder
{
    /// <summary>A cell formatted as a date (Excel stores the serial number).</summary>
    public sealed record ExcelDate(DateTime Value);

    public static byte[] Build(IEnumerable<object?[]> rows, params string[] mergedRanges)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var shared = wb.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var strings = new List<string>();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint r = 0;
            foreach (var row in rows)
            {
                r++;
                var x = new Row { RowIndex = r };
                for (var c = 0; c < row.Length; c++)
                {
                    var reference = Bastion.Features.Members.Import.RosterReader.ColumnName(c) + r;
                    var cell = row[c] switch
                    {
                        null => null,
                        string s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Index(strings, s).ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                        ExcelDate d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.Value.ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                        var n => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(n, System.Globalization.CultureInfo.InvariantCulture)!) },
                    };
                    if (cell is not null) x.Append(cell);
                }
                data.Append(x);
            }
            ws.Worksheet = new Worksheet(data);
            if (mergedRanges.Length > 0)
                ws.Worksheet.InsertAfter(new MergeCells(mergedRanges.Select(m => new MergeCell { Reference = m })), data);
            foreach (var s in strings) shared.SharedStringTable.Append(new SharedStringItem(new Text(s)));
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "党员花名册" }));
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    /// <summary>
    /// A minimal .xlsx whose worksheet XML is streamed into the zip as <paramref name="writeRows"/> writes it (rows as
    /// raw XML, see <see cref="InlineRow"/>), so crafted sheets of any shape are made without holding them in memory.
    /// </summary>
    public static byte[] Raw(Action<TextWriter> writeRows, string? dimension = null, System.IO.Compression.CompressionLevel level = System.IO.Compression.CompressionLevel.Optimal,
        Action<TextWriter>? sharedStrings = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new System.Text.UTF8Encoding(false));
                w.Write(xml);
            }
            Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="党员花名册" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            if (sharedStrings is not null)
            {
                using var sw = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml").Open(), new System.Text.UTF8Encoding(false), 1 << 16);
                sw.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
                sharedStrings(sw);
                sw.Write("</sst>");
            }
            var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", level);
            using var w = new StreamWriter(sheet.Open(), new System.Text.UTF8Encoding(false), 1 << 16);
            w.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
            if (dimension is not null) w.Write($"""<dimension ref="{dimension}"/>""");
            w.Write("<sheetData>");
            writeRows(w);
            w.Write("</sheetData></worksheet>");
        }
        return ms.ToArray();
    }

    /// <summary>One row of inline-string cells from column A (null cells left out).</summary>
    public static string InlineRow(int row, IEnumerable<string?> cells) =>
        $"""<row r="{row}">""" + string.Concat(cells.Select((v, i) => v is null ? "" :
            $"""<c r="{Bastion.Domain.SheetLimits.ColumnName(i + 1)}{row}" t="inlineStr"><is><t>{System.Security.SecurityElement.Escape(v)}</t></is></c>""")) + "</row>";

    /// <summary>Renames one part of an .xlsx and every reference to it (relationships, content types), as a crafted file hides a sheet.</summary>
    public static byte[] RenamePart(byte[] xlsx, string from, string to)
    {
        using var input = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx), System.IO.Compression.ZipArchiveMode.Read);
        using var ms = new MemoryStream();
        using (var output = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in input.Entries)
            {
                using var src = e.Open();
                using var dst = output.CreateEntry(e.FullName == from ? to : e.FullName).Open();
                if (e.FullName.EndsWith(".rels", StringComparison.Ordinal) || e.FullName == "[Content_Types].xml")
                {
                    var text = new StreamReader(src).ReadToEnd().Replace(Path.GetFileName(from), Path.GetFileName(to), StringComparison.Ordinal);
                    using var w = new StreamWriter(dst, new System.Text.UTF8Encoding(false));
                    w.Write(text);
                }
                else src.CopyTo(dst);
            }
        return ms.ToArray();
    }

    /// <summary>
    /// Rewrites the uncompressed size a zip declares for one entry (local header and central directory), as a zip bomb
    /// does to pass a check of declared sizes.
    /// </summary>
    public static byte[] DeclareSize(byte[] zip, string entry, uint size)
    {
        var copy = (byte[])zip.Clone();
        var name = System.Text.Encoding.UTF8.GetBytes(entry);
        var found = 0;
        for (var i = 0; i + 46 < copy.Length; i++)
        {
            var sig = BitConverter.ToUInt32(copy, i);
            if (sig == 0x04034b50 && BitConverter.ToUInt16(copy, i + 26) == name.Length && copy.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BitConverter.GetBytes(size).CopyTo(copy, i + 22);
                found++;
            }
            else if (sig == 0x02014b50 && BitConverter.ToUInt16(copy, i + 28) == name.Length && copy.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.GetBytes(size).CopyTo(copy, i + 24);
                found++;
            }
        }
        if (found != 2) throw new InvalidOperationException($"{entry}: {found} headers found");
        return copy;
    }

    private static int Index(List<string> strings, string s)
    {
        var i = strings.IndexOf(s);
        if (i >= 0) return i;
        strings.Add(s);
        return strings.Count - 1;
    }
}
