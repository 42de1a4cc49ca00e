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

    private static int Index(List<string> strings, string s)
    {
        var i = strings.IndexOf(s);
        if (i >= 0) return i;
        strings.Add(s);
        return strings.Count - 1;
    }
}
