using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The rollup cache (ComplianceCache, migration 0022): a cached evaluation must equal a fresh one after every kind of
/// change — meetings added, edited and deleted, 谈心谈话, memberships, 党籍状态, exemptions, rule overrides, the tree.
/// The test host keeps every subtree (Bastion:Compliance:CacheMinBranches = 1), so the other compliance tests go
/// through the cache as well.
/// </summary>
public sealed class ComplianceCacheTests(AppFactory app) : AppTest(app)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static readonly Period[] Periods = [Period.Quarter(2026, 3), Period.Quarter(2026, 4), Period.OfYear(2026), Period.Month(2026, 8)];
    private int _second;

    private Task<long> AddMeetingAsync(Organization org, MeetingKinds kinds, int month, int day, bool valid = true, int expected = 10, int present = 8) => App.WithDbAsync(async db =>
    {
        var m = new Meeting
        {
            OrgId = org.Id, Kinds = kinds, State = MeetingState.已召开, HeldAt = new DateTimeOffset(2026, month, day, 14, 30, _second++, China).ToUniversalTime(),
            Topic = "缓存测试会议", Expected = expected, Present = present, Absent = expected - present, QuorumMet = valid, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    /// <summary>Everything of a rollup that a reader sees, as one comparable string.</summary>
    private static string Describe(ComplianceRollup r) => JsonSerializer.Serialize(new
    {
        r.Tally,
        Children = r.Children.Select(c => new { c.OrgId, c.Name, c.Tally }),
        Branches = r.Branches.Select(b => new { b.OrgId, b.Name, Status = b.Status.ToString(), Rules = b.Rules.Select(x => new { Kind = x.Kind.ToString(), x.Required, x.Held, x.Missing }), Gaps = b.Gaps.Select(g => g.Message) }),
    });

    /// <summary>The root's rollup for each period through the app's cache, and evaluated afresh; they must agree.</summary>
    private async Task<Dictionary<Period, string>> ShouldMatchFreshAsync()
    {
        var result = new Dictionary<Period, string>();
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var config = scope.ServiceProvider.GetRequiredService<IOptions<ComplianceSettings>>();
        var cached = scope.ServiceProvider.GetRequiredService<ComplianceEngine>();
        var fresh = new ComplianceEngine(db, config, ComplianceCache.None(config), App.Clock);
        var root = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == World.R.Id);
        foreach (var p in Periods)
        {
            var a = Describe(await cached.RollupAsync(root, p, today: Today));
            var b = Describe(await fresh.RollupAsync(root, p, today: Today));
            a.ShouldBe(b, $"cached and fresh rollups of {p.Code} differ");
            result[p] = a;
        }
        return result;
    }

    /// <summary>Runs a change and checks that the cached rollups follow it (and that it changed something).</summary>
    private async Task ChangeAsync(string what, Func<Task> change, Dictionary<Period, string> before, params Period[] affected)
    {
        await change();
        var after = await ShouldMatchFreshAsync();
        foreach (var p in affected) after[p].ShouldNotBe(before[p], $"{what}: the rollup of {p.Code} should have changed");
        foreach (var (p, v) in after) before[p] = v;
    }

    [Fact]
    public async Task The_cached_rollup_follows_every_kind_of_change()
    {
        foreach (var o in new[] { World.A1, World.A1Group, World.B1 }) await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {o.Id}");
        await App.ExecAsync("UPDATE member_memberships SET from_date = '2020-01-01'");
        await AddMeetingAsync(World.A1, MeetingKinds.支部委员会 | MeetingKinds.主题党日, 7, 10);
        await AddMeetingAsync(World.B1, MeetingKinds.支部委员会, 8, 10);
        var state = await ShouldMatchFreshAsync();
        App.Services.GetRequiredService<ComplianceCache>().Count.ShouldBeGreaterThanOrEqualTo(Periods.Length);

        long added = 0;
        await ChangeAsync("a meeting added", async () => added = await AddMeetingAsync(World.B1, MeetingKinds.支部党员大会 | MeetingKinds.党课, 8, 20),
            state, Period.Quarter(2026, 3), Period.OfYear(2026));
        await ChangeAsync("a meeting moved to another quarter", () => App.ExecAsync($"UPDATE meetings SET held_at = '2026-10-20 06:30:00+00' WHERE id = {added}"),
            state, Period.Quarter(2026, 3), Period.Quarter(2026, 4));
        await ChangeAsync("a meeting below quorum", () => App.ExecAsync($"UPDATE meetings SET quorum_met = false WHERE id = {added}"),
            state, Period.Quarter(2026, 4));
        await ChangeAsync("a meeting deleted", () => App.ExecAsync($"DELETE FROM meetings WHERE org_id = {World.A1.Id}"),
            state, Period.Quarter(2026, 3), Period.OfYear(2026));
        // a party group with a member owes its 党小组会: the membership moves the branch's facts
        await ChangeAsync("a member moved into the party group", () => App.ExecAsync($"UPDATE members SET org_id = {World.A1Group.Id} WHERE id = {World.MemberInOrg[World.A1.Id]}"),
            state, Period.Quarter(2026, 3));
        // a 党委's own meeting names the 党委 in the change log: its branches must be re-evaluated with their 党小组
        await ChangeAsync("a committee's own meeting", () => AddMeetingAsync(World.A, MeetingKinds.支部委员会, 8, 12), state);
        await ChangeAsync("a talk recorded", () => App.WithDbAsync(async db =>
            {
                var member = World.MemberInOrg[World.B1.Id];
                var talker = await db.Members.Where(m => m.Id != member).Select(m => m.Id).FirstAsync();
                db.Add(new Talk { OrgId = World.B1.Id, TalkerMemberId = talker, MemberId = member, HeldOn = new DateOnly(2026, 3, 3), Topics = "思想工作", CreatedAt = DateTimeOffset.UtcNow });
                return await db.SaveChangesAsync();
            }), state, Period.OfYear(2026));
        await ChangeAsync("a member's standing changed", () => App.ExecAsync($"UPDATE members SET party_status = '停止党籍' WHERE id = {World.MemberInOrg[World.B1.Id]}"),
            state, Period.OfYear(2026));
        await ChangeAsync("an exemption on the superior", () => App.WithDbAsync(async db =>
            {
                db.Add(new ComplianceExemption { OrgId = World.B.Id, Kind = null, FromDate = new DateOnly(2026, 7, 1), ToDate = new DateOnly(2026, 9, 30), Reason = "集中攻坚", CreatedAt = DateTimeOffset.UtcNow });
                return await db.SaveChangesAsync();
            }), state, Period.Quarter(2026, 3));
        await ChangeAsync("a rule override", () => App.WithDbAsync(async db =>
            {
                db.Add(new ComplianceRuleOverride { OrgType = OrgType.党支部, Kind = RuleKind.支部委员会, Frequency = PeriodUnit.季, MinCount = 2, EffectiveFrom = new DateOnly(2026, 10, 1), CreatedAt = DateTimeOffset.UtcNow });
                return await db.SaveChangesAsync();
            }), state, Period.Quarter(2026, 4));
        await ChangeAsync("a branch renamed", () => App.ExecAsync($"UPDATE organizations SET name = '改名后的支部' WHERE id = {World.B1.Id}"),
            state, Period.Quarter(2026, 3));
    }

    [Fact]
    public async Task The_API_answers_from_the_cache_and_shows_a_new_meeting_at_once()
    {
        foreach (var o in new[] { World.A1, World.A1Group, World.B1 }) await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {o.Id}");
        var c = await App.BearerAsync("orgadmin");
        async Task<JsonElement> GetAsync()
        {
            var res = await c.GetAsync($"/api/v1/compliance?org={World.A.Id}&period=2026Q3");
            var body = await res.Content.ReadAsStringAsync();
            res.IsSuccessStatusCode.ShouldBeTrue(body);
            return JsonDocument.Parse(body).RootElement;
        }
        var before = await GetAsync();
        var gaps = before.GetProperty("gapsTotal").GetInt32();
        gaps.ShouldBeGreaterThan(0);
        (await GetAsync()).GetProperty("gapsTotal").GetInt32().ShouldBe(gaps); // answered again, unchanged

        await AddMeetingAsync(World.A1, MeetingKinds.支部党员大会 | MeetingKinds.党课, 8, 20);
        var after = await GetAsync();
        after.GetProperty("gapsTotal").GetInt32().ShouldBe(gaps - 2);
        after.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("message").GetString()).ShouldNotContain("2026年第3季度未召开支部党员大会");
    }

    [Fact]
    public async Task Old_change_rows_are_pruned_and_a_second_cache_reads_the_same_log()
    {
        foreach (var o in new[] { World.A1, World.B1 }) await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {o.Id}");
        await AddMeetingAsync(World.A1, MeetingKinds.支部委员会, 8, 10);
        (await App.ScalarAsync("SELECT count(*) FROM compliance_changes WHERE org_id = " + World.A1.Id)).ShouldBeGreaterThan(0);
        await App.ExecAsync("UPDATE compliance_changes SET changed_at = now() - interval '4 days' WHERE org_id = " + World.A1.Id);
        var pruned = await App.WithDbAsync(db => ComplianceCache.PruneAsync(db, CancellationToken.None));
        pruned.ShouldBeGreaterThan(0);
        (await App.ScalarAsync("SELECT count(*) FROM compliance_changes WHERE changed_at < now() - interval '3 days'")).ShouldBe(0);

        // two instances: each keeps its own entries and both follow the same change
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var config = scope.ServiceProvider.GetRequiredService<IOptions<ComplianceSettings>>();
        var one = new ComplianceEngine(db, config, new ComplianceCache(config, TimeProvider.System), App.Clock);
        var two = new ComplianceEngine(db, config, new ComplianceCache(config, TimeProvider.System), App.Clock);
        var root = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == World.R.Id);
        var q3 = Period.Quarter(2026, 3);
        var before = Describe(await one.RollupAsync(root, q3, today: Today));
        before.ShouldBe(Describe(await two.RollupAsync(root, q3, today: Today)));
        await AddMeetingAsync(World.B1, MeetingKinds.支部委员会 | MeetingKinds.主题党日, 9, 10);
        var after = Describe(await one.RollupAsync(root, q3, today: Today));
        after.ShouldNotBe(before);
        after.ShouldBe(Describe(await two.RollupAsync(root, q3, today: Today)));
    }
}
