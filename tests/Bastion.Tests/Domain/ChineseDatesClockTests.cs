using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>The one China calendar day of the platform, on the injected clock.</summary>
public class ChineseDatesClockTests
{
    [Fact]
    public void Today_is_the_Beijing_day_of_the_injected_clock()
    {
        var clock = new Clock { Now = new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero) };
        clock.Today().ShouldBe(new DateOnly(2026, 12, 31));
        clock.Now = clock.Now.AddSeconds(1);
        clock.Today().ShouldBe(new DateOnly(2027, 1, 1));
    }

    [Fact]
    public void A_day_starts_at_midnight_in_Beijing()
    {
        ChineseDates.StartOf(new DateOnly(2027, 1, 1)).ShouldBe(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero));
        ChineseDates.At(new DateOnly(2027, 1, 1), new TimeOnly(9, 30)).ShouldBe(new DateTimeOffset(2027, 1, 1, 1, 30, 0, TimeSpan.Zero));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
