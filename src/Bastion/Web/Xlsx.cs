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
