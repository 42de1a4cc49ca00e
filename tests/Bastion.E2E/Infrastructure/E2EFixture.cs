using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bastion.E2E.Infrastructure;

/// <summary>
/// One per test run: a throwaway PostgreSQL cluster, the app on Kestrel with the demo group, and one headless
/// Chromium. Every test opens its own browser context(s) on it.
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public const string DemoPassword = "E2e@Demo2026";

    /// <summary>
    /// Used only by the lockout journey: every demo account is signed in by the per-role journey, so locking
    /// one of them would break it. This extra account (普通党员 of 一采区党支部) is created by the fixture.
    /// </summary>
    public const string LockoutAccount = "lockout-probe";

    /// <summary>Signed in by the sessions journey alone, whose administrator ends all its sessions.</summary>
    public const string SessionAccount = "session-probe";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "bastion-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalPostgres? _postgres;
    private BastionFactory? _factory;
    private IPlaywright? _playwright;

    public Uri BaseUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;

    public static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // pictures of an earlier run (a stale "-failure.png" above all) must not be mistaken for this one's
        if (Directory.Exists(ScreenshotFolder)) Directory.Delete(ScreenshotFolder, recursive: true);
        Directory.CreateDirectory(ScreenshotFolder);
        Environment.SetEnvironmentVariable(DemoData.PasswordVariable, DemoPassword);

        var server = StartServerAsync();
        var browser = StartBrowserAsync();
        await Task.WhenAll(server, browser);
    }

    private async Task StartServerAsync()
    {
        _postgres = new LocalPostgres(Path.Combine(_root, "pg"));
        var owner = await _postgres.EnsureStartedAsync("bastion_e2e");
        // as shipped: the app connects as its least-privileged role, migrations run as the owner
        var cs = _postgres.ConnectionString("bastion_e2e", DatabaseRoles.AppRole);

        _factory = new BastionFactory(cs, owner, Path.Combine(_root, "never-used"));
        _factory.UseKestrel(0);
        _factory.StartServer();

        var database = _factory.Services.GetRequiredService<Database>();
        if (database.IsLocal || database.ConnectionString != cs)
            throw new InvalidOperationException("The app did not pick up the E2E connection string.");

        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Kestrel reported no http address: " + string.Join(", ", addresses));
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));

        await CreateProbeAccountAsync(LockoutAccount, "锁定测试账号");
        await CreateProbeAccountAsync(SessionAccount, "会话测试账号");
    }

    private async Task CreateProbeAccountAsync(string userName, string displayName)
    {
        using var scope = _factory!.Services.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<AuditActor>().Set(null, "e2e");
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "一采区党支部");
        var user = new AppUser { UserName = userName, DisplayName = displayName, CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
        var created = await users.CreateAsync(user, DemoPassword);
        if (!created.Succeeded)
            throw new InvalidOperationException("Could not create " + userName + ": " + string.Join("; ", created.Errors.Select(e => e.Description)));
        db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = Role.Member, OrgId = branch.Id, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    private async Task StartBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Browser is not null) await Browser.CloseAsync();
            _playwright?.Dispose();
        }
        finally
        {
            try
            {
                if (_factory is not null) await _factory.DisposeAsync();
            }
            finally
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                _postgres?.Stop();
                TryDelete(_root);
                if (_postgres is not null && !_postgres.DataFolder.StartsWith(_root, StringComparison.Ordinal))
                    TryDelete(_postgres.DataFolder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "Bastion in a browser";
}
