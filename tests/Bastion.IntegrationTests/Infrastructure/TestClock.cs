namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>The app's <see cref="TimeProvider"/> in tests: real time plus an offset a test may move forward (reset before each test).</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Offset += by;
}
