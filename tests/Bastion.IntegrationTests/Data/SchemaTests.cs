using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Data;

/// <summary>The EF Core model and the migrated schema agree (no EF design-time tools here, so we compare them directly).</summary>
public sealed class SchemaTests(AppFactory app) : AppTest(app)
{
    private sealed record Column(string Type, bool Nullable);

    private async Task<Dictionary<(string Table, string Column), Column>> ColumnsAsync()
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod), c.is_nullable = 'YES'
            FROM information_schema.columns c
            JOIN pg_attribute a ON a.attrelid = format('public.%I', c.table_name)::regclass AND a.attname = c.column_name
            WHERE c.table_schema = 'public'
            """, conn);
        var result = new Dictionary<(string, string), Column>();
        await using var rd = await cmd.ExecuteReaderAsync();
        while (await rd.ReadAsync()) result[(rd.GetString(0), rd.GetString(1))] = new Column(rd.GetString(2), rd.GetBoolean(3));
        return result;
    }

    private static string Normalize(string t) => t.ToLowerInvariant() switch
    {
        "timestamp with time zone" => "timestamptz",
        "character varying" => "varchar",
        var s when s.StartsWith("character varying(", StringComparison.Ordinal) => "varchar" + s["character varying".Length..],
        var s => s,
    };

    [Fact]
    public async Task Every_entity_property_has_a_column_of_the_same_type_and_nullability()
    {
        var columns = await ColumnsAsync();
        var mismatches = new List<string>();
        await App.WithDbAsync(db =>
        {
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName()!;
                var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
                foreach (var p in entity.GetProperties())
                {
                    var col = p.GetColumnName(store)!;
                    if (!columns.TryGetValue((table, col), out var actual)) { mismatches.Add($"{table}.{col} missing"); continue; }
                    var expected = Normalize(p.GetColumnType());
                    if (Normalize(actual.Type) != expected) mismatches.Add($"{table}.{col}: model {expected}, database {actual.Type}");
                    if (actual.Nullable != p.IsColumnNullable(store)) mismatches.Add($"{table}.{col}: model nullable={p.IsColumnNullable(store)}, database nullable={actual.Nullable}");
                }
            }
            return Task.FromResult(0);
        });
        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_table_and_column_in_the_database_is_in_the_model()
    {
        var columns = await ColumnsAsync();
        var modelled = await App.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (e.GetTableName()!, p.GetColumnName(Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(e.GetTableName()!, null))!)))
            .ToHashSet()));
        // compliance_changes is written by triggers and read with SQL by ComplianceCache only (migration 0022);
        // audit_checkpoints is written and read with SQL by AuditCheckpoints only (migration 0031)
        var extra = columns.Keys.Where(k => k.Table is not ("schema_migrations" or "compliance_changes" or "audit_checkpoints") && !modelled.Contains(k)).Select(k => $"{k.Table}.{k.Column}").ToList();
        extra.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_entity_can_be_inserted_and_read_back()
    {
        using var scope = App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<AuditActor>().Set(null, "schema-test");
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var now = DateTimeOffset.UtcNow;

        var user = new AppUser { UserName = "roundtrip", DisplayName = "往返测试", CreatedAt = now, LockoutEnabled = true, LastSignInAt = now };
        (await users.CreateAsync(user, AppFactory.Password)).Succeeded.ShouldBeTrue();
        await users.AddClaimAsync(user, new System.Security.Claims.Claim("k", "v"));
        await users.AddLoginAsync(user, new UserLoginInfo("ext", "key-1", "外部"));
        await users.ResetAuthenticatorKeyAsync(user);
        var member = new Member
        {
            OrgId = World.A1.Id, Name = "张三", Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110105", new DateOnly(1980, 5, 6), 123),
            BirthDate = new DateOnly(1980, 5, 6), Phone = "13812345678", Category = MemberCategory.预备党员, JoinedAt = new DateOnly(2025, 7, 1),
            ConfirmedAt = null, Education = "大学本科", Position = "工程师", CreatedAt = now,
        };
        db.Members.Add(member);
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, TokenHash = new string('a', 64), CreatedAt = now, ExpiresAt = now.AddHours(8), ClientIp = "127.0.0.1" });
        db.Notifications.Add(new Notification { UserId = user.Id, OrgId = World.A.Id, Title = "标题", Body = "内容", Url = "/", CreatedAt = now });
        db.AuditEntries.Add(new AuditEntry { Action = "test", Result = "success", Entity = "x", EntityId = "1", Before = "{\"a\": 1}", After = "{\"b\": \"中文\"}" });
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "k", Xml = "<key/>", CreatedAt = now });
        await db.SaveChangesAsync();
        // an account is linked to an existing member (users.member_id references members)
        user.MemberId = member.Id;
        (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();

        using var readScope = App.Services.CreateScope();
        var fresh = readScope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await fresh.Users.SingleAsync(u => u.UserName == "roundtrip")).MemberId.ShouldBe(member.Id);
        (await fresh.UserClaims.CountAsync(c => c.UserId == user.Id)).ShouldBe(1);
        (await fresh.UserLogins.CountAsync(c => c.UserId == user.Id)).ShouldBe(1);
        (await fresh.UserTokens.CountAsync(c => c.UserId == user.Id)).ShouldBe(1);
        var m = await fresh.Members.SingleAsync(x => x.Id == member.Id);
        (m.Name, m.Gender, m.Category, m.JoinedAt, m.IdNumber).ShouldBe((member.Name, Gender.男, MemberCategory.预备党员, new DateOnly(2025, 7, 1), member.IdNumber));
        (await fresh.Organizations.SingleAsync(o => o.Id == World.A1Group.Id)).Path.ShouldBe(World.A1Group.Path);
        (await fresh.RoleGrants.CountAsync()).ShouldBeGreaterThan(0);
        (await fresh.RolePolicies.CountAsync()).ShouldBe(Roles.All.Count);
        (await fresh.ApiTokens.SingleAsync(t => t.UserId == user.Id)).ClientIp.ShouldBe("127.0.0.1");
        (await fresh.Notifications.SingleAsync(n => n.UserId == user.Id)).Title.ShouldBe("标题");
        var audit = await fresh.AuditEntries.SingleAsync(a => a.Action == "test");
        audit.After!.ShouldContain("中文");
        audit.Hash.ShouldNotBeNullOrEmpty();
        audit.ActorName.ShouldBe("schema-test");
        (await fresh.DataProtectionKeys.CountAsync(k => k.FriendlyName == "k")).ShouldBe(1);
    }
}
