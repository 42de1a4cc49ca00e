using Bastion.Domain;
using ExcelDataReader;

namespace Bastion.Features.Members.Import;

public sealed record ImportError(int Row, string Column, string Message);

/// <summary>One data row of a roster: its spreadsheet row number and the values of the recognised columns.</summary>
public sealed record RosterRow(int Row, object?[] Values);

public sealed record RosterFile(IReadOnlyList<string> Keys, IReadOnlyList<RosterRow> Rows, IReadOnlyList<ImportError> FileErrors)
{
    private readonly Dictionary<string, int> _index = Keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);

    public object? Get(RosterRow row, string key) => _index.TryGetValue(key, out var i) ? row.Values[i] : null;

    public int IndexOf(string key) => _index.TryGetValue(key, out var i) ? i : -1;
}

/// <summary>
/// Reads the first sheet of an .xlsx or .xls roster: finds the header row, maps the columns, checks the file itself.
/// Other imports (a year's meetings) read their sheets with the same reader and their own columns.
/// </summary>
public static class RosterReader
{
    public const long MaxBytes = 10 * 1024 * 1024;

    static RosterReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static RosterFile Read(Stream input, IProgress<int>? progress = null) =>
        Read(input, Roster.Columns, "没有找到表头行：请使用全国党员管理信息系统导出的党员花名册格式（须含 姓名、公民身份号码、人员类别、入党日期 等列）", progress);

    /// <summary>
    /// The refusal for a file that is not Excel or is beyond <see cref="SheetLimits"/> (too large compressed or
    /// uncompressed, too many rows or columns, a part inflating past what it declares), or null when it may be read.
    /// Cheap: nothing is kept, so the import page answers with it at once, before a job is made.
    /// </summary>
    public static string? Check(Stream input, int maxRows = SheetLimits.MaxRows)
    {
        var head = new byte[8];
        input.Position = 0;
        var n = input.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        input.Position = 0;
        var zip = Web.OfficeFiles.IsZip(head.AsSpan(0, n));
        var ole = Web.OfficeFiles.IsOle(head.AsSpan(0, n));
        if (!zip && !ole) return "文件不是Excel文件（应为 .xlsx 或 .xls）";
        if (input.Length > MaxBytes) return $"文件过大（{input.Length / 1024 / 1024} MB），单个文件不超过 {MaxBytes / 1024 / 1024} MB，请分批导入";
        // .xls (BIFF8) is not compressed and holds at most 65,536 rows × 256 columns: its size is the file's; its rows
        // and columns are checked from the sheet's DIMENSIONS record when the reader opens it, and counted while read
        return zip ? XlsxGuard.Check(Bytes(input), maxRows) : null;
    }

    /// <summary>
    /// Reads a sheet with the given columns; <paramref name="noHeader"/> is the message when no header row is found.
    /// Rows are streamed: only the first rows (to find the header) are kept whole, then only the known columns of each
    /// row; a file beyond <see cref="SheetLimits"/> (<paramref name="maxRows"/> data rows) is refused before it is read.
    /// </summary>
    public static RosterFile Read(Stream input, IReadOnlyList<Roster.Column> columns, string noHeader, IProgress<int>? progress = null, int maxRows = SheetLimits.MaxRows)
    {
        if (Check(input, maxRows) is { } refusal) return Fail(refusal);
        input.Position = 0;

        var maxSheetRows = SheetLimits.MaxSheetRows(maxRows);
        var head = new List<object?[]>(SheetLimits.HeaderRows);
        var headerIndex = -1;
        var keys = new List<string>();
        var positions = new List<int>();
        var errors = new List<ImportError>();
        var rows = new List<RosterRow>();
        ExcelDataReader.CellRange[]? merged;
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(input, new ExcelReaderConfiguration { LeaveOpen = true });
            // what the sheet declares (for .xls its DIMENSIONS record): refused before a row is read
            if (SheetLimits.Check(reader.RowCount, reader.FieldCount, maxRows) is { } tooLarge) return Fail(tooLarge);
            var r = 0;
            while (reader.Read())
            {
                // and what it really has, counted while read
                if (r >= maxSheetRows || reader.FieldCount > SheetLimits.MaxColumns)
                    return Fail(SheetLimits.Check(r + 1, reader.FieldCount, maxRows) ?? SheetLimits.Check(maxSheetRows + 1, 0, maxRows)!);
                if (r < SheetLimits.HeaderRows)
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++) row[i] = reader.GetValue(i);
                    head.Add(row);
                    if (r == SheetLimits.HeaderRows - 1 && !FindHeader()) return Fail(noHeader);
                }
                else if (errors.Count == 0) Add(r, i => i < reader.FieldCount ? reader.GetValue(i) : null);
                if (++r % 5000 == 0) progress?.Report(r);
            }
            if (headerIndex < 0 && !FindHeader()) return Fail(noHeader);
            merged = reader.MergeCells;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail("无法读取该Excel文件：文件已损坏或不是有效的 .xlsx / .xls 文件");
        }
        if (rows.Count > maxRows) return Fail(SheetLimits.Check(maxSheetRows + 1, 0, maxRows)!);

        var mergedErrors = new List<ImportError>();
        foreach (var m in merged ?? [])
            if (m.FromRow <= headerIndex && m.ToRow >= headerIndex && (m.ToColumn > m.FromColumn || m.ToRow > m.FromRow))
                mergedErrors.Add(new ImportError(headerIndex + 1, ColumnName(m.FromColumn), $"表头第{headerIndex + 1}行有合并单元格（{ColumnName(m.FromColumn)}–{ColumnName(m.ToColumn)}列），请取消合并、每列一个列名后再导入"));
        if (mergedErrors.Count + errors.Count > 0) return new RosterFile(keys, [], [.. mergedErrors, .. errors]);
        return new RosterFile(keys, rows, []);

        // the header is the row (among the first rows) that names the most known columns; the rows kept so far below
        // it are the first data rows
        bool FindHeader()
        {
            var best = 0;
            for (var i = 0; i < head.Count; i++)
            {
                var hits = head[i].Select(v => Roster.KeyOf(columns, v as string)).Where(k => k is not null).Distinct().Count();
                if (hits > best) { best = hits; headerIndex = i; }
            }
            if (headerIndex < 0 || best < 2) return false;
            var header = head[headerIndex];
            for (var i = 0; i < header.Length; i++)
            {
                var key = Roster.KeyOf(columns, header[i] as string ?? Convert.ToString(header[i], System.Globalization.CultureInfo.InvariantCulture));
                if (key is null) continue;
                if (keys.Contains(key)) { errors.Add(new ImportError(headerIndex + 1, ColumnName(i), $"列“{header[i]}”重复")); continue; }
                keys.Add(key);
                positions.Add(i);
            }
            foreach (var c in columns.Where(c => c.Required && !keys.Contains(c.Key)))
                errors.Add(new ImportError(headerIndex + 1, c.Label, $"缺少必需的列“{c.Label}”"));
            if (errors.Count == 0)
                for (var i = headerIndex + 1; i < head.Count; i++)
                {
                    var row = head[i];
                    Add(i, p => p < row.Length ? row[p] : null);
                }
            return true;
        }

        // one data row: only the header's columns, a row with none of them filled is skipped
        void Add(int r, Func<int, object?> value)
        {
            var values = new object?[keys.Count];
            var any = false;
            for (var k = 0; k < keys.Count; k++)
            {
                var v = value(positions[k]);
                if (v is string s && string.IsNullOrWhiteSpace(s)) v = null;
                values[k] = v;
                any |= v is not null;
            }
            if (any) rows.Add(new RosterRow(r + 1, values));
        }
    }

    private static RosterFile Fail(string message) => new([], [], [new ImportError(0, "文件", message)]);

    /// <summary>The file's bytes without a copy when the stream is a memory stream that exposes them.</summary>
    private static ArraySegment<byte> Bytes(Stream input)
    {
        if (input is MemoryStream ms && ms.TryGetBuffer(out var segment)) return segment;
        var copy = new MemoryStream((int)input.Length);
        input.Position = 0;
        input.CopyTo(copy);
        input.Position = 0;
        return new ArraySegment<byte>(copy.GetBuffer(), 0, (int)copy.Length);
    }

    public static string ColumnName(int index)
    {
        var s = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) s = (char)('A' + (i - 1) % 26) + s;
        return s;
    }
}
