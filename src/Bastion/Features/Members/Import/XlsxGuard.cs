using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Bastion.Domain;

namespace Bastion.Features.Members.Import;

/// <summary>
/// Checks an .xlsx (a zip of XML parts) against <see cref="SheetLimits"/> before the Excel reader opens it: the number
/// of parts and their declared sizes from the zip's central directory, then every XML part inflated here — counting the
/// bytes actually inflated, so a part that declares a small size and inflates to more is refused — and scanned byte by
/// byte, with constant memory, for each worksheet's <c>&lt;dimension&gt;</c>, row numbers and cell columns and for
/// over-long content. The reader that follows only ever sees a file within the limits.
/// </summary>
public static class XlsxGuard
{
    private const string Corrupt = "无法读取该Excel文件：文件已损坏或不是有效的 .xlsx / .xls 文件";
    private const string Unsupported = "文件的压缩格式不受支持：请在Excel中“另存为” .xlsx 后重新导入";

    private sealed record Entry(string Name, int Method, int Flags, long Compressed, long Size, long LocalHeader);

    /// <summary>The refusal for an .xlsx beyond the limits (or unreadable), or null when the reader may open it.</summary>
    public static string? Check(ArraySegment<byte> file, int maxDataRows, long maxBytes = SheetLimits.MaxUncompressedBytes)
    {
        ReadOnlySpan<byte> zip = file;
        // the end of central directory record: within the last 64 KB (its comment) + 22 bytes
        var eocd = -1;
        for (var i = zip.Length - 22; i >= Math.Max(0, zip.Length - 22 - 65535); i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[i..]) == 0x06054b50) { eocd = i; break; }
        if (eocd < 0) return Corrupt;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(zip[(eocd + 10)..]);
        long directory = BinaryPrimitives.ReadUInt32LittleEndian(zip[(eocd + 16)..]);
        if (count == 0xFFFF || directory == 0xFFFFFFFF) return Unsupported; // ZIP64: no roster needs it
        if (count > SheetLimits.MaxZipEntries) return $"文件包含的部件过多（{count}个），无法导入：请在Excel中“另存为”新的 .xlsx 后重新导入";

        var entries = new List<Entry>(count);
        var p = directory;
        for (var k = 0; k < count; k++)
        {
            if (p < 0 || p + 46 > zip.Length || BinaryPrimitives.ReadUInt32LittleEndian(zip[(int)p..]) != 0x02014b50) return Corrupt;
            var h = zip[(int)p..];
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]), extra = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]), comment = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            if (p + 46 + nameLength > zip.Length) return Corrupt;
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]), size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]), local = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
            if (compressed == 0xFFFFFFFF || size == 0xFFFFFFFF || local == 0xFFFFFFFF) return Unsupported;
            entries.Add(new Entry(Encoding.UTF8.GetString(h.Slice(46, nameLength)), BinaryPrimitives.ReadUInt16LittleEndian(h[10..]),
                BinaryPrimitives.ReadUInt16LittleEndian(h[8..]), compressed, size, local));
            p += 46 + nameLength + extra + comment;
        }

        // what the file declares: refused before anything is inflated
        var declared = 0L;
        foreach (var e in entries)
        {
            if ((declared += e.Size) > maxBytes) return SheetLimits.TooLarge(maxBytes);
            if (e.Size > SheetLimits.MaxSharedStringsBytes && e.Name.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase)) return SheetLimits.TooManyStrings();
        }

        // what it really holds: EVERY part inflated, counted and scanned — the reader opens whatever part the workbook's
        // relationships name as a sheet, whatever its extension (a sheet renamed .dat or .png is still parsed as XML).
        // Binary parts (images, printer settings) pass the scan: a megabyte without a '<' or '>' byte does not occur.
        var total = 0L;
        var buffer = new byte[64 * 1024];
        foreach (var e in entries)
        {
            if ((e.Flags & 1) != 0) return Corrupt; // encrypted entry
            if (e.LocalHeader + 30 > zip.Length || BinaryPrimitives.ReadUInt32LittleEndian(zip[(int)e.LocalHeader..]) != 0x04034b50) return Corrupt;
            var start = e.LocalHeader + 30 + BinaryPrimitives.ReadUInt16LittleEndian(zip[((int)e.LocalHeader + 26)..]) + BinaryPrimitives.ReadUInt16LittleEndian(zip[((int)e.LocalHeader + 28)..]);
            if (start + e.Compressed > zip.Length) return Corrupt;
            var scan = new Scan(maxDataRows);
            var inflated = 0L;
            var sharedStrings = e.Name.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase);
            try
            {
                using Stream? part = e.Method switch
                {
                    0 => new MemoryStream(file.Array!, file.Offset + (int)start, (int)e.Compressed, writable: false),
                    8 => new DeflateStream(new MemoryStream(file.Array!, file.Offset + (int)start, (int)e.Compressed, writable: false), CompressionMode.Decompress),
                    _ => null,
                };
                if (part is null) return Unsupported;
                int n;
                while ((n = part.Read(buffer, 0, buffer.Length)) > 0)
                {
                    inflated += n;
                    if ((total += n) > maxBytes) return SheetLimits.TooLarge(maxBytes);
                    if (inflated > e.Size) return $"文件已损坏或被篡改：其中的 {e.Name} 实际解压后比文件声明的大小大，无法导入";
                    if (sharedStrings && inflated > SheetLimits.MaxSharedStringsBytes) return SheetLimits.TooManyStrings();
                    if (scan.Feed(buffer.AsSpan(0, n)) is { } refusal) return refusal;
                }
            }
            catch (InvalidDataException)
            {
                return Corrupt;
            }
        }
        return null;
    }

    /// <summary>
    /// A byte-level pass over one XML part: the length of every run between delimiters, and in worksheets the
    /// <c>dimension</c>, each <c>row</c>'s number and each cell's column (a row or cell without <c>r</c> is the next one).
    /// </summary>
    private sealed class Scan(int maxDataRows)
    {
        private readonly byte[] _tag = new byte[1024];
        private bool _inTag;
        private int _tagLength;
        private int _run;
        private int _row;
        private int _column;
        private int _strings;

        public string? Feed(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (_inTag)
                {
                    if (b == (byte)'>')
                    {
                        _inTag = false;
                        _run = 0;
                        if (OnTag(_tag.AsSpan(0, Math.Min(_tagLength, _tag.Length))) is { } refusal) return refusal;
                        continue;
                    }
                    if (_tagLength < _tag.Length) _tag[_tagLength] = b;
                    if (++_tagLength > SheetLimits.MaxSegmentBytes) return SheetLimits.SegmentTooLong();
                }
                else if (b == (byte)'<')
                {
                    _inTag = true;
                    _tagLength = 0;
                }
                else if (++_run > SheetLimits.MaxSegmentBytes) return SheetLimits.SegmentTooLong();
            }
            return null;
        }

        private string? OnTag(ReadOnlySpan<byte> tag)
        {
            if (tag.IsEmpty || tag[0] is (byte)'/' or (byte)'?' or (byte)'!') return null;
            var end = 0;
            while (end < tag.Length && !IsSpace(tag[end]) && tag[end] != (byte)'/') end++;
            var name = tag[..end];
            var colon = name.LastIndexOf((byte)':');
            if (colon >= 0) name = name[(colon + 1)..];
            var rest = tag[end..];

            // each distinct text of the workbook is one object the reader keeps: 64 MB of one-letter strings would be
            // ~4 million of them (~150 MB), so their number is limited as well as their bytes
            if (name.SequenceEqual("si"u8)) return ++_strings > SheetLimits.MaxSharedStrings ? SheetLimits.TooManyStrings() : null;
            if (name.SequenceEqual("row"u8))
            {
                _row = Number(Attribute(rest, "r"u8)) ?? _row + 1;
                _column = 0;
                return SheetLimits.Check(_row, 0, maxDataRows);
            }
            if (name.SequenceEqual("c"u8))
            {
                if (Reference(Attribute(rest, "r"u8)) is { } cell)
                {
                    _column = cell.Column;
                    _row = Math.Max(_row, cell.Row);
                }
                else _column++;
                return SheetLimits.Check(_row, _column, maxDataRows);
            }
            if (name.SequenceEqual("dimension"u8))
            {
                var value = Attribute(rest, "ref"u8);
                if (value.Length is > 0 and <= 64)
                {
                    Span<char> chars = stackalloc char[value.Length];
                    for (var i = 0; i < value.Length; i++) chars[i] = (char)value[i];
                    if (SheetLimits.Extent(chars) is { } extent) return SheetLimits.Check(extent.Rows, extent.Columns, maxDataRows);
                }
            }
            return null;
        }

        private static (int Row, int Column)? Reference(ReadOnlySpan<byte> value)
        {
            if (value.IsEmpty || value.Length > 32) return null;
            Span<char> chars = stackalloc char[value.Length];
            for (var i = 0; i < value.Length; i++) chars[i] = (char)value[i];
            return SheetLimits.Cell(chars);
        }

        private static int? Number(ReadOnlySpan<byte> value)
        {
            if (value.IsEmpty) return null;
            var n = 0L;
            foreach (var b in value)
            {
                if (b is < (byte)'0' or > (byte)'9') return null;
                n = Math.Min(n * 10 + (b - '0'), int.MaxValue);
            }
            return (int)n;
        }

        /// <summary>The value of an unprefixed attribute in the rest of a start tag (after its name).</summary>
        private static ReadOnlySpan<byte> Attribute(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> wanted)
        {
            var i = 0;
            while (i < rest.Length)
            {
                while (i < rest.Length && (IsSpace(rest[i]) || rest[i] == (byte)'/')) i++;
                var start = i;
                while (i < rest.Length && rest[i] != (byte)'=' && !IsSpace(rest[i])) i++;
                var name = rest[start..i];
                while (i < rest.Length && IsSpace(rest[i])) i++;
                if (i >= rest.Length || rest[i] != (byte)'=') { i++; continue; }
                i++;
                while (i < rest.Length && IsSpace(rest[i])) i++;
                if (i >= rest.Length || rest[i] is not ((byte)'"' or (byte)'\'')) { i++; continue; }
                var quote = rest[i++];
                var from = i;
                while (i < rest.Length && rest[i] != quote) i++;
                var value = rest[from..i];
                i++;
                if (name.SequenceEqual(wanted)) return value;
            }
            return default;
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
    }
}
