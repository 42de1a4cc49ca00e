using System.Globalization;

namespace Bastion.Domain;

/// <summary>
/// How large a spreadsheet an import accepts, checked before any row is read (and again while the file is streamed,
/// since the sizes a file declares can lie), and how many problems an answer lists. Pure: cell references, ranges,
/// the Chinese refusals.
/// <list type="bullet">
/// <item>100,000 data rows: the largest 党委 rosters run to 20,000–30,000 members and a group 党委 of a large
/// enterprise to more; the platform has been measured importing 100,000 rows in one go (bench/README.md). Beyond that a
/// roster is imported per 党委 (an import is per organization anyway).</item>
/// <item>200 columns: the national system's 花名册 export has about 40 columns, the template 22; 200 leaves room for
/// an office's own additions while refusing sheets with a stray cell far to the right (a cell in column XFD made every
/// row 16,384 cells wide).</item>
/// <item>200 MB uncompressed: a 100,000-row roster with 40 filled columns is about 130–160 MB of sheet XML (the sheet is
/// streamed, never held); the shared strings, which the reader holds in memory, at most 64 MB (a 100,000-row roster's
/// names, ID numbers and units are 10–20 MB).</item>
/// <item>1 MB between two XML delimiters: one cell holds at most 32,767 characters (about 260 KB as escaped UTF-8).</item>
/// </list>
/// </summary>
public static class SheetLimits
{
    public const int MaxRows = 100_000;
    /// <summary>Title and header rows above the data: the header is looked for among the first rows.</summary>
    public const int HeaderRows = 15;
    public const int MaxColumns = 200;
    public const long MaxUncompressedBytes = 200L * 1024 * 1024;
    public const long MaxSharedStringsBytes = 64L * 1024 * 1024;

    /// <summary>Distinct texts in the workbook's shared strings: a 100,000-row roster holds up to ~10 per row.</summary>
    public const int MaxSharedStrings = 1_000_000;
    public const int MaxSegmentBytes = 1024 * 1024;
    public const int MaxZipEntries = 1000;
    /// <summary>An answer lists the first problems and counts the rest.</summary>
    public const int MaxErrorsListed = 1000;

    /// <summary>Rows a sheet may have in all (data rows plus the title and header rows above them).</summary>
    public static int MaxSheetRows(int maxDataRows) => maxDataRows + HeaderRows;

    /// <summary>The 1-based index of a column name (A = 1, Z = 26, AA = 27, XFD = 16,384); null if it is not one.</summary>
    public static int? ColumnNumber(ReadOnlySpan<char> letters)
    {
        if (letters.IsEmpty || letters.Length > 3) return null;
        var n = 0;
        foreach (var c in letters)
        {
            var u = char.ToUpperInvariant(c);
            if (u is < 'A' or > 'Z') return null;
            n = n * 26 + (u - 'A' + 1);
        }
        return n;
    }

    /// <summary>A cell reference such as <c>XFD10000</c> (or <c>$B$2</c>) as its 1-based row and column; null if malformed.</summary>
    public static (int Row, int Column)? Cell(ReadOnlySpan<char> reference)
    {
        reference = reference.Trim();
        var i = 0;
        if (i < reference.Length && reference[i] == '$') i++;
        var start = i;
        while (i < reference.Length && char.IsAsciiLetter(reference[i])) i++;
        var column = ColumnNumber(reference[start..i]);
        if (i < reference.Length && reference[i] == '$') i++;
        if (column is null || i == reference.Length) return null;
        return int.TryParse(reference[i..], NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0 ? (row, column.Value) : null;
    }

    /// <summary>The last row and column of a range such as <c>A1:XFD10000</c> or a single cell <c>B2</c>; null if malformed.</summary>
    public static (int Rows, int Columns)? Extent(ReadOnlySpan<char> range)
    {
        var colon = range.IndexOf(':');
        if (colon < 0) return Cell(range) is { } one ? (one.Row, one.Column) : null;
        if (Cell(range[..colon]) is not { } from || Cell(range[(colon + 1)..]) is not { } to) return null;
        return (Math.Max(from.Row, to.Row), Math.Max(from.Column, to.Column));
    }

    /// <summary>The refusal for a sheet that reaches past the limits, or null when it fits.</summary>
    public static string? Check(int rows, int columns, int maxDataRows)
    {
        if (columns > MaxColumns)
            return $"文件的工作表用到了第{N(columns)}列（{ColumnName(columns)}列），超过{MaxColumns}列的上限：请删除表格右侧多余的列（或只把花名册各列复制到新的工作表）后重新导入";
        if (rows > MaxSheetRows(maxDataRows))
            return $"文件超过{N(maxDataRows)}行（工作表有{N(rows)}行），请分批导入（例如按党支部拆分成几个文件）";
        return null;
    }

    public static string TooLarge(long maxBytes) =>
        $"文件解压后超过{maxBytes / 1024 / 1024} MB，超出导入上限：请分批导入，或删除表格中的图片和多余的工作表";

    public static string TooManyStrings() =>
        $"文件中的文字内容超过导入上限（解压后{MaxSharedStringsBytes / 1024 / 1024} MB或{MaxSharedStrings / 10_000}万个不同的文字）：请分批导入";

    public static string SegmentTooLong() => "文件中有超长的内容（单个单元格超过Excel允许的长度），无法导入：请检查文件是否损坏";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The name of a 1-based column number (1 = A, 16,384 = XFD).</summary>
    public static string ColumnName(int number)
    {
        var s = "";
        for (var i = number; i > 0; i = (i - 1) / 26) s = (char)('A' + (i - 1) % 26) + s;
        return s;
    }

    /// <summary>The first <see cref="MaxErrorsListed"/> of an answer's problems (the caller reports the total).</summary>
    public static IReadOnlyList<T> Listed<T>(IReadOnlyList<T> all) => all.Count <= MaxErrorsListed ? all : all.Take(MaxErrorsListed).ToList();

    /// <summary>The line under a truncated list of problems, or null when every problem is listed.</summary>
    public static string? NotListed(int listed, int total) => total > listed ? $"另有 {N(total - listed)} 条错误未列出（共 {N(total)} 条）。请先修改已列出的问题，重新上传后再看其余的。" : null;
}
