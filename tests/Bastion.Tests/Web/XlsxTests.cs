using Bastion.Web;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.Tests.Web;

public class XlsxTests
{
    /// <summary>A write-only, forward-only output (like a response body) that counts what reached it.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;
    }

    private static async IAsyncEnumerable<IReadOnlyList<object?>> Rows(int count, Action<int>? at = null)
    {
        for (var i = 0; i < count; i++)
        {
            at?.Invoke(i);
            await Task.Yield();
            yield return [$"党员{i}", i, new DateOnly(2020, 1, 1).AddDays(i % 1000), i % 2 == 0 ? null : " 前后有空格 "];
        }
    }

    [Fact]
    public async Task Rows_reach_the_output_while_the_source_is_still_being_read()
    {
        const int rows = 50_000;
        var output = new CountingStream();
        long beforeLastFifth = 0;
        var written = await Xlsx.WriteAsync(output, "党员名册", ["姓名", "序号", "日期", "备注"], Rows(rows, i => { if (i == rows * 4 / 5) beforeLastFifth = output.Written; }));
        written.ShouldBe(rows);
        // a buffering writer (a DOM, or System.IO.Packaging's update mode) has written nothing before the source ends
        beforeLastFifth.ShouldBeGreaterThan(output.Written / 2);
    }

    [Fact]
    public async Task The_file_reads_back_with_its_header_values_and_types()
    {
        await using var file = await Xlsx.StreamAsync("党员名册", ["姓名", "序号", "日期", "备注"], Rows(3));
        using var doc = SpreadsheetDocument.Open(file, false);
        var book = doc.WorkbookPart!;
        book.Workbook.Descendants<Sheet>().ShouldHaveSingleItem().Name!.Value.ShouldBe("党员名册");
        var sheet = book.WorksheetParts.Single().Worksheet;
        var cells = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
        cells.Count.ShouldBe(4);
        cells[0].ShouldBe(["姓名", "序号", "日期", "备注"]);
        cells[1].ShouldBe(["党员0", "0", "2020-01-01", ""]);
        cells[2].ShouldBe(["党员1", "1", "2020-01-02", " 前后有空格 "]);
        var number = sheet.Descendants<Cell>().Single(c => c.CellReference == "B3");
        number.DataType!.Value.ShouldBe(CellValues.Number);
        sheet.Descendants<Cell>().Single(c => c.CellReference == "A1").StyleIndex!.Value.ShouldBe(1u);
        book.WorkbookStylesPart!.Stylesheet.CellFormats!.Count!.Value.ShouldBe(2u);
    }
}
