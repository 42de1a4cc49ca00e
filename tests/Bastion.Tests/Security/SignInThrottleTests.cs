using Bastion.Security;
using Shouldly;
using Xunit;

namespace Bastion.Tests.Security;

public sealed class SignInThrottleTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "-")]
    public void An_address_is_limited_by_its_network(string? address, string expected) =>
        SignInThrottle.Network(address).ShouldBe(expected);

    [Fact]
    public void Two_addresses_of_one_ipv6_subscriber_share_a_limit_and_two_subscribers_do_not()
    {
        SignInThrottle.Network("2001:db8:1:2::1").ShouldBe(SignInThrottle.Network("2001:db8:1:2:ffff::9"));
        SignInThrottle.Network("2001:db8:1:2::1").ShouldNotBe(SignInThrottle.Network("2001:db8:1:3::1"));
    }
}
