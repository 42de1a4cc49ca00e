using Bastion.Web;

namespace Bastion.Tests.Web;

/// <summary><see cref="Pager.Window"/>: the one paging calculation of every list API.</summary>
public class PageWindowTests
{
    [Theory]
    [InlineData(int.MaxValue, 20, 45, 3, 20)]
    [InlineData(int.MinValue, 20, 45, 1, 20)]
    [InlineData(0, 0, 45, 1, 1)]
    [InlineData(-1, -5, 45, 1, 1)]
    [InlineData(int.MaxValue, int.MaxValue, 45, 1, 200)]
    [InlineData(int.MaxValue, 1, int.MaxValue, int.MaxValue, 1)]
    [InlineData(2, 20, 0, 1, 20)]
    public void Page_and_size_are_clamped(int page, int size, int total, int expectedPage, int expectedSize)
    {
        var w = Pager.Window(page, size, total);
        w.Page.ShouldBe(expectedPage);
        w.Size.ShouldBe(expectedSize);
        (((long)w.Page - 1) * w.Size).ShouldBeLessThanOrEqualTo(Math.Max(0, total));
        w.Skip.ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void Missing_values_take_the_defaults()
    {
        Pager.Window(null, null, 500, 50, 500).ShouldBe(new Pager.PageWindow(1, 50));
    }
}
