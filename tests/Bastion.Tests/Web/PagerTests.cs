using Bastion.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bastion.Tests.Web;

public class PagerTests
{
    private static IQueryCollection Query(params (string Key, string[] Values)[] pairs) =>
        new QueryCollection(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Values)));

    private static Pager Make(int page, int size, int total) => new(page, size, total, QueryCollection.Empty);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void A_page_within_range_is_kept(int page, int expected)
    {
        Make(page, 20, 45).Page.ShouldBe(expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_page_below_one_becomes_the_first_page(int page)
    {
        Make(page, 20, 45).Page.ShouldBe(1);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public void A_page_beyond_the_last_becomes_the_last_page(int page)
    {
        Make(page, 20, 45).Page.ShouldBe(3);
    }

    [Theory]
    [InlineData(0, 20, 1)]
    [InlineData(1, 20, 1)]
    [InlineData(20, 20, 1)]
    [InlineData(21, 20, 2)]
    [InlineData(40, 20, 2)]
    [InlineData(45, 20, 3)]
    [InlineData(7, 1, 7)]
    public void Pages_round_up_and_are_never_zero(int total, int size, int expected)
    {
        Make(1, size, total).Pages.ShouldBe(expected);
    }

    [Fact]
    public void An_empty_list_has_one_page_and_stays_on_it()
    {
        var pager = Make(5, 20, 0);

        pager.Pages.ShouldBe(1);
        pager.Page.ShouldBe(1);
        pager.Skip.ShouldBe(0);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(9, 40)] // clamped to page 3
    [InlineData(0, 0)]  // clamped to page 1
    public void Skip_counts_the_rows_of_the_earlier_pages(int page, int expectedSkip)
    {
        Make(page, 20, 45).Skip.ShouldBe(expectedSkip);
    }

    [Fact]
    public void The_pager_reports_its_size_and_total()
    {
        var pager = Make(1, 25, 101);

        pager.Size.ShouldBe(25);
        pager.Total.ShouldBe(101);
        pager.Pages.ShouldBe(5);
    }

    [Fact]
    public void A_link_without_other_query_values_only_carries_the_page()
    {
        Make(1, 20, 45).Link(2).ShouldBe("?p=2");
    }

    [Fact]
    public void A_link_keeps_the_other_query_values_and_replaces_the_page()
    {
        var pager = new Pager(3, 20, 100, Query(("status", ["1"]), ("p", ["3"])));

        pager.Link(4).ShouldBe("?status=1&p=4");
    }

    [Fact]
    public void A_link_keeps_every_other_query_value()
    {
        var pager = new Pager(1, 20, 100, Query(("q", ["张三"]), ("p", ["1"]), ("type", ["党支部"]), ("org", ["3", "4"])));

        var link = pager.Link(2);

        link.ShouldStartWith("?");
        var parts = link[1..].Split('&');
        parts.ShouldBe(
            [
                "q=" + Uri.EscapeDataString("张三"),
                "type=" + Uri.EscapeDataString("党支部"),
                "org=3",
                "org=4",
                "p=2",
            ],
            ignoreOrder: true);
        parts[^1].ShouldBe("p=2");
    }

    [Fact]
    public void A_link_escapes_keys_and_values()
    {
        var pager = new Pager(1, 20, 100, Query(("a&b", ["x=y z"])));

        pager.Link(1).ShouldBe("?a%26b=x%3Dy%20z&p=1");
    }

    [Fact]
    public void A_link_keeps_an_empty_query_value()
    {
        var pager = new Pager(1, 20, 100, Query(("q", [""])));

        pager.Link(2).ShouldBe("?q=&p=2");
    }
}
