using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Security;

/// <summary>
/// Issue 13: a page request looked its account and grants up several times (session check, scope authorization,
/// account gate, layout). The session check now reads them once for everyone else.
/// </summary>
public sealed class PageLookupTests(AppFactory app) : AppTest(app)
{
    /// <summary>Every SQL statement the application's DbContexts send.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Enqueue(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Commands.Enqueue(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Theory]
    [InlineData("orgadmin", "/Members")]
    [InlineData("orgadmin", "/Notifications")]
    public async Task One_page_view_reads_the_account_and_its_grants_in_one_statement(string userName, string page)
    {
        var log = new CommandLog();
        using var counted = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(log))));
        var web = counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await AppFactory.PostFormAsync(web, "/Account/Login", new() { ["UserName"] = userName, ["Password"] = AppFactory.Password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await web.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK);

        log.Commands.Clear();
        var r = await web.GetAsync(page);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldContain("id=\"main-menu\"");

        var sql = log.Commands.ToList();
        var all = string.Join("\n----\n", sql);
        sql.Count(c => Regex.IsMatch(c, @"\brole_grants\b")).ShouldBe(1, all);
        sql.Count(c => Regex.IsMatch(c, @"\b(FROM|JOIN)\s+users\b")).ShouldBe(1, all);
        sql.Count(c => Regex.IsMatch(c, @"\brole_policies\b")).ShouldBe(1, all);
    }

    [Fact]
    public async Task The_account_gate_lets_no_signed_in_page_through_without_the_session_facts()
    {
        using var scope = App.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Path = "/Members";
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, World.UserIds["orgadmin"].ToString(System.Globalization.CultureInfo.InvariantCulture))], "Test"));
        var user = new UserContext(new HttpContextAccessor { HttpContext = http }, scope.ServiceProvider.GetRequiredService<AppDbContext>());
        var passed = false;
        await new AccountGateMiddleware(_ => { passed = true; return Task.CompletedTask; }).InvokeAsync(http, user);

        passed.ShouldBeFalse();
        http.Response.StatusCode.ShouldBe(StatusCodes.Status302Found);
        http.Response.Headers.Location.ToString().ShouldBe("/Account/Login");
    }

    [Fact]
    public async Task The_account_gate_lets_a_page_through_with_the_session_facts_of_an_account_in_good_standing()
    {
        using var scope = App.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Path = "/Members";
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, World.UserIds["orgadmin"].ToString(System.Globalization.CultureInfo.InvariantCulture))], "Test"));
        http.Items[typeof(AccountFacts)] = new AccountFacts(MustChangePassword: false, TwoFactorEnabled: false, TwoFactorRequired: false, MemberId: null);
        var user = new UserContext(new HttpContextAccessor { HttpContext = http }, scope.ServiceProvider.GetRequiredService<AppDbContext>());
        var passed = false;
        await new AccountGateMiddleware(_ => { passed = true; return Task.CompletedTask; }).InvokeAsync(http, user);
        passed.ShouldBeTrue();

        http.Items[typeof(AccountFacts)] = new AccountFacts(MustChangePassword: false, TwoFactorEnabled: false, TwoFactorRequired: true, MemberId: null);
        passed = false;
        await new AccountGateMiddleware(_ => { passed = true; return Task.CompletedTask; }).InvokeAsync(http, user);
        passed.ShouldBeFalse();
        http.Response.Headers.Location.ToString().ShouldBe("/Account/TwoFactor");
    }
}
