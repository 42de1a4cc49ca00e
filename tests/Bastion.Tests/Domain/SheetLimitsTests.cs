using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class SheetLimitsTests
{
    [Theory]
    [InlineData("A", 1)]
    [InlineData("Z", 26)]
    [InlineData("AA", 27)]
    [InlineData("GR", 200)]
    [InlineData("xfd", 16_384)]
    public void Column_letters_are_numbered_from_one(string letters, int number)
    {
        SheetLimits.ColumnNumber(letters).ShouldBe(number);
        SheetLimits.ColumnName(number).ShouldBe(letters.ToUpperInvariant());
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("A1")]
    [InlineData("Ä")]
    public void What_is_not_a_column_name_has_no_number(string letters) => SheetLimits.ColumnNumber(letters).ShouldBeNull();

    [Theory]
    [InlineData("A1", 1, 1)]
    [InlineData("XFD10000", 10_000, 16_384)]
    [InlineData("$B$2", 2, 2)]
    [InlineData(" C3 ", 3, 3)]
    public void A_cell_reference_is_its_row_and_column(string reference, int row, int column) =>
        SheetLimits.Cell(reference).ShouldBe((row, column));

    [Theory]
    [InlineData("1A")]
    [InlineData("A")]
    [InlineData("A0")]
    [InlineData("A-1")]
    [InlineData("A99999999999")]
    public void A_malformed_cell_reference_is_none(string reference) => SheetLimits.Cell(reference).ShouldBeNull();

    [Theory]
    [InlineData("A1:XFD10000", 10_000, 16_384)]
    [InlineData("A1:L100016", 100_016, 12)]
    [InlineData("B2", 2, 2)]
    [InlineData("C5:A1", 5, 3)]
    public void A_dimension_gives_the_last_row_and_column(string range, int rows, int columns) =>
        SheetLimits.Extent(range).ShouldBe((rows, columns));

    [Theory]
    [InlineData("A1:")]
    [InlineData(":B2")]
    [InlineData("")]
    public void A_malformed_dimension_is_none(string range) => SheetLimits.Extent(range).ShouldBeNull();

    [Fact]
    public void A_sheet_at_the_limits_is_accepted_and_one_past_them_is_refused_in_chinese()
    {
        var rows = SheetLimits.MaxSheetRows(SheetLimits.MaxRows);
        rows.ShouldBe(SheetLimits.MaxRows + SheetLimits.HeaderRows, "title and header rows above the data");
        SheetLimits.Check(rows, SheetLimits.MaxColumns, SheetLimits.MaxRows).ShouldBeNull();
        SheetLimits.Check(rows + 1, 1, SheetLimits.MaxRows)!.ShouldBe("文件超过100,000行（工作表有100,016行），请分批导入（例如按党支部拆分成几个文件）");
        SheetLimits.Check(1, SheetLimits.MaxColumns + 1, SheetLimits.MaxRows)!.ShouldStartWith("文件的工作表用到了第201列（GS列），超过200列的上限");
        SheetLimits.Check(10_000, 16_384, SheetLimits.MaxRows)!.ShouldContain("第16,384列（XFD列）");
        // another import's own bound (a branch's meetings)
        SheetLimits.Check(516, 17, 500)!.ShouldStartWith("文件超过500行");
        SheetLimits.Check(515, 17, 500).ShouldBeNull();
    }

    [Fact]
    public void An_answer_lists_the_first_thousand_errors_and_says_how_many_are_not_listed()
    {
        var all = Enumerable.Range(1, 2_500).ToList();
        SheetLimits.Listed(all).ShouldBe(Enumerable.Range(1, SheetLimits.MaxErrorsListed));
        var few = Enumerable.Range(1, SheetLimits.MaxErrorsListed).ToList();
        SheetLimits.Listed(few).ShouldBeSameAs(few);
        SheetLimits.NotListed(500, 2_500).ShouldBe("另有 2,000 条错误未列出（共 2,500 条）。请先修改已列出的问题，重新上传后再看其余的。");
        SheetLimits.NotListed(500, 500).ShouldBeNull();
    }
}
