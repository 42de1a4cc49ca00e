using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class RosterTests
{
    [Theory]
    [InlineData("2015-07-01")]
    [InlineData("2015/7/1")]
    [InlineData("2015.07.01")]
    [InlineData("2015年7月1日")]
    [InlineData("20150701")]
    [InlineData("２０１５年７月１日")]
    public void Dates_typed_as_text_in_the_usual_ways_are_read(string text)
    {
        Roster.TryParseDate(text, out var date, out var error).ShouldBeTrue(error);
        date.ShouldBe(new DateOnly(2015, 7, 1));
    }

    [Fact]
    public void A_year_and_month_is_the_first_of_the_month()
    {
        Roster.TryParseDate("2015-07", out var date, out _).ShouldBeTrue();
        date.ShouldBe(new DateOnly(2015, 7, 1));
    }

    [Fact]
    public void A_date_cell_and_a_serial_number_without_date_formatting_are_the_same_date()
    {
        Roster.TryParseDate(new DateTime(2016, 7, 1), out var fromCell, out _).ShouldBeTrue();
        Roster.TryParseDate(42552.0, out var fromSerial, out _).ShouldBeTrue();
        fromCell.ShouldBe(new DateOnly(2016, 7, 1));
        fromSerial.ShouldBe(fromCell);
    }

    [Fact]
    public void Eight_digits_typed_into_a_general_cell_are_read_as_year_month_day()
    {
        Roster.TryParseDate(20120701.0, out var date, out var error).ShouldBeTrue(error);
        date.ShouldBe(new DateOnly(2012, 7, 1));
    }

    [Theory]
    [InlineData(20121301.0)]
    [InlineData(20150230.0)]
    public void Eight_digits_that_are_no_calendar_day_are_refused(double value)
    {
        Roster.TryParseDate(value, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain("不是有效日期");
    }

    [Theory]
    [InlineData(2015.07, "2015.07")]
    [InlineData(2015.1, "2015.1")]   // 2015.10 as Excel keeps it: January or October?
    [InlineData(2015.0, "2015")]
    public void A_year_and_month_kept_by_excel_as_a_number_is_refused_not_read_as_a_day_in_1905(double value, string shown)
    {
        Roster.TryParseDate(value, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain($"“{shown}”被Excel存成了数字");
    }

    [Fact]
    public void Text_that_is_no_date_is_refused_with_the_text_quoted()
    {
        Roster.TryParseDate("去年七月", out _, out var error).ShouldBeFalse();
        error.ShouldBe("“去年七月”不是有效日期（应为 2015-07-01 这样的格式）");
    }

    [Theory]
    [InlineData("公民身份号码 *", "idNumber")]
    [InlineData("入党日期（yyyy-mm-dd）", "joinedAt")]
    [InlineData("入党时间\n(yyyy-mm-dd)", "joinedAt")]
    [InlineData("入党时间\r\n（yyyy-mm-dd）", "joinedAt")]
    [InlineData("身份证号", "idNumber")]
    [InlineData("党员类别", "category")]
    [InlineData("所在支部：", "branch")]
    [InlineData("序号", null)]
    public void Header_variants_map_to_their_column(string header, string? key)
    {
        Roster.KeyOf(header).ShouldBe(key);
    }
}

public class RosterTemplateTests
{
    [Fact]
    public void The_example_row_has_one_value_per_column_a_valid_id_number_and_consistent_birth_date_and_gender()
    {
        var row = Roster.ExampleRow("甲一党支部", 17);
        row.Count.ShouldBe(Roster.Columns.Count);
        string Value(string key) => row[Roster.Columns.ToList().FindIndex(c => c.Key == key)];
        var parsed = ChineseIdNumber.TryParse(Value("idNumber"), out var error);
        parsed.ShouldNotBeNull(error);
        Value("birthDate").ShouldBe(parsed.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Value("gender").ShouldBe(parsed.Gender.ToString());
        Value("branch").ShouldBe("甲一党支部");
        Roster.ExampleRow("x", 18)[Roster.Columns.ToList().FindIndex(c => c.Key == "idNumber")].ShouldNotBe(Value("idNumber"));
    }
}
