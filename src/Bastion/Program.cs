using System.Globalization;
using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion;

public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = new CultureInfo("zh-CN");
        var cli = CliArguments.Parse(args);
        if (cli.Help)
        {
            Console.Out.Write(Cli.Help);
            return 0;
        }
        if (cli.Error is not null)
        {
            Console.Error.WriteLine($"{cli.Error}。查看可用命令和设置：--help / {Cli.Pointer}");
            return 2;
        }
        try
        {
            var app = Build([.. cli.Settings, .. cli.Demo ? ["--demo"] : Array.Empty<string>()]);
            switch (cli.Command)
            {
                case CliArguments.AuditVerify:
                    return await Cli.AuditVerifyAsync(app);
                case CliArguments.SeedDemo:
                    return await Cli.SeedDemoAsync(app);
                case CliArguments.Backup:
                    return await Cli.BackupAsync(app, cli.File);
                case CliArguments.Restore:
                    return await Cli.RestoreAsync(app, cli.File);
                default:
                    await app.RunAsync();
                    return 0;
            }
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("启动失败 / start-up failed:");
            Console.Error.WriteLine(e.Chinese);
            Console.Error.WriteLine(e.English);
            return 1;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("启动失败：配置有误 / start-up failed: invalid settings:");
            foreach (var f in e.Failures) Console.Error.WriteLine(f);
            return 1;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("启动失败：配置有误 / start-up failed: invalid settings:");
            foreach (var f in e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)) Console.Error.WriteLine(f);
            return 1;
        }
        catch (MigrationException e)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    public static WebApplication Build(string[] args)
    {
        var demo = args.Contains("--demo");
        var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
        if (demo) builder.Configuration["Bastion:Demo"] = "true";
        // Outside Development the static web assets manifest (bin/…staticwebassets.runtime.json) is ignored unless
        // asked for, and MapStaticAssets then answers a browser's Accept-Encoding with a .gz variant it cannot
        // find: 200 with an empty body. Unpublished starts (./bastion demo, dotnet run) need the manifest; in the
        // published output there is none and this does nothing (docs/decisions/0001-static-assets-in-every-start.md).
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        ConfigureServices(builder.Services);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void ConfigureServices(IServiceCollection services)
    {
        AddSettings(services);
        services.AddSingleton<Database>();
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<DatabaseInitializer>();
        // after the initializer: starts once the database is ready, stops (writing the last checkpoint) before it is stopped
        AuditCheckpointJob.AddServices(services);
        services.AddHttpContextAccessor();
        services.AddScoped<AuditActor>();
        services.AddScoped<UserContext>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<Features.Account.CheckPassword>();
        services.AddScoped<DemoData>();
        services.AddSingleton<OperatorConsole>();
        // The enum columns with a database default (LedgerItem.State, InspectionFinding.State …) number their members
        // from 1, so the CLR default 0 means "not set" and the database default is exactly what is wanted: EF's
        // sentinel warning about them would only fill the operator's console with English.
        // Bastion:StrictQueries (the integration tests) turns EF's "First without OrderBy" warning into an exception, so
        // the query that would print it in the operator's console is named by a failing test.
        // Each context takes a connection from the one data source of the application's role (Database.DataSource, built once
        // the database is started). Given as a connection rather than UseNpgsql(dataSource): a data source is part of EF's
        // internal service provider's identity, and every host the tests start would build its own model again.
        services.AddDbContext<AppDbContext>((sp, o) =>
        {
            var strict = sp.GetRequiredService<IOptions<DatabaseSettings>>().Value.StrictQueries;
            o.UseNpgsql(sp.GetRequiredService<Database>().DataSource.CreateConnection(), contextOwnsConnection: true)
                .ConfigureWarnings(w =>
                {
                    w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.BoolWithDefaultWarning);
                    if (strict) w.Throw(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.FirstWithoutOrderByAndFilterWarning);
                })
                // and refuses every synchronous database call (issue 12: they starved the thread pool under load)
                .AddInterceptors(strict ? [SynchronousDatabaseCallGuard.Instance] : []);
        });

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = Domain.PasswordPolicy.MinLength;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager<AppSignInManager>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PolicyPasswordValidator>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Bastion";
                o.DefaultChallengeScheme = "Bastion";
            })
            .AddPolicyScheme("Bastion", "Bastion", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Path.StartsWithSegments("/api") ? BearerTokens.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokens.Scheme, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "bastion.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionRules.Idle;
            o.SlidingExpiration = true;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Error/403";
            o.Events.OnValidatePrincipal = SessionRules.ValidateAsync;
            o.Events.OnSigningIn = UserSessions.OnSigningInAsync;
        });
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "bastion.2fa";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAuthorization();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "bastion.csrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.HeaderName = "RequestVerificationToken";
        });
        services.AddDataProtection().SetApplicationName("Bastion");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(sp, sp.GetRequiredService<TimeProvider>())));

        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AddPageRoute("/Dashboard/Index", "");
            });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ErrorResponses.Customize);
        // a body or parameter the API cannot bind (malformed JSON, 2026-02-30) reaches ExceptionMappingMiddleware, which names the field
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "堡垒智慧党建平台 API";
            doc.Info.Version = "v1";
            doc.Info.Description = "以 POST /api/v1/tokens 获取访问令牌，之后在请求头中携带 Authorization: Bearer <token>。";
            return Task.CompletedTask;
        }));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((o, proxySettings) =>
        {
            var proxies = proxySettings.Value.Addresses;
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // only the configured proxies: ASP.NET Core trusts loopback by default, which would let any local process
            // (or a mis-set proxy) choose the client address the sign-in limits and the audit trail see
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list is still consulted by the middleware and holds 127.0.0.0/8 by default
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var ip in proxies) o.KnownProxies.Add(ip);
            // with no known proxy and no known network the middleware checks nothing and believes every header: none then
            if (o.KnownProxies.Count == 0) o.ForwardedHeaders = ForwardedHeaders.None;
        });
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        Features.FeatureRegistry.AddServices(services);
    }

    /// <summary>The typed settings (Web/BastionSettings.cs), each validated when the host starts.</summary>
    private static void AddSettings(IServiceCollection services)
    {
        services.AddSettings<DatabaseSettings>();
        services.AddSettings<StartupSettings>();
        services.AddSettings<AuditSettings>();
        services.AddSettings<ProxySettings>();
        services.AddSettings<JobSettings>();
        services.AddSettings<ComplianceSettings>();
        services.AddSettings<LedgerSettings>();
        services.AddSettings<MeetingSettings>();
        services.AddSettings<CheckInSettings>();
    }

    private static void Configure(WebApplication app)
    {
        app.UseForwardedHeaders();
        // API requests: ProblemDetails from ExceptionMappingMiddleware; pages: the error page re-executed with the mapped status
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", StatusCodeSelector = e => ErrorResponses.Classify(e).Status });
        app.UseMiddleware<ExceptionMappingMiddleware>();
        app.UseWhen(ErrorResponses.IsApi, a => a.UseStatusCodePages());
        app.UseWhen(ctx => !ErrorResponses.IsApi(ctx), a => a.UseStatusCodePagesWithReExecute("/Error/{0}"));
        app.UseMiddleware<SecureCookiesMiddleware>();
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            await next();
        });
        app.MapStaticAssets().AllowAnonymous();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<ScopeAuthorizationMiddleware>();
        app.UseMiddleware<AccountGateMiddleware>();
        app.UseMiddleware<UploadLimitMiddleware>();
        app.UseAntiforgery();

        app.MapRazorPages();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        Health.Map(app);
        var api = app.MapGroup("/api/v1").WithTags("v1");
        Features.FeatureRegistry.MapApi(api);
    }
}
