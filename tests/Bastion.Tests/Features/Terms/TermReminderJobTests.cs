using Bastion.Features.Terms;
using Microsoft.Extensions.Configuration;

namespace Bastion.Tests.Features.Terms;

public class TermReminderJobTests
{
    [Fact]
    public void The_job_runs_next_at_six_in_the_morning_china_time()
    {
        // 2026-11-21 05:00 UTC is 13:00 in China: the next run is 06:00 China time the following day
        TermReminderJob.UntilNextRun(new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero)).ShouldBe(TimeSpan.FromHours(17));
        // 2026-11-20 21:59 UTC is 05:59 in China: a minute to go
        TermReminderJob.UntilNextRun(new DateTimeOffset(2026, 11, 20, 21, 59, 0, TimeSpan.Zero)).ShouldBe(TimeSpan.FromMinutes(1));
        // exactly at 06:00 China time the next run is a day later
        TermReminderJob.UntilNextRun(new DateTimeOffset(2026, 11, 20, 22, 0, 0, TimeSpan.Zero)).ShouldBe(TimeSpan.FromDays(1));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void The_job_is_on_unless_configuration_switches_it_off(string? value, bool enabled)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bastion:Jobs:Enabled"] = value }).Build();
        TermReminderJob.IsEnabled(Bastion.Web.TypedSettings.Read<Bastion.Web.JobSettings>(config)).ShouldBe(enabled);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(7, "H")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Excel_column_names_follow_the_letters(int index, string name)
    {
        ExportTermReminders.ColumnName(index).ShouldBe(name);
    }

    [Theory]
    [InlineData(null, false, null)]
    [InlineData("", false, null)]
    [InlineData("全部", true, null)]
    [InlineData("逾期", false, Bastion.Domain.ReminderStage.逾期)]
    [InlineData("未录入届次", false, Bastion.Domain.ReminderStage.未录入届次)]
    [InlineData("无", false, null)]
    [InlineData("4", false, null)]
    [InlineData("不存在", false, null)]
    public void The_stage_filter_accepts_stage_names_and_all(string? raw, bool all, Bastion.Domain.ReminderStage? stage)
    {
        ListTermReminders.ParseFilter(raw).ShouldBe((all, stage));
    }
}
