using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Data;

/// <summary>
/// Runs before the server listens: starts the local database when needed, applies migrations, and on
/// an empty database seeds the demo group (Bastion:Demo) or creates the initial administrator.
/// </summary>
public sealed class DatabaseInitializer(Database database, MigrationRunner migrations, IServiceProvider services, IOptions<StartupSettings> settings, TimeProvider clock, OperatorConsole console, ILogger<DatabaseInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        console.WriteLine("正在准备数据库… / preparing the database…");
        var applied = await database.PrepareAsync(migrations, ct);
        if (applied > 0) console.WriteLine($"已执行数据库迁移 {applied} 项 / applied {applied} migrations");
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "system");
        // first-run setup, serialised across instances starting together
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.FirstRunSetup})", ct);
        await EnsureRolePoliciesAsync(db, clock.GetUtcNow(), ct);
        if (!await db.Users.AnyAsync(ct))
        {
            if (settings.Value.Demo)
            {
                console.WriteLine("正在导入演示数据（组织、党员、组织生活、台账、巡察），约需 1 分钟… / seeding the demo data, about a minute…");
                await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(ct);
            }
            else
                await CreateInitialAdminAsync(scope.ServiceProvider, ct);
        }
        await tx.CommitAsync(ct);
    }

    public Task StopAsync(CancellationToken ct)
    {
        database.Stop();
        return Task.CompletedTask;
    }

    private static async Task EnsureRolePoliciesAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var have = await db.RolePolicies.Select(p => p.Role).ToListAsync(ct);
        foreach (var r in Roles.All.Except(have))
            db.RolePolicies.Add(new RolePolicy { Role = r, RequireTwoFactor = false, UpdatedAt = now });
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
    }

    /// <summary>The first run creates the initial system administrator: from configuration, or with a
    /// one-time password printed to the console that must be changed at first sign-in.</summary>
    private async Task CreateInitialAdminAsync(IServiceProvider sp, CancellationToken ct)
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var db = sp.GetRequiredService<AppDbContext>();
        var name = settings.Value.InitialAdminUserName;
        var configured = settings.Value.InitialAdminPassword;
        var now = clock.GetUtcNow();
        var password = string.IsNullOrEmpty(configured) ? PasswordPolicy.Generate() : configured;
        var user = new AppUser { UserName = name, DisplayName = "系统管理员", CreatedAt = now, MustChangePassword = string.IsNullOrEmpty(configured), LockoutEnabled = true };
        var r = await users.CreateAsync(user, password);
        if (!r.Succeeded)
            throw new StartupException("初始管理员创建失败：" + string.Join("；", r.Errors.Select(e => e.Description)),
                "Could not create the initial administrator (check Bastion:InitialAdmin:Password against the password policy).");
        db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = Role.SystemAdmin, GrantedAt = now });
        await db.SaveChangesAsync(ct);
        if (string.IsNullOrEmpty(configured))
        {
            console.WriteLine();
            console.WriteLine("==================================================================");
            console.WriteLine($" 初始系统管理员 / initial administrator:  {name}");
            console.WriteLine($" 一次性密码 / one-time password:           {password}");
            console.WriteLine(" 首次登录后须修改密码。此密码不会再次显示。/ Change it at first sign-in; it is not shown again.");
            console.WriteLine(" 登录后在“首次设置”（/Setup）建立顶层党委和安全管理员、审计管理员、党委管理员账号。");
            console.WriteLine(" After signing in, open /Setup to create the top 党委 and the other administrators.");
            console.WriteLine("==================================================================");
            console.WriteLine();
        }
        else
        {
            log.LogInformation("Initial administrator {Name} created from configuration", name);
            console.WriteLine($"初始系统管理员 {name} 已按配置创建；登录后在“首次设置”（/Setup）建立顶层党委和其他管理员账号。/ open /Setup after signing in.");
        }
    }
}
