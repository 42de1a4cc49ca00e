using System.Globalization;
using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class HolidayArrangementRulesTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Pasted_dates_read_single_days_and_runs_in_any_separator()
    {
        var (dates, error) = HolidayArrangementRules.Parse("2026-10-01至2026-10-03、2026/10/10，2026年2月14日\n2026.1.4 2026-05-01 ~ 2026-05-02; 2026-10-02");
        error.ShouldBeNull();
        dates!.Select(HolidayArrangementRules.Iso).ShouldBe(["2026-01-04", "2026-02-14", "2026-05-01", "2026-05-02", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-10"]);
        HolidayArrangementRules.Parse("  ").Dates!.ShouldBeEmpty();
        HolidayArrangementRules.Parse("2026-10-01..2026-10-02").Dates!.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("2026-02-30", "无法识别的日期“2026-02-30”（请写作 yyyy-mm-dd，如 2026-10-01）")]
    [InlineData("26-10-01", "无法识别的日期“26-10-01”（请写作 yyyy-mm-dd，如 2026-10-01）")]
    [InlineData("国庆", "无法识别的日期“国庆”（请写作 yyyy-mm-dd，如 2026-10-01）")]
    [InlineData("2026-10-07至2026-10-01", "“2026-10-07至2026-10-01”的结束日期早于开始日期")]
    [InlineData("2026-01-01至2026-03-01", "“2026-01-01至2026-03-01”超过31天，请分段填写")]
    [InlineData("2026-10-01至", "无法识别“2026-10-01至”（连续几天请写作 2026-10-01至2026-10-07）")]
    public void Unreadable_pastes_say_which_part_and_how_to_write_it(string text, string message)
    {
        var (dates, error) = HolidayArrangementRules.Parse(text);
        dates.ShouldBeNull();
        error.ShouldBe(message);
    }

    [Fact]
    public void Format_writes_runs_that_parse_back_to_the_same_dates()
    {
        DateOnly[] dates = [D("2026-10-01"), D("2026-10-02"), D("2026-10-03"), D("2026-05-09"), D("2026-12-31")];
        var text = HolidayArrangementRules.Format(dates);
        text.ShouldBe("2026-05-09\n2026-10-01至2026-10-03\n2026-12-31");
        HolidayArrangementRules.Parse(text).Dates.ShouldBe(dates.Order().ToList());
    }

    [Fact]
    public void A_makeup_workday_on_a_weekday_is_refused_naming_the_day()
    {
        var r = HolidayArrangementRules.Refusal([D("2026-10-01")], [D("2026-10-10"), D("2026-10-12")]);
        r.ShouldNotBeNull();
        r.Value.Rule.ShouldBe("调休上班日");
        r.Value.Message.ShouldBe("调休上班日须为周六或周日：2026-10-12（星期一）");
        r.Value.Field.ShouldBe("makeupWorkdays");
    }

    [Fact]
    public void A_day_both_off_and_worked_is_refused_and_a_weekend_day_off_is_allowed()
    {
        var r = HolidayArrangementRules.Refusal([D("2026-10-03"), D("2026-10-10")], [D("2026-10-10")]);
        r!.Value.Message.ShouldBe("同一天不能既放假又调休上班：2026-10-10");
        HolidayArrangementRules.Refusal([D("2026-10-03"), D("2026-10-04")], [D("2026-10-10")]).ShouldBeNull();
    }

    [Fact]
    public void Dates_of_another_year_are_named_per_field()
    {
        var e = HolidayArrangementRules.OutsideYear(2026, [D("2026-10-01"), D("2027-01-01")], [D("2025-12-28")]);
        e["daysOff"].ShouldBe(["以下日期不属于2026年：2027-01-01"]);
        e["makeupWorkdays"].ShouldBe(["以下日期不属于2026年：2025-12-28"]);
        HolidayArrangementRules.OutsideYear(2026, [D("2026-10-01")], []).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-10-12", HolidayDayKind.普通, HolidayDayKind.休)]
    [InlineData("2026-10-12", HolidayDayKind.休, HolidayDayKind.普通)]   // a weekday cannot be a 调休 workday
    [InlineData("2026-10-10", HolidayDayKind.普通, HolidayDayKind.休)]
    [InlineData("2026-10-10", HolidayDayKind.休, HolidayDayKind.班)]     // Saturday
    [InlineData("2026-10-11", HolidayDayKind.班, HolidayDayKind.普通)]   // Sunday
    public void A_tap_on_the_grid_cycles_the_day(string day, HolidayDayKind now, HolidayDayKind next) =>
        HolidayArrangementRules.Toggle(D(day), now).ShouldBe(next);

    [Theory]
    [InlineData(1999L, "年份须在2000至2100之间")]
    [InlineData(2101L, "年份须在2000至2100之间")]
    [InlineData(2000L, null)]
    [InlineData(2100L, null)]
    public void Years_are_kept_from_2000_to_2100(long year, string? message) =>
        HolidayArrangementRules.CheckYear(year).ShouldBe(message);

    [Fact]
    public void The_source_is_required_and_at_most_200_characters()
    {
        HolidayArrangementRules.CheckSource(" ").ShouldBe("请填写依据（如国务院办公厅通知及文号）");
        HolidayArrangementRules.CheckSource(new string('字', 201)).ShouldBe("依据不能超过200个字");
        HolidayArrangementRules.CheckSource(new string('字', 200)).ShouldBeNull();
    }
}
