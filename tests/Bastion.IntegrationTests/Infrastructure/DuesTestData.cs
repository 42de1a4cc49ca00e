using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>
/// The set-up the dues tests share on <see cref="TestWorld"/>: the national rate tables, the world's members in the 学生
/// category (0.20 a month, so nobody blocks a settlement with a missing amount) and an administrator of the top 党委 R
/// (the world's orgadmin is granted on A, below R).
/// </summary>
public static class DuesTestData
{
    public const string TopAdmin = "topadmin";

    /// <summary>Rate tables from <paramref name="ratesFrom"/>, the world's members as 学生 (unless told not to), and the top administrator.</summary>
    public static async Task SeedAsync(AppFactory app, DateTimeOffset now, DateOnly ratesFrom, bool worldMembersAsStudents = true,
        string topAdmin = TopAdmin, string topAdminDisplayName = "集团党委管理员")
    {
        await app.WithDbAsync(async db =>
        {
            await DuesRateTables.SeedNationalAsync(db, ratesFrom, now, "test");
            if (worldMembersAsStudents)
                foreach (var id in app.World.MemberInOrg.Values) db.Add(new DuesProfile { MemberId = id, Category = DuesCategory.学生, UpdatedAt = now });
            await db.SaveChangesAsync();
            return 0;
        });
        await AddUserAsync(app, topAdmin, Role.OrgAdmin, app.World.R.Id, now, topAdminDisplayName);
    }

    /// <summary>The national rate tables alone, effective from <paramref name="from"/>.</summary>
    public static Task SeedRatesAsync(AppFactory app, DateOnly from, DateTimeOffset now) =>
        app.WithDbAsync(async db => { await DuesRateTables.SeedNationalAsync(db, from, now, "test"); return 0; });

    /// <summary>An account (password <see cref="AppFactory.Password"/>) with one role on one organization.</summary>
    public static async Task AddUserAsync(AppFactory app, string name, Role role, long orgId, DateTimeOffset now, string? displayName = null)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var u = new AppUser { UserName = name, DisplayName = displayName ?? name, CreatedAt = now, LockoutEnabled = true };
        (await users.CreateAsync(u, AppFactory.Password)).Succeeded.ShouldBeTrue();
        db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = role, OrgId = orgId, GrantedAt = now });
        await db.SaveChangesAsync();
    }
}
