using System.Globalization;
using Bastion.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.Features.Terms;

/// <summary>The 换届提醒 list as an Excel workbook (.xlsx): one sheet, a bold header row, dates as text yyyy-MM-dd.</summary>
public static class ExportTermReminders
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string SheetName = "换届提醒";

    public static readonly string[] Headers = ["组织名称", "组织类型", "上级组织", "当前届次", "应换届日期", "是否经批准调整", "提醒阶段", "剩余天数（负数为逾期）"];
    private static readonly double[] Widths = [32, 12, 28, 10, 14, 14, 14, 22];

    public static string FileName(string orgName, DateOnly today) =>
        $"换届提醒-{orgName}-{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.xlsx";

    public static byte[] ToXlsx(IReadOnlyList<ListTermReminders.Row> rows)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });
            var sheetPart = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var columns = new Columns(Widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));
            sheetPart.Worksheet = new Worksheet(columns, data);
            book.Workbook.AppendChild(new Sheets(new Sheet { Id = book.GetIdOfPart(sheetPart), SheetId = 1, Name = SheetName }));

            uint r = 1;
            data.AppendChild(RowOf(r++, Headers.Select(h => Text(h, bold: true))));
            foreach (var x in rows)
            {
                data.AppendChild(RowOf(r++,
                [
                    Text(x.OrgName), Text(x.Type.ToString()), Text(x.ParentName ?? ""),
                    x.TermNumber is { } n ? Number(n) : Text(""),
                    Text(x.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
                    Text(x.Adjusted ? "是" : "否"),
                    Text(TermRules.Label(x.Stage)),
                    x.Days is { } d ? Number(d) : Text(""),
                ]));
            }
            book.Workbook.Save();
        }
        return ms.ToArray();
    }

    private static Row RowOf(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        var col = 0;
        foreach (var c in cells)
        {
            c.CellReference = ColumnName(col++) + index.ToString(CultureInfo.InvariantCulture);
            row.AppendChild(c);
        }
        return row;
    }

    private static Cell Text(string value, bool bold = false) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = bold ? 1u : null,
    };

    private static Cell Number(int value) => new()
    {
        DataType = CellValues.Number,
        CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)),
    };

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }
}
