using System.Net;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>我的党籍 (/Me) and the correction requests the branch decides on /Members/Corrections.</summary>
public sealed class SelfServiceTests(AppFactory app) : AppTest(app)
{
    private long MemberA1 => World.MemberInOrg[World.A1.Id];

    /// <summary>Links an account of the test world to a member record (users.member_id).</summary>
    private Task LinkAsync(string userName, long memberId) =>
        App.ExecAsync($"UPDATE users SET member_id = {memberId} WHERE user_name = '{userName}'");

    private Task<Member> MemberAsync(long id) => App.WithDbAsync(async db => (await db.Members.FindAsync(id))!);

    private static Task<HttpResponseMessage> RequestAsync(HttpClient c, string field, string value, string reason = "与入党志愿书原件不一致", Dictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string> { ["Field"] = field, ["ProposedValue"] = value, ["Reason"] = reason };
        foreach (var (k, v) in extra ?? []) fields[k] = v;
        return AppFactory.PostFormAsync(c, "/Me?handler=Correction", fields, "/Me");
    }

    private Task<long> PendingIdAsync() => App.ScalarAsync("SELECT id FROM member_corrections ORDER BY id DESC LIMIT 1");

    private static Task<HttpResponseMessage> ApproveAsync(HttpClient c, long id) =>
        AppFactory.PostFormAsync(c, $"/Members/Corrections?handler=Approve&requestId={id}", [], "/Members/Corrections");

    private static Task<HttpResponseMessage> RejectAsync(HttpClient c, long id, string reason) =>
        AppFactory.PostFormAsync(c, $"/Members/Corrections?handler=Reject&requestId={id}", new() { ["decisionReason"] = reason }, "/Members/Corrections");

    [Fact]
    public async Task An_account_without_a_linked_member_sees_a_friendly_empty_state()
    {
        var page = await (await App.SignedInAsync("mem")).GetStringAsync("/Me");
        page.ShouldContain("id=\"me-empty\"");
        page.ShouldContain("尚未关联党员档案");
        page.ShouldNotContain("测试党员");
        var forbidden = await RequestAsync(await App.SignedInAsync("mem"), "name", "某某");
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync("SELECT count(*) FROM member_corrections")).ShouldBe(0);
    }

    [Fact]
    public async Task A_member_sees_only_their_own_record_masked_until_they_reveal_it_and_the_reveal_is_audited()
    {
        await LinkAsync("mem", MemberA1);
        var own = await MemberAsync(MemberA1);
        await App.WithDbAsync(async db =>
        {
            db.Set<MemberPost>().Add(new MemberPost { MemberId = MemberA1, OrgId = World.A1.Id, Title = "宣传委员", OrgName = World.A1.Name, StartDate = new DateOnly(2020, 1, 1), CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var c = await App.SignedInAsync("mem");

        var page = await c.GetStringAsync("/Me");
        page.ShouldContain(own.Name);
        page.ShouldContain(World.A1.Name);
        page.ShouldContain("宣传委员");
        page.ShouldContain(Masking.IdNumber(own.IdNumber));
        page.ShouldNotContain(own.IdNumber);
        page.ShouldNotContain(own.Phone!);
        foreach (var other in World.MemberInOrg.Values.Where(id => id != MemberA1))
            page.ShouldNotContain((await MemberAsync(other)).Name);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'personal.view_full'")).ShouldBe(0);

        var shown = await c.GetStringAsync("/Me?show=1");
        shown.ShouldContain(own.IdNumber);
        shown.ShouldContain(own.Phone!);
        shown.ShouldContain("本次查看已记入审计日志");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view_full' AND entity_id = '{MemberA1}' AND actor_name = 'mem' AND after->>'via' = 'self'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_correction_is_always_about_the_signed_in_members_own_record()
    {
        await LinkAsync("mem", MemberA1);
        var other = World.MemberInOrg[World.B1.Id];
        var r = await RequestAsync(await App.SignedInAsync("mem"), "position", "调度员", extra: new() { ["MemberId"] = other.ToString(System.Globalization.CultureInfo.InvariantCulture), ["id"] = other.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE member_id = {MemberA1} AND org_id = {World.A1.Id} AND state = '待审核' AND requested_by = 'mem'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE member_id = {other}")).ShouldBe(0);
    }

    [Fact]
    public async Task Bad_correction_requests_are_refused_beside_the_field_and_nothing_is_written()
    {
        await LinkAsync("mem", MemberA1);
        var c = await App.SignedInAsync("mem");
        var r = await RequestAsync(c, "joinedAt", "2007年1月10日", reason: "");
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("入党日期格式应为 年-月-日");
        html.ShouldContain("请说明更正理由");
        (await App.ScalarAsync("SELECT count(*) FROM member_corrections")).ShouldBe(0);

        (await RequestAsync(c, "position", "调度员")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var twice = await RequestAsync(c, "position", "值班长");
        (await twice.Content.ReadAsStringAsync()).ShouldContain("已有待审核的更正申请");
        (await App.ScalarAsync("SELECT count(*) FROM member_corrections")).ShouldBe(1);
    }

    [Fact]
    public async Task Approving_a_correction_applies_it_through_the_member_rules_and_keeps_it_in_the_history()
    {
        await LinkAsync("mem", MemberA1);
        (await RequestAsync(await App.SignedInAsync("mem"), "joinedAt", "2007-01-10", "按入党志愿书原件更正")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await PendingIdAsync();

        var secretary = await App.SignedInAsync("branchsec");
        var list = await secretary.GetStringAsync("/Members/Corrections");
        list.ShouldContain($"id=\"correction-{id}\"");
        list.ShouldContain("入党日期");
        list.ShouldContain("2007-01-10");

        var r = await ApproveAsync(secretary, id);
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        (await MemberAsync(MemberA1)).JoinedAt.ShouldBe(new DateOnly(2007, 1, 10));
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {MemberA1} AND field = '入党日期' AND new_value = '2007-01-10' AND reason = '按入党志愿书原件更正' AND changed_by = 'branchsec'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE id = {id} AND state = '已同意' AND decided_by = 'branchsec'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'member_corrections' AND action = 'update' AND actor_name = 'branchsec' AND after->>'state' = '已同意'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'members' AND action = 'update' AND actor_name = 'branchsec'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND title LIKE '%更正申请已同意'")).ShouldBe(1);
        (await (await App.SignedInAsync("mem")).GetStringAsync("/Me")).ShouldContain("已同意");
    }

    [Fact]
    public async Task Approving_a_correction_of_a_field_outside_the_key_fields_also_writes_the_history()
    {
        await LinkAsync("mem", MemberA1);
        await RequestAsync(await App.SignedInAsync("mem"), "phone", "13900001111", "换了手机号");
        var r = await ApproveAsync(await App.SignedInAsync("branchsec"), await PendingIdAsync());
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await MemberAsync(MemberA1)).Phone.ShouldBe("13900001111");
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {MemberA1} AND field = '联系电话' AND new_value = '139****1111' AND reason = '换了手机号'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'member_corrections' AND after->>'phone' = '139****1111'")).ShouldBeGreaterThan(0, "the proposed phone is masked in the audit trail");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE after::text LIKE '%13900001111%'")).ShouldBe(0);
    }

    [Fact]
    public async Task An_approval_the_member_rules_refuse_shows_their_message_and_the_request_stays_pending()
    {
        await LinkAsync("mem", MemberA1);
        var before = await MemberAsync(MemberA1);
        await RequestAsync(await App.SignedInAsync("mem"), "joinedAt", "1995-01-01");
        var id = await PendingIdAsync();

        var r = await ApproveAsync(await App.SignedInAsync("branchsec"), id);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("入党时未满18周岁");
        html.ShouldContain("decision-errors");
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE id = {id} AND state = '待审核' AND decided_by IS NULL")).ShouldBe(1);
        (await MemberAsync(MemberA1)).JoinedAt.ShouldBe(before.JoinedAt);
        (await App.ScalarAsync("SELECT count(*) FROM member_changes")).ShouldBe(0);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_which_the_member_then_reads()
    {
        await LinkAsync("mem", MemberA1);
        await RequestAsync(await App.SignedInAsync("mem"), "name", "王晓明", "身份证上是晓");
        var id = await PendingIdAsync();
        var secretary = await App.SignedInAsync("branchsec");

        var noReason = await RejectAsync(secretary, id, "  ");
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("驳回须填写理由");
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE id = {id} AND state = '待审核'")).ShouldBe(1);

        (await RejectAsync(secretary, id, "请先提供户籍证明")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE id = {id} AND state = '已驳回' AND decision_reason = '请先提供户籍证明'")).ShouldBe(1);
        (await MemberAsync(MemberA1)).Name.ShouldBe("测试党员3");
        (await (await App.SignedInAsync("mem")).GetStringAsync("/Me")).ShouldContain("请先提供户籍证明");
        (await (await ApproveAsync(secretary, id)).Content.ReadAsStringAsync()).ShouldContain("该申请已处理");
    }

    [Fact]
    public async Task Requests_are_listed_and_decided_only_within_the_deciders_scope_and_never_by_the_requester()
    {
        await LinkAsync("mem", World.MemberInOrg[World.B1.Id]);
        await RequestAsync(await App.SignedInAsync("mem"), "position", "调度员");
        var outside = await PendingIdAsync();
        var secretary = await App.SignedInAsync("branchsec");
        (await secretary.GetStringAsync("/Members/Corrections")).ShouldNotContain($"correction-{outside}");
        (await secretary.GetStringAsync("/Members/Corrections")).ShouldContain("没有待审核的更正申请");
        // a request about a member the secretary cannot see is answered as a missing one (no existence oracle)
        (await ApproveAsync(secretary, outside)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RejectAsync(secretary, outside, "不同意")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE id = {outside} AND state = '待审核'")).ShouldBe(1);

        await LinkAsync("branchsec", MemberA1);
        await RequestAsync(await App.SignedInAsync("branchsec"), "position", "值班长");
        var own = await PendingIdAsync();
        (await secretary.GetStringAsync("/Members/Corrections")).ShouldContain("须由其他支委审核");
        (await (await ApproveAsync(secretary, own)).Content.ReadAsStringAsync()).ShouldContain("不能审核本人提交的更正申请");
        (await App.ScalarAsync($"SELECT count(*) FROM member_corrections WHERE id = {own} AND state = '待审核'")).ShouldBe(1);
        (await ApproveAsync(await App.SignedInAsync("orgadmin"), own)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
