using System.Globalization;
using System.Security.Claims;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bastion.IntegrationTests.Security;

public sealed class SessionRulesTests(AppFactory app) : AppTest(app)
{
    private async Task<bool> SurvivesAsync(string userName, TimeSpan signedInAgo, Action<ClaimsIdentity>? tamper = null, bool withSession = true)
    {
        using var scope = App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        var principal = await sp.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.RemoveClaim(identity.FindFirst(SessionRules.AuthTimeClaim));
        identity.AddClaim(new Claim(SessionRules.AuthTimeClaim, (DateTimeOffset.UtcNow - signedInAgo).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var http = new DefaultHttpContext { RequestServices = sp };
        // a cookie sign-in starts a server-side session whose key the cookie carries
        if (withSession) identity.AddClaim(new Claim(UserSessions.Claim, await UserSessions.StartAsync(sp.GetRequiredService<Bastion.Data.AppDbContext>(), user.Id, http, DateTimeOffset.UtcNow)));
        tamper?.Invoke(identity);
        var schemes = sp.GetRequiredService<IAuthenticationSchemeProvider>();
        var scheme = (await schemes.GetSchemeAsync(IdentityConstants.ApplicationScheme))!;
        var options = sp.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ctx = new CookieValidatePrincipalContext(http, scheme, options, new AuthenticationTicket(principal, scheme.Name));
        await SessionRules.ValidateAsync(ctx);
        return ctx.Principal is not null;
    }

    [Fact]
    public async Task A_session_younger_than_twelve_hours_with_the_current_stamp_is_kept()
    {
        (await SurvivesAsync("mem", TimeSpan.FromHours(11.9))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_session_older_than_twelve_hours_ends_however_active_it_was()
    {
        (await SurvivesAsync("mem", TimeSpan.FromHours(12.1))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_session_whose_security_stamp_changed_ends()
    {
        var stampType = App.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        (await SurvivesAsync("mem", TimeSpan.FromMinutes(5), id =>
        {
            id.RemoveClaim(id.FindFirst(stampType));
            id.AddClaim(new Claim(stampType, "an-old-stamp"));
        })).ShouldBeFalse();
    }

    [Fact]
    public async Task A_cookie_without_a_server_side_session_ends()
    {
        (await SurvivesAsync("mem", TimeSpan.FromMinutes(5), withSession: false)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_cookie_whose_session_ended_or_belongs_to_another_account_ends()
    {
        string? memKey = null, orgadminKey = null;
        (await SurvivesAsync("mem", TimeSpan.FromMinutes(5), id => memKey = id.FindFirst(UserSessions.Claim)!.Value)).ShouldBeTrue();
        await App.ExecAsync("UPDATE user_sessions SET ended_at = now(), ended_reason = 'logout'");
        void Use(ClaimsIdentity id, string key)
        {
            id.RemoveClaim(id.FindFirst(UserSessions.Claim));
            id.AddClaim(new Claim(UserSessions.Claim, key));
        }
        (await SurvivesAsync("mem", TimeSpan.FromMinutes(5), id => Use(id, memKey!))).ShouldBeFalse();
        // the session of another account does not vouch for this one
        (await SurvivesAsync("orgadmin", TimeSpan.FromMinutes(5), id => orgadminKey = id.FindFirst(UserSessions.Claim)!.Value)).ShouldBeTrue();
        (await SurvivesAsync("mem", TimeSpan.FromMinutes(5), id => Use(id, orgadminKey!))).ShouldBeFalse();
    }

    [Fact]
    public void The_cookie_expires_after_thirty_idle_minutes_and_slides()
    {
        var options = App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        options.ExpireTimeSpan.ShouldBe(TimeSpan.FromMinutes(30));
        options.SlidingExpiration.ShouldBeTrue();
        options.Cookie.HttpOnly.ShouldBeTrue();
        options.Cookie.SameSite.ShouldBe(SameSiteMode.Lax);
    }
}
