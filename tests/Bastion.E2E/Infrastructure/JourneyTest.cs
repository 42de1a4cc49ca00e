using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Bastion.E2E.Infrastructure;

public enum Screen { Desktop, Phone }

/// <summary>
/// Base of every journey: opens fresh browser contexts on the shared browser, names screenshots after the
/// test, and saves a full-page screenshot of every open page when the journey fails.
/// </summary>
[Collection(E2ECollection.Name)]
public abstract class JourneyTest(E2EFixture app)
{
    protected E2EFixture App { get; } = app;

    protected Task JourneyAsync(Func<Journey, Task> body, Screen screen = Screen.Desktop, string? variant = null, [CallerMemberName] string test = "") =>
        JourneyOnAsync(App.BaseUrl, body, screen, variant, test);

    /// <summary>A journey against another server (the shipped start) in the shared browser.</summary>
    protected async Task JourneyOnAsync(Uri baseUrl, Func<Journey, Task> body, Screen screen = Screen.Desktop, string? variant = null, [CallerMemberName] string test = "")
    {
        var name = variant is null ? test : test + "-" + variant;
        await using var journey = new Journey(App, name, screen, baseUrl);
        try
        {
            await body(journey);
            journey.Problems.ShouldBeEmpty("broken assets or script errors during the journey");
        }
        catch
        {
            await journey.ScreenshotAllAsync("failure");
            throw;
        }
    }
}

public sealed class Journey(E2EFixture app, string name, Screen screen, Uri? baseUrl = null) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<IPage> _pages = [];
    private readonly List<string> _problems = [];
    public string Name { get; } = name;

    /// <summary>Broken sub-resources and script errors seen so far in any session of this journey.</summary>
    public IReadOnlyList<string> Problems { get { lock (_problems) return [.. _problems]; } }

    private void Record(string problem) { lock (_problems) _problems.Add(problem); }
    public Screen Screen { get; } = screen;

    /// <summary>A new, cookie-less browser session (its own context) with one page; <paramref name="screen"/> overrides the journey's size.</summary>
    public async Task<IPage> NewSessionAsync(Screen? screen = null)
    {
        var options = (screen ?? Screen) == Screen.Phone
            ? new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 375, Height = 812 },
                IsMobile = true,
                HasTouch = true,
                DeviceScaleFactor = 2,
            }
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } };
        options.BaseURL = (baseUrl ?? app.BaseUrl).ToString();
        options.Locale = "zh-CN";
        options.TimezoneId = "Asia/Shanghai";
        var context = await app.Browser.NewContextAsync(options);
        // every sub-resource (CSS, JS, fonts, htmx fragments) must load, and no script may throw
        context.Response += (_, r) =>
        {
            if (r.Status >= 400 && r.Request.ResourceType != "document") Record($"{r.Status} {r.Request.Method} {r.Url}");
            // a stylesheet or script answered 200 with nothing in it leaves the page bare (issue 11: .gz variants
            // picked by MapStaticAssets and not found outside Development)
            if (r.Status == 200 && r.Request.ResourceType is "stylesheet" or "script"
                && r.Headers.TryGetValue("content-length", out var length) && length == "0")
                Record($"empty {r.Request.ResourceType} {r.Url}");
        };
        context.RequestFailed += (_, r) =>
        {
            // requests cut short by leaving the page (e.g. the htmx bell poll) are not failures
            if (r.Failure is { } f && !f.Contains("ERR_ABORTED", StringComparison.Ordinal)) Record($"failed {r.Method} {r.Url}: {f}");
        };
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        _contexts.Add(context);
        BaseUrls.AddOrUpdate(context, new Uri(options.BaseURL));
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => Record("script error: " + e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) Record("console error: " + m.Text);
        };
        _pages.Add(page);
        return page;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IBrowserContext, Uri> BaseUrls = new();

    /// <summary>The platform a browser session of a journey was opened on (null for a context made elsewhere).</summary>
    public static Uri? BaseUrlOf(IBrowserContext context) => BaseUrls.TryGetValue(context, out var url) ? url : null;

    public Task ScreenshotAsync(IPage page, string step) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = PathFor(step), FullPage = true });

    public async Task ScreenshotAllAsync(string step)
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            if (_pages[i].IsClosed) continue;
            try { await ScreenshotAsync(_pages[i], _pages.Count == 1 ? step : $"{step}{i + 1}"); }
            catch (PlaywrightException) { /* the failure itself matters more than its picture */ }
        }
    }

    private string PathFor(string step) => Path.Combine(E2EFixture.ScreenshotFolder, $"{Name}-{step}.png");

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _contexts) await c.CloseAsync();
    }
}
