using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class ChineseDatesTests
{
    [Theory]
    [InlineData(2026, 11, 21, "2026年11月21日")]
    [InlineData(2026, 1, 5, "2026年1月5日")]
    [InlineData(2024, 2, 29, "2024年2月29日")]
    [InlineData(1949, 10, 1, "1949年10月1日")]
    [InlineData(2000, 12, 31, "2000年12月31日")]
    public void A_date_is_written_the_chinese_way_without_zero_padding(int year, int month, int day, string expected)
    {
        ChineseDates.Date(new DateOnly(year, month, day)).ShouldBe(expected);
    }

    [Fact]
    public void An_instant_is_dated_in_china_time()
    {
        // 17:00 UTC is 01:00 the next day in Beijing
        ChineseDates.Date(new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero)).ShouldBe("2026年11月21日");
    }

    [Fact]
    public void The_last_second_before_midnight_in_china_stays_on_the_same_day()
    {
        ChineseDates.Date(new DateTimeOffset(2026, 11, 20, 15, 59, 59, TimeSpan.Zero)).ShouldBe("2026年11月20日");
        ChineseDates.Date(new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero)).ShouldBe("2026年11月21日");
    }

    [Fact]
    public void The_offset_of_the_instant_does_not_matter()
    {
        var sameInstant = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(-8)); // 17:00Z

        ChineseDates.Date(sameInstant).ShouldBe("2026年11月21日");
    }

    [Fact]
    public void An_instant_already_in_china_time_keeps_its_date()
    {
        ChineseDates.Date(new DateTimeOffset(2026, 1, 5, 0, 30, 0, TimeSpan.FromHours(8))).ShouldBe("2026年1月5日");
    }

    [Fact]
    public void A_date_and_time_is_written_in_china_time_with_a_24_hour_clock()
    {
        ChineseDates.DateTime(new DateTimeOffset(2026, 11, 20, 17, 5, 0, TimeSpan.Zero)).ShouldBe("2026年11月21日 01:05");
        ChineseDates.DateTime(new DateTimeOffset(2026, 6, 1, 7, 30, 0, TimeSpan.Zero)).ShouldBe("2026年6月1日 15:30");
    }

    [Fact]
    public void China_time_is_eight_hours_ahead_of_utc_without_daylight_saving()
    {
        ChineseDates.China.GetUtcOffset(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero)).ShouldBe(TimeSpan.FromHours(8));
        ChineseDates.China.GetUtcOffset(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero)).ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public void Formatting_does_not_depend_on_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            ChineseDates.Date(new DateOnly(2026, 1, 5)).ShouldBe("2026年1月5日");
            ChineseDates.DateTime(new DateTimeOffset(2026, 11, 20, 17, 5, 0, TimeSpan.Zero)).ShouldBe("2026年11月21日 01:05");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
