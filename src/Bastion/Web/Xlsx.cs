using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.Web;

/// <summary>Writes a simple one-sheet .xlsx (a bold header row, then text/number cells) for list exports.</summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Write(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            ws.Worksheet = new Worksheet(
                new Columns(headers.Select((_, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = 16, CustomWidth = true })),
                data);
            data.Append(new Row(headers.Select(h => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(h)), StyleIndex = 1 })));
            foreach (var r in rows)
                data.Append(new Row(r.Select(Cell)));
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = sheetName }));
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    /// <summary>
    /// Streams a one-sheet .xlsx (the same layout as <see cref="Write"/>) with OpenXmlWriter: rows are written as they
    /// are read, never held as a DOM. The package is built in a temporary file deleted on close (the zip container needs a
    /// seekable stream), which is returned positioned at its start for the response.
    /// </summary>
    public static async Task<Stream> StreamAsync(string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct = default)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"bastion-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using (var doc = SpreadsheetDocument.Create(file, SpreadsheetDocumentType.Workbook, autoSave: true))
            {
                var wb = doc.AddWorkbookPart();
                wb.Workbook = new Workbook();
                var styles = wb.AddNewPart<WorkbookStylesPart>();
                styles.Stylesheet = new Stylesheet(
                    new Fonts(new Font(), new Font(new Bold())),
                    new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                    new Borders(new Border()),
                    new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
                var ws = wb.AddNewPart<WorksheetPart>();
                using (var w = OpenXmlWriter.Create(ws))
                {
                    w.WriteStartElement(new Worksheet());
                    w.WriteElement(new Columns(headers.Select((_, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = 16, CustomWidth = true })));
                    w.WriteStartElement(new SheetData());
                    w.WriteElement(new Row(headers.Select(h => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(h)), StyleIndex = 1 })));
                    await foreach (var r in rows.WithCancellation(ct))
                        w.WriteElement(new Row(r.Select(Cell)));
                    w.WriteEndElement();
                    w.WriteEndElement();
                }
                wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = sheetName }));
                wb.Workbook.Save();
            }
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static Cell Cell(object? v) => v switch
    {
        null => new Cell(),
        int or long or decimal or double => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!) },
        DateOnly d => Text(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        _ => Text(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };

    private static Cell Text(string s) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(s) { Space = SpaceProcessingModeValues.Preserve }),
    };
}
