using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>
/// The app over a real PostgreSQL database. <see cref="ResetAsync"/> empties every table and restarts their sequences,
/// then seeds <see cref="World"/>, so each test starts from the same known state: the first reset seeds it through the
/// app and keeps a copy of every row it wrote; every later reset puts that copy back.
/// </summary>
public sealed partial class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Test@Pass2026";
    /// <summary>The superuser's connection (test set-up, reset, tampering); the app itself connects as <see cref="AppConnectionString"/>.</summary>
    public string ConnectionString { get; private set; } = "";
    /// <summary>The app's own least-privileged connection (role bastion_app), exactly as a shipped external configuration.</summary>
    public string AppConnectionString => TestCluster.AppConnectionString(ConnectionString);
    public TestWorld World { get; private set; } = null!;
    /// <summary>The app's clock: tests move it forward instead of sleeping.</summary>
    public TestClock Clock { get; } = new();
    /// <summary>The audit checkpoint key of every app the tests start over an external database (one per run; never in a table).</summary>
    public static readonly string CheckpointKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    /// <summary>This app's copy file of the audit checkpoints (emptied by <see cref="ResetAsync"/> with the tables).</summary>
    public string CheckpointCopy { get; } = Path.Combine(Path.GetTempPath(), "bastion-it-checkpoints-" + Guid.NewGuid().ToString("N")[..12] + ".jsonl");

    public async Task InitializeAsync()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        ConnectionString = await TestCluster.NewDatabaseAsync("it");
        var made = sw.Elapsed.TotalMilliseconds;
        _ = Services; // start the host: migrations run here
        TestTiming.Write($"factory database={made:F0}ms start={sw.Elapsed.TotalMilliseconds - made:F0}ms");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(CheckpointCopy);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Bastion", AppConnectionString);
        builder.UseSetting("ConnectionStrings:BastionOwner", ConnectionString);
        builder.UseSetting("Bastion:Jobs:Enabled", "false");
        builder.UseSetting("Bastion:StrictQueries", "true");
        // audit checkpoints: the key and copy file a test can reach; no timer during the run (tests call the writer)
        builder.UseSetting("Bastion:Audit:CheckpointKey", CheckpointKey);
        builder.UseSetting("Bastion:Audit:CheckpointCopy", CheckpointCopy);
        builder.UseSetting("Bastion:Audit:CheckpointInterval", "1.00:00:00");
        // every compliance rollup goes through the cache, so every compliance test checks it stays correct
        builder.UseSetting("Bastion:Compliance:CacheMinBranches", "1");
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>
    /// Empties every public table but schema_migrations and data_protection_keys and restarts their sequences, server-side
    /// in one round trip. In replica mode (no trigger but the audit chain's insert trigger fires, foreign keys are not
    /// checked) a DELETE per table and a setval per used sequence leave exactly what TRUNCATE … RESTART IDENTITY CASCADE
    /// left — without giving ~130 tables and their indexes new files, and every connection of the app new plans, before
    /// each test.
    /// </summary>
    private const string ResetSql = """
        SET session_replication_role = replica;
        DO $reset$
        DECLARE t regclass;
        BEGIN
            FOR t IN SELECT c.oid FROM pg_class c
                     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                       AND c.relname NOT IN ('schema_migrations', 'data_protection_keys')
            LOOP
                EXECUTE format('DELETE FROM %s', t);
            END LOOP;
            -- RESTART IDENTITY: each sequence these tables own (serial, identity, OWNED BY) that was used starts over
            PERFORM setval(q.seqrelid, q.seqstart, false)
            FROM pg_sequence q
            JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = q.seqrelid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            JOIN pg_class c ON c.oid = d.refobjid
            WHERE c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('schema_migrations', 'data_protection_keys')
              AND pg_sequence_last_value(q.seqrelid) IS NOT NULL;
        END
        $reset$;
        SET session_replication_role = origin;
        """;

    /// <summary>
    /// Copies what the seed wrote into schema <c>it_seed</c> (out of the app role's reach): each table the seed left rows
    /// in, with its columns but the generated ones, and each sequence the seed used, with its value.
    /// </summary>
    private const string KeepSeedSql = """
        DROP SCHEMA IF EXISTS it_seed CASCADE;
        CREATE SCHEMA it_seed;
        CREATE TABLE it_seed.tables (name text PRIMARY KEY, columns text NOT NULL, ordered_by text NOT NULL);
        DO $keep$
        DECLARE t record; has_rows boolean;
        BEGIN
            FOR t IN SELECT c.oid::regclass AS rel, c.relname,
                            (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns
                     FROM pg_class c
                     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                       AND c.relname NOT IN ('schema_migrations', 'data_protection_keys')
            LOOP
                EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', t.rel) INTO has_rows;
                CONTINUE WHEN NOT has_rows;
                EXECUTE format('CREATE TABLE it_seed.%I AS SELECT %s FROM %s', t.relname, t.columns, t.rel);
                -- the audit chain's trigger numbers and links rows as they come: they must come in their order
                INSERT INTO it_seed.tables VALUES (t.relname, t.columns,
                    CASE WHEN t.columns ~ '(^|, )id(,|$)' THEN 'ORDER BY id' ELSE '' END);
            END LOOP;
        END
        $keep$;
        CREATE TABLE it_seed.sequences AS
            SELECT format('%I.%I', schemaname, sequencename)::regclass AS seq, last_value FROM pg_sequences
            WHERE schemaname = 'public' AND last_value IS NOT NULL AND sequencename <> 'data_protection_keys_id_seq';
        """;

    /// <summary>After <see cref="ResetSql"/>: the seeded rows and sequence values back (still in replica mode: the
    /// rows are the seed's own, so no trigger but the audit chain's needs to run again).</summary>
    private const string RestoreSeedSql = """
        SET session_replication_role = replica;
        DO $restore$
        DECLARE t record;
        BEGIN
            FOR t IN SELECT name, columns, ordered_by FROM it_seed.tables LOOP
                EXECUTE format('INSERT INTO public.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM it_seed.%I %s',
                               t.name, t.columns, t.columns, t.name, t.ordered_by);
            END LOOP;
            PERFORM setval(seq, last_value, true) FROM it_seed.sequences;
        END
        $restore$;
        SET session_replication_role = origin;
        """;

    private TestWorld? _seeded;

    public async Task ResetAsync()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        File.Delete(CheckpointCopy); // the checkpoints of the chain emptied below
        Clock.Offset = TimeSpan.Zero;
        if (_seeded is null)
        {
            await ExecAsync(ResetSql);
            var emptied = sw.Elapsed.TotalMilliseconds;
            _seeded = await TestWorld.SeedAsync(Services);
            await ExecAsync(KeepSeedSql);
            TestTiming.Write($"reset empty={emptied:F1}ms seed={sw.Elapsed.TotalMilliseconds - emptied:F1}ms (kept)");
        }
        else
        {
            await ExecAsync(ResetSql + RestoreSeedSql);
            TestTiming.Write($"reset restored={sw.Elapsed.TotalMilliseconds:F1}ms");
        }
        World = _seeded;
    }

    /// <summary>Seeds one planned meeting in each test organization, for record-scoped endpoints (policy matrix).</summary>
    public async Task SeedRecordMeetingsAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var w = World;
        var ids = await MeetingTestData.SeedAsync(db, [w.R, w.A, w.A1, w.B, w.B1, w.U], DateTimeOffset.UtcNow);
        World = w with { MeetingInOrg = ids };
    }

    /// <summary>A round, an inspected organization (past 反馈) and a finding in each of R, A, A1, B, B1, U (for record-scoped policy checks).</summary>
    public async Task SeedRecordInspectionsAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var w = World;
        World = w with { InspectionRecordIn = await InspectionTestData.SeedAsync(db, [w.R, w.A, w.A1, w.B, w.B1, w.U], DateTimeOffset.UtcNow) };
    }

    /// <summary>One 党外人士 filed under each of R, A, A1, B, B1, U (for record-scoped policy checks).</summary>
    public async Task SeedRecordUnitedFrontAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var w = World;
        World = w with { UnitedFrontInOrg = await UnitedFrontTestData.SeedAsync(db, [w.R, w.A, w.A1, w.B, w.B1, w.U], DateTimeOffset.UtcNow) };
    }

    /// <summary>One 发展党员 case filed under each of R, A, A1, B, B1, U (for record-scoped policy checks).</summary>
    public async Task SeedRecordDevelopmentCasesAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var w = World;
        var ids = new Dictionary<long, long>();
        var n = 0;
        foreach (var o in new[] { w.R, w.A, w.A1, w.B, w.B1, w.U })
        {
            var birth = new DateOnly(2000, 1, 1 + n++);
            var c = new DevelopmentCase
            {
                OrgId = o.Id, Name = "申请人" + n, IdNumber = ChineseIdNumber.Compose("110105", birth, 301), BirthDate = birth, Gender = Gender.男,
                AppliedOn = new DateOnly(2026, 1, 5), State = DevelopmentState.申请人, PackVersion = DevelopmentRulePacks.细则2014.Version,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Add(c);
            await db.SaveChangesAsync();
            db.Add(new DevelopmentStep { CaseId = c.Id, OrgId = o.Id, Step = "1", On = c.AppliedOn, RecordedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            ids[o.Id] = c.Id;
        }
        // a decided (refused) 转出 into each organization: record-scoped on its receiving OrgId
        var transfers = new Dictionary<long, long>();
        foreach (var o in new[] { w.R, w.A, w.A1, w.B, w.B1, w.U })
        {
            var from = o.Id == w.U.Id ? w.R : w.U;
            var t = new DevelopmentTransfer
            {
                CaseId = ids[from.Id], OrgId = o.Id, FromOrgId = from.Id, State = DevelopmentTransferState.已退回, On = new DateOnly(2026, 1, 6), Reason = "测试",
                CreatedAt = DateTimeOffset.UtcNow, DecidedAt = DateTimeOffset.UtcNow, DecisionNote = "测试退回",
            };
            db.Add(t);
            await db.SaveChangesAsync();
            transfers[o.Id] = t.Id;
        }
        World = w with { DevelopmentCaseInOrg = ids, DevelopmentTransferInOrg = transfers };
    }

    /// <summary>A dues month (启动缴费), a member's line and a pending payment in each of R, A, A1, B, B1, U (for record-scoped policy checks).</summary>
    public async Task SeedRecordDuesAsync()
    {
        var w = World;
        var ids = new Dictionary<(Type, long), long>();
        var i = 0;
        foreach (var o in new[] { w.R, w.A, w.A1, w.B, w.B1, w.U })
        {
            var month = $"DATE '2025-01-01' + interval '{i++} months'";
            var monthId = await ScalarAsync($"INSERT INTO dues_months (org_id, month, state, created_at) VALUES ({o.Id}, {month}, '启动缴费', now()) RETURNING id");
            var entryId = await ScalarAsync($"INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, due) VALUES ({monthId}, {month}, {w.MemberInOrg[o.Id]}, {o.Id}, {o.Id}, 1) RETURNING id");
            var paymentId = await ScalarAsync($"""
                INSERT INTO dues_payments (org_id, member_id, entry_id, for_month, recorded_in_month, kind, state, amount, method, paid_on, recorded_at)
                VALUES ({o.Id}, {w.MemberInOrg[o.Id]}, {entryId}, {month}, {month}, '党费', '待确认', 1, '线上支付', DATE '2025-01-05', now()) RETURNING id
                """);
            ids[(typeof(DuesMonth), o.Id)] = monthId;
            ids[(typeof(DuesEntry), o.Id)] = entryId;
            ids[(typeof(DuesPayment), o.Id)] = paymentId;
            ids[(typeof(DuesReduction), o.Id)] = await ScalarAsync($"""
                INSERT INTO dues_reductions (org_id, member_id, from_month, to_month, amount, branch_decision, state, created_at)
                VALUES ({o.Id}, {w.MemberInOrg[o.Id]}, {month}, {month}, 0, '支委会研究', '待审批', now()) RETURNING id
                """);
        }
        World = w with { DuesRecordIn = ids };
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A cookie-authenticated client, signed in through the real login form.</summary>
    public async Task<HttpClient> SignedInAsync(string userName, string password = Password)
    {
        var c = Client();
        var r = await PostFormAsync(c, "/Account/Login", new() { ["UserName"] = userName, ["Password"] = password });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {userName} should redirect");
        return c;
    }

    public async Task<string> TokenAsync(string userName, string password = Password)
    {
        var r = await Client().PostAsJsonAsync("/api/v1/tokens", new { userName, password });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
    }

    public async Task<HttpClient> BearerAsync(string userName)
    {
        var c = Client();
        c.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(userName));
        return c;
    }

    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

    /// <summary>GETs the form page for its antiforgery token, then POSTs the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient c, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await c.GetAsync(formPage ?? url);
        var html = await page.Content.ReadAsStringAsync();
        var m = TokenPattern().Match(html);
        if (!m.Success) throw new InvalidOperationException($"no antiforgery token on {formPage ?? url} ({(int)page.StatusCode})");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(m.Groups[1].Value);
        return await c.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> f)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
        return await f(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A further account holding <paramref name="role"/> on <paramref name="org"/> (password <see cref="Password"/>).</summary>
    public async Task<long> AddUserAsync(string userName, Role role, Organization org)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var u = new AppUser { UserName = userName, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
        var created = await users.CreateAsync(u, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = role, OrgId = org.Id, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return u.Id;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// The known state every test starts from. All scoped roles are granted on A, so for them:
/// own = A, child = A1, parent = R, sibling = B, unrelated = U.
/// </summary>
public sealed record TestWorld(
    Organization R, Organization A, Organization A1, Organization A1Group, Organization B, Organization B1, Organization U,
    IReadOnlyDictionary<Role, string> UserOf, IReadOnlyDictionary<string, long> UserIds, IReadOnlyDictionary<long, long> MemberInOrg)
{
    /// <summary>The id of a record of the given type that belongs to the organization (for record-scoped endpoints).</summary>
    public long RecordIn(Type record, Organization org) => record == typeof(Member)
        ? MemberInOrg[org.Id]
        : record == typeof(MemberTransfer) ? TransferInOrg[org.Id]
        : record == typeof(Meeting) ? MeetingInOrg[org.Id]
        : record == typeof(UnitedFrontPerson) ? UnitedFrontInOrg[org.Id]
        : record == typeof(DevelopmentCase) ? DevelopmentCaseInOrg[org.Id]
        : record == typeof(DevelopmentTransfer) ? DevelopmentTransferInOrg[org.Id]
        : InspectionRecordIn.TryGetValue((record, org.Id), out var inspection) ? inspection
        : DuesRecordIn.TryGetValue((record, org.Id), out var dues) ? dues
        : throw new NotSupportedException($"no test record of {record.Name}; add one to TestWorld");

    /// <summary>A withdrawn transfer kept by each of R, A, A1, B, B1, U (seeded by <see cref="TransferTestData"/>).</summary>
    public IReadOnlyDictionary<long, long> TransferInOrg { get; init; } = new Dictionary<long, long>();

    /// <summary>A planned meeting of each of R, A, A1, B, B1, U; seeded on demand by <see cref="AppFactory.SeedRecordMeetingsAsync"/> (not in every test, so meeting counts start at zero).</summary>
    public IReadOnlyDictionary<long, long> MeetingInOrg { get; init; } = new Dictionary<long, long>();

    /// <summary>A 党外人士 of each of R, A, A1, B, B1, U; seeded on demand by <see cref="AppFactory.SeedRecordUnitedFrontAsync"/>.</summary>
    public IReadOnlyDictionary<long, long> UnitedFrontInOrg { get; init; } = new Dictionary<long, long>();

    /// <summary>A 发展党员 case of each of R, A, A1, B, B1, U; seeded on demand by <see cref="AppFactory.SeedRecordDevelopmentCasesAsync"/>.</summary>
    public IReadOnlyDictionary<long, long> DevelopmentCaseInOrg { get; init; } = new Dictionary<long, long>();

    /// <summary>A refused 发展党员 转出 received by each of R, A, A1, B, B1, U (its OrgId); seeded with the cases.</summary>
    public IReadOnlyDictionary<long, long> DevelopmentTransferInOrg { get; init; } = new Dictionary<long, long>();

    /// <summary>巡察 records (round, target, finding) per organization; seeded on demand by <see cref="AppFactory.SeedRecordInspectionsAsync"/>.</summary>
    public IReadOnlyDictionary<(Type, long), long> InspectionRecordIn { get; init; } = new Dictionary<(Type, long), long>();

    /// <summary>党费 records (a month, a member's line, a pending payment) per organization; seeded on demand by <see cref="AppFactory.SeedRecordDuesAsync"/>.</summary>
    public IReadOnlyDictionary<(Type, long), long> DuesRecordIn { get; init; } = new Dictionary<(Type, long), long>();

    public static async Task<TestWorld> SeedAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<AuditActor>().Set(null, "test-seed");
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var now = DateTimeOffset.UtcNow;
        foreach (var r in Roles.All) db.RolePolicies.Add(new RolePolicy { Role = r, UpdatedAt = now });
        var sort = 0;
        async Task<Organization> Org(string name, OrgType type, Organization? parent)
        {
            var id = await db.NextOrganizationIdAsync();
            var o = new Organization { Id = id, Name = name, Type = type, ParentId = parent?.Id, Path = OrgRules.ChildPath(parent?.Path ?? "", id), SortOrder = sort++, CreatedAt = now };
            db.Organizations.Add(o);
            await db.SaveChangesAsync();
            return o;
        }
        var r0 = await Org("测试集团党委", OrgType.党委, null);
        var a = await Org("甲公司党委", OrgType.党委, r0);
        var a1 = await Org("甲一党支部", OrgType.党支部, a);
        var a1g = await Org("甲一第一党小组", OrgType.党小组, a1);
        var b = await Org("乙公司党委", OrgType.党委, r0);
        var b1 = await Org("乙一党支部", OrgType.党支部, b);
        var u = await Org("无关单位党委", OrgType.党委, null);

        var names = new Dictionary<Role, string>
        {
            [Role.SystemAdmin] = "sys", [Role.SecurityAdmin] = "sec", [Role.AuditAdmin] = "aud", [Role.OrgAdmin] = "orgadmin",
            [Role.Inspector] = "insp", [Role.BranchSecretary] = "branchsec", [Role.Member] = "mem",
            [Role.Discipline] = "disc",
        };
        var ids = new Dictionary<string, long>();
        foreach (var (role, name) in names)
        {
            var user = new AppUser { UserName = name, DisplayName = Roles.Display(role), CreatedAt = now, LockoutEnabled = true };
            var res = await users.CreateAsync(user, AppFactory.Password);
            res.Succeeded.ShouldBeTrue(string.Join(";", res.Errors.Select(e => e.Description)));
            db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = role, OrgId = Roles.IsAdministrator(role) ? null : a.Id, GrantedAt = now });
            ids[name] = user.Id;
        }
        await db.SaveChangesAsync();

        // one member in each organization a record-scoped endpoint is tested against
        var memberIn = new Dictionary<long, long>();
        var n = 0;
        foreach (var o in new[] { r0, a, a1, b, b1, u })
        {
            var birth = new DateOnly(1980 + n, 3, 10);
            var m = new Member
            {
                OrgId = o.Id, Name = "测试党员" + (++n), Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110105", birth, 101 + 2 * n),
                BirthDate = birth, Phone = "1380000000" + n, Category = MemberCategory.正式党员, JoinedAt = birth.AddYears(25),
                ConfirmedAt = birth.AddYears(26), CreatedAt = now,
            };
            db.Members.Add(m);
            await db.SaveChangesAsync();
            memberIn[o.Id] = m.Id;
        }
        var transferIn = await TransferTestData.SeedAsync(db, [r0, a, a1, b, b1, u], a1, b1, memberIn, now);
        return new TestWorld(r0, a, a1, a1g, b, b1, u, names, ids, memberIn) { TransferInOrg = transferIn };
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFactory>
{
    public const string Name = "app";
}

/// <summary>
/// Tests that measure what one request allocates with the process-wide counter: they run alone (after every parallel
/// collection), one after the other, on an app of their own (one for all of them: a start less at the end of the run).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection : ICollectionFixture<AppFactory>
{
    public const string Name = "measured-alone";
}

/// <summary>Base for tests against the shared app: resets the database before every test.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(AppFactory app) : IAsyncLifetime
{
    protected AppFactory App { get; } = app;
    protected TestWorld World => App.World;
    public virtual Task InitializeAsync() => App.ResetAsync();
    public virtual Task DisposeAsync() => Task.CompletedTask;
}
