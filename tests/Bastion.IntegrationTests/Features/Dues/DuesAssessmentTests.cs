using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Features.Dues;

/// <summary>
/// The set-based "who owes what for month M" (SQL function dues_assessment) against the pure rule DuesRules.Assess:
/// same amounts at every bracket boundary, bases by month with mid-year adjustments, versions by effective month.
/// </summary>
public sealed class DuesAssessmentTests(AppFactory app) : AppTest(app)
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);
    private int _seq;

    private async Task<T> Db<T>(Func<AppDbContext, Task<T>> f) => await App.WithDbAsync(f);

    private async Task<long> AddMemberAsync(AppDbContext db, long orgId, DuesCategory? category, DateOnly? joined = null,
        PartyStatus status = PartyStatus.正常, MemberCategory kind = MemberCategory.正式党员)
    {
        var birth = new DateOnly(1970, 1, 1).AddDays(++_seq);
        var m = new Member
        {
            OrgId = orgId, Name = "党费测试" + _seq, Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("310101", birth, 500 + _seq),
            BirthDate = birth, Category = kind, JoinedAt = joined ?? new DateOnly(2000, 7, 1), PartyStatus = status, CreatedAt = Now,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        if (category is { } c)
        {
            db.Add(new DuesProfile { MemberId = m.Id, Category = c, UpdatedAt = Now, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        return m.Id;
    }

    private static void AddBase(AppDbContext db, long memberId, int year, int fromMonth, decimal @base) =>
        db.Add(new DuesBase
        {
            MemberId = memberId, Year = year, FromMonth = (short)fromMonth, Pay = @base, TaxWithheld = 0, Insurance = 0, HousingFund = 0,
            Base = @base, Source = DuesBaseSource.手工, CreatedAt = Now, CreatedBy = "test",
        });

    private Task<IReadOnlyList<MemberDue>> ForMonthAsync(DateOnly month, string? scope = null) =>
        Db(db => new DuesAssessment(db).ForMonthAsync(month, scope));

    private Task SeedNationalAsync() => DuesTestData.SeedRatesAsync(App, new DateOnly(2026, 1, 1), Now);

    [Fact]
    public async Task The_sql_assessment_agrees_with_the_domain_rule_at_every_boundary()
    {
        await SeedNationalAsync();
        decimal[] bases = [0m, 0.01m, 1m, 2999.99m, 3000m, 3000.01m, 3000.50m, 3456.70m, 4900m, 5000m, 5000.01m, 5100m, 5200m, 9999.99m, 10000m, 10000.01m, 12345.67m];
        var expected = new Dictionary<long, DuesDue>();
        await Db(async db =>
        {
            foreach (var c in new[] { DuesCategory.在职, DuesCategory.年薪制, DuesCategory.个体, DuesCategory.离退休 })
                foreach (var b in bases)
                {
                    var id = await AddMemberAsync(db, World.A1.Id, c);
                    AddBase(db, id, 2026, 1, b);
                    expected[id] = DuesRules.Assess(DuesRules.NationalStandard(c), b).Value!;
                }
            foreach (var c in new[] { DuesCategory.学生, DuesCategory.下岗失业, DuesCategory.抚恤救济, DuesCategory.低保, DuesCategory.农民 })
                expected[await AddMemberAsync(db, World.A1.Id, c)] = DuesRules.Assess(DuesRules.NationalStandard(c), null).Value!;
            await db.SaveChangesAsync();
            return 0;
        });

        var dues = (await ForMonthAsync(new DateOnly(2026, 3, 15))).ToDictionary(d => d.MemberId);
        foreach (var (id, want) in expected)
        {
            var got = dues[id];
            (got.Category, got.Base, got.Rate, got.Amount, got.Problem).ShouldBe((want.Category, want.Base, want.Rate, (decimal?)want.Amount, (string?)null), $"member {id}");
            got.BranchId.ShouldBe(World.A1.Id);
        }
        // the §2.5 figures themselves
        decimal AmountOf(DuesCategory c, decimal b) => dues.Values.Single(d => d.Category == c && d.Base == b).Amount!.Value;
        AmountOf(DuesCategory.在职, 5000m).ShouldBe(50.00m);
        AmountOf(DuesCategory.在职, 5000.01m).ShouldBe(75.00m);
        AmountOf(DuesCategory.在职, 3000m).ShouldBe(15.00m);
        AmountOf(DuesCategory.在职, 5100m).ShouldBe(76.50m);
        AmountOf(DuesCategory.在职, 4900m).ShouldBe(49.00m);
        AmountOf(DuesCategory.离退休, 5200m).ShouldBe(52.00m);
        dues.Values.Single(d => d.Category == DuesCategory.学生).Amount.ShouldBe(0.20m);
    }

    [Fact]
    public async Task The_base_of_a_month_is_the_latest_at_or_before_it_including_last_year()
    {
        await SeedNationalAsync();
        var (adjusted, carried, none) = await Db(async db =>
        {
            var a = await AddMemberAsync(db, World.A1.Id, DuesCategory.在职);
            AddBase(db, a, 2026, 1, 4900m);
            AddBase(db, a, 2026, 7, 5100m);
            var c = await AddMemberAsync(db, World.A1.Id, DuesCategory.在职);
            AddBase(db, c, 2025, 1, 3000m);
            AddBase(db, c, 2027, 1, 9000m);
            var n = await AddMemberAsync(db, World.A1.Id, DuesCategory.在职);
            await db.SaveChangesAsync();
            return (a, c, n);
        });
        var june = (await ForMonthAsync(new DateOnly(2026, 6, 1))).ToDictionary(d => d.MemberId);
        var july = (await ForMonthAsync(new DateOnly(2026, 7, 31))).ToDictionary(d => d.MemberId);
        (june[adjusted].Base, june[adjusted].Amount).ShouldBe((4900m, 49.00m));
        (july[adjusted].Base, july[adjusted].Amount).ShouldBe((5100m, 76.50m));
        (june[carried].Base, june[carried].Amount).ShouldBe((3000m, 15.00m));
        (june[none].Amount, june[none].Problem).ShouldBe((null, "缺少党费基数"));
    }

    [Fact]
    public async Task A_new_version_applies_from_its_month_and_the_one_it_replaced_before()
    {
        await SeedNationalAsync();
        var id = await Db(async db =>
        {
            var m = await AddMemberAsync(db, World.A1.Id, DuesCategory.在职);
            AddBase(db, m, 2026, 1, 3456.70m);
            await db.SaveChangesAsync();
            var v2 = await DuesRateTables.AddDraftAsync(db, DuesRules.NationalStandard(DuesCategory.在职) with { Rounding = DuesRounding.角 },
                new DateOnly(2026, 7, 1), null, null, Now, "test");
            (await ForMonthViaAsync(db, m, new DateOnly(2026, 7, 1))).Amount.ShouldBe(34.57m); // a draft never applies
            var replaced = await DuesRateTables.ActivateAsync(db, v2, Now, "test");
            replaced!.State.ShouldBe(DuesTableState.作废);
            replaced.ReplacedById.ShouldBe(v2.Id);
            return m;
        });
        (await ForMonthAsync(new DateOnly(2026, 6, 1))).Single(d => d.MemberId == id).Amount.ShouldBe(34.57m);
        (await ForMonthAsync(new DateOnly(2026, 7, 1))).Single(d => d.MemberId == id).Amount.ShouldBe(34.60m);
    }

    [Fact]
    public async Task Voiding_the_version_in_force_on_its_own_leaves_the_category_without_a_standard()
    {
        await SeedNationalAsync();
        var (member, v2) = await Db(async db =>
        {
            var m = await AddMemberAsync(db, World.A1.Id, DuesCategory.学生);
            var draft = await DuesRateTables.AddDraftAsync(db, DuesRules.NationalStandard(DuesCategory.学生) with { FixedAmount = 0.30m },
                new DateOnly(2026, 7, 1), null, null, Now, "test");
            await DuesRateTables.ActivateAsync(db, draft, Now, "test");
            return (m, draft.Id);
        });
        (await ForMonthAsync(new DateOnly(2026, 6, 1))).Single(d => d.MemberId == member).Amount.ShouldBe(0.20m);
        (await ForMonthAsync(new DateOnly(2026, 7, 1))).Single(d => d.MemberId == member).Amount.ShouldBe(0.30m);
        await App.ExecAsync($"UPDATE dues_rate_tables SET state = '作废', voided_at = now() WHERE id = {v2}");
        foreach (var month in new[] { new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1) })
            (await ForMonthAsync(month)).Single(d => d.MemberId == member).Problem.ShouldBe("该类别没有启用的党费标准");
    }

    private static async Task<MemberDue> ForMonthViaAsync(AppDbContext db, long memberId, DateOnly month) =>
        (await new DuesAssessment(db).ForMemberAsync(memberId, month))!;

    [Fact]
    public async Task Farmers_pay_the_nearest_amount_set_at_or_above_their_branch()
    {
        await SeedNationalAsync();
        var (inA1, inGroup, inB1) = await Db(async db =>
        {
            db.Add(new DuesUnitSetting { OrgId = World.A.Id, FarmerAmount = 0.50m, UpdatedAt = Now });
            db.Add(new DuesUnitSetting { OrgId = World.A1.Id, FarmerAmount = 0.80m, UpdatedAt = Now });
            var a = await AddMemberAsync(db, World.A1.Id, DuesCategory.农民);
            var g = await AddMemberAsync(db, World.A1Group.Id, DuesCategory.农民);
            var b = await AddMemberAsync(db, World.B1.Id, DuesCategory.农民);
            return (a, g, b);
        });
        var dues = (await ForMonthAsync(new DateOnly(2026, 2, 1))).ToDictionary(d => d.MemberId);
        dues[inA1].Amount.ShouldBe(0.80m);
        dues[inGroup].Amount.ShouldBe(0.80m);
        dues[inGroup].BranchId.ShouldBe(World.A1.Id); // a 党小组 member owes to the group's branch
        dues[inB1].Amount.ShouldBe(0.20m);
    }

    [Fact]
    public async Task Who_is_assessed_follows_the_roll_and_the_month()
    {
        await SeedNationalAsync();
        var (probationer, expelled, lost, noProfile, temp) = await Db(async db =>
        {
            var p = await AddMemberAsync(db, World.A1.Id, DuesCategory.学生, joined: new DateOnly(2026, 5, 20), kind: MemberCategory.预备党员);
            var x = await AddMemberAsync(db, World.A1.Id, DuesCategory.学生, status: PartyStatus.出党);
            var l = await AddMemberAsync(db, World.A1.Id, DuesCategory.学生, status: PartyStatus.失联);
            var n = await AddMemberAsync(db, World.A1.Id, null);
            var tempOrg = new Organization { Id = await db.NextOrganizationIdAsync(), Name = "临时党支部", Type = OrgType.临时党支部, ParentId = World.A.Id, CreatedAt = Now };
            tempOrg.Path = OrgRules.ChildPath(World.A.Path, tempOrg.Id);
            db.Organizations.Add(tempOrg);
            await db.SaveChangesAsync();
            var t = await AddMemberAsync(db, tempOrg.Id, DuesCategory.学生);
            return (p, x, l, n, t);
        });
        var april = (await ForMonthAsync(new DateOnly(2026, 4, 30))).ToDictionary(d => d.MemberId);
        var may = (await ForMonthAsync(new DateOnly(2026, 5, 1))).ToDictionary(d => d.MemberId);
        april.ContainsKey(probationer).ShouldBeFalse();
        may[probationer].Amount.ShouldBe(0.20m); // a 预备党员 pays from the month of the 支部大会
        may.ContainsKey(expelled).ShouldBeFalse();
        may.ContainsKey(temp).ShouldBeFalse();
        may[lost].Amount.ShouldBe(0.20m);
        (may[noProfile].Category, may[noProfile].Amount, may[noProfile].Problem).ShouldBe((null, null, "未设置党费类别"));
        // scope: the subtree of B holds none of them
        (await ForMonthAsync(new DateOnly(2026, 5, 1), World.B.Path)).Select(d => d.MemberId).ShouldNotContain(probationer);
        (await ForMonthAsync(new DateOnly(2026, 5, 1), World.A1.Path)).Select(d => d.MemberId).ShouldContain(probationer);
    }

    [Fact]
    public async Task Without_a_table_in_force_the_problem_says_so()
    {
        var id = await Db(db => AddMemberAsync(db, World.A1.Id, DuesCategory.学生));
        var due = (await ForMonthAsync(new DateOnly(2026, 5, 1))).Single(d => d.MemberId == id);
        (due.Amount, due.Problem).ShouldBe((null, "该类别没有启用的党费标准"));
    }

    [Fact]
    public async Task The_snapshot_select_feeds_an_insert()
    {
        await SeedNationalAsync();
        await Db(async db => { await AddMemberAsync(db, World.A1.Id, DuesCategory.学生); return 0; });
        var month = new DateOnly(2026, 5, 1);
        var n = await Db(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TEMP TABLE snap (member_id bigint, org_id bigint, branch_id bigint, category varchar, base numeric, rate numeric, " +
                "amount numeric, table_id bigint, problem varchar) ON COMMIT DROP");
            const string insert = "INSERT INTO snap " + DuesAssessment.SnapshotSelectSql;
            var rows = await db.Database.ExecuteSqlRawAsync(insert,
                month, new NpgsqlParameter("@scope", NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value });
            await tx.CommitAsync();
            return rows;
        });
        n.ShouldBe((await ForMonthAsync(month)).Count);
    }

    [Fact]
    public async Task The_assessment_of_a_whole_tenant_joins_sets_instead_of_probing_per_member()
    {
        // Starting a month snapshots every member (1M in bench/dues): 0041's function ran a LATERAL … LIMIT 1 per member for
        // the base and a correlated subquery per organization for the 农民 amount (a SubPlan the planner costed at 44M, which
        // also switched JIT on). Joined as sets, the plan has neither, whatever the planner picks for the data it has.
        await SeedNationalAsync();
        await Db(async db => { await AddMemberAsync(db, World.A1.Id, DuesCategory.在职); return 0; });
        var plan = await Db(async db =>
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "EXPLAIN SELECT * FROM dues_assessment(DATE '2026-05-01', NULL)";
            var lines = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lines.Add(r.GetString(0));
            return string.Join('\n', lines);
        });
        plan.ShouldNotContain("SubPlan");
        plan.ShouldNotContain("Limit");
    }

    [Fact]
    public async Task Versions_move_one_way_and_one_is_in_force_per_category()
    {
        await SeedNationalAsync();
        var inForce = await Db(db => DuesRateTables.InForceAsync(db, DuesCategory.在职));
        inForce!.State.ShouldBe(DuesTableState.启用);
        // back to draft, a changed figure of an enabled version, a second enabled version: all refused by the database
        await Should.ThrowAsync<PostgresException>(() => App.ExecAsync($"UPDATE dues_rate_tables SET state = '未启用' WHERE id = {inForce.Id}"));
        await Should.ThrowAsync<PostgresException>(() => App.ExecAsync($"UPDATE dues_rate_tables SET rounding = '角' WHERE id = {inForce.Id}"));
        await Should.ThrowAsync<PostgresException>(() => App.ExecAsync($"UPDATE dues_rate_brackets SET rate = 0.03 WHERE table_id = {inForce.Id}"));
        await Should.ThrowAsync<PostgresException>(() => App.ExecAsync(
            "INSERT INTO dues_rate_tables (category, version, kind, rounding, effective_from, state, created_at) VALUES ('在职', 9, '公式', '分', '2026-01-01', '启用', now())"));
        await App.ExecAsync($"UPDATE dues_rate_tables SET state = '作废', voided_at = now() WHERE id = {inForce.Id}");
        await Should.ThrowAsync<PostgresException>(() => App.ExecAsync($"UPDATE dues_rate_tables SET state = '启用' WHERE id = {inForce.Id}"));
    }
}
