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

    /// <summary>Reads a sheet with the given columns; <paramref name="noHeader"/> is the message when no header row is found.</summary>
    public static RosterFile Read(Stream input, IReadOnlyList<Roster.Column> columns, string noHeader, IProgress<int>? progress = null)
    {
        var head = new byte[8];
        var n = input.Read(head, 0, 8);
        input.Position = 0;
        var zip = n >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
        var ole = n >= 8 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0 && head[4] == 0xA1 && head[5] == 0xB1 && head[6] == 0x1A && head[7] == 0xE1;
        if (!zip && !ole) return Fail("文件不是Excel文件（应为 .xlsx 或 .xls）");
        if (input.Length > MaxBytes) return Fail($"文件过大（{input.Length / 1024 / 1024} MB），单个文件不超过 {MaxBytes / 1024 / 1024} MB，请分批导入");

        var raw = new List<object?[]>();
        ExcelDataReader.CellRange[]? merged;
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(input, new ExcelReaderConfiguration { LeaveOpen = true });
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++) row[i] = reader.GetValue(i);
                raw.Add(row);
                if (raw.Count % 5000 == 0) progress?.Report(raw.Count);
            }
            merged = reader.MergeCells;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail("无法读取该Excel文件：文件已损坏或不是有效的 .xlsx / .xls 文件");
        }

        // the header is the row (among the first 15) that names the most known columns
        var headerIndex = -1;
        var best = 0;
        for (var r = 0; r < Math.Min(15, raw.Count); r++)
        {
            var hits = raw[r].Select(v => Roster.KeyOf(columns, v as string)).Where(k => k is not null).Distinct().Count();
            if (hits > best) { best = hits; headerIndex = r; }
        }
        if (headerIndex < 0 || best < 2)
            return Fail(noHeader);

        var errors = new List<ImportError>();
        foreach (var m in merged ?? [])
            if (m.FromRow <= headerIndex && m.ToRow >= headerIndex && (m.ToColumn > m.FromColumn || m.ToRow > m.FromRow))
                errors.Add(new ImportError(headerIndex + 1, ColumnName(m.FromColumn), $"表头第{headerIndex + 1}行有合并单元格（{ColumnName(m.FromColumn)}–{ColumnName(m.ToColumn)}列），请取消合并、每列一个列名后再导入"));

        var header = raw[headerIndex];
        var keys = new List<string>();
        var positions = new List<int>();
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
        if (errors.Count > 0) return new RosterFile(keys, [], errors);

        var rows = new List<RosterRow>(raw.Count - headerIndex);
        for (var r = headerIndex + 1; r < raw.Count; r++)
        {
            var values = new object?[keys.Count];
            var any = false;
            for (var k = 0; k < keys.Count; k++)
            {
                var v = positions[k] < raw[r].Length ? raw[r][positions[k]] : null;
                if (v is string s && string.IsNullOrWhiteSpace(s)) v = null;
                values[k] = v;
                any |= v is not null;
            }
            if (any) rows.Add(new RosterRow(r + 1, values));
        }
        return new RosterFile(keys, rows, []);

        static RosterFile Fail(string message) => new([], [], [new ImportError(0, "文件", message)]);
    }

    public static string ColumnName(int index)
    {
        var s = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) s = (char)('A' + (i - 1) % 26) + s;
        return s;
    }
}
