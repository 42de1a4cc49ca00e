using System.Globalization;
using Bastion.Domain;
using Bastion.Web;

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

    /// <summary>The workbook, written by the one writer (<see cref="Xlsx"/>) into a temporary file for the response.</summary>
    public static Stream ToXlsx(IReadOnlyList<ListTermReminders.Row> rows) => Xlsx.Stream(SheetName, Headers, rows.Select(x => (IReadOnlyList<object?>)
    [
        x.OrgName, x.Type.ToString(), x.ParentName ?? "", x.TermNumber is { } n ? (object)n : "",
        x.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", x.Adjusted ? "是" : "否", TermRules.Label(x.Stage), x.Days is { } d ? (object)d : "",
    ]), Widths);

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }
}
