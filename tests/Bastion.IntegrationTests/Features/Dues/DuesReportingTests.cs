using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features.Dues;

/// <summary>
/// The multi-level 报送 of a dues month through HTTP (decision 0012), on the test world's tree R (集团党委) → A (甲公司党委)
/// → A1 (甲一党支部) and R → B → B1, with a 党总支 added under B where a test needs a fourth level. "topadmin" administers
/// R, "orgadmin" (and the other scoped roles) A, "a1sec" is the branch secretary of A1 alone.
/// </summary>
public sealed class DuesReportingTests(AppFactory app) : AppTest(app)
{
    private static readonly DateTimeOffset Now = new(2026, 5, 5, 2, 0, 0, TimeSpan.Zero);
    private int _seq;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DuesTestData.SeedAsync(App, Now, new DateOnly(2026, 1, 1), topAdminDisplayName: "topadmin");
        await DuesTestData.AddUserAsync(App, "a1sec", Role.BranchSecretary, World.A1.Id, Now);
    }

    private Task<Organization> AddOrgAsync(string name, OrgType type, Organization parent) => App.WithDbAsync(async db =>
    {
        var id = await db.NextOrganizationIdAsync();
        var o = new Organization { Id = id, Name = name, Type = type, ParentId = parent.Id, Path = OrgRules.ChildPath(parent.Path, id), SortOrder = 100 + (int)id, CreatedAt = Now };
        db.Organizations.Add(o);
        await db.SaveChangesAsync();
        return o;
    });

    private Task<long> AddMemberAsync(long orgId, decimal? @base = null) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1976, 1, 1).AddDays(++_seq);
        var m = new Member
        {
            OrgId = orgId, Name = "报送党员" + _seq, Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110101", birth, 700 + _seq), BirthDate = birth,
            Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2006, 7, 1), CreatedAt = Now,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        db.Add(new DuesProfile { MemberId = m.Id, Category = @base is null ? DuesCategory.学生 : DuesCategory.在职, UpdatedAt = Now });
        if (@base is { } b) db.Add(new DuesBase { MemberId = m.Id, Year = 2026, FromMonth = 1, Pay = b, Base = b, Source = DuesBaseSource.手工, CreatedAt = Now });
        await db.SaveChangesAsync();
        return m.Id;
    });

    private static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<long> StartAsync(HttpClient top, long rootId, string month)
    {
        var c = await top.PostAsJsonAsync($"/api/v1/dues/months?org={rootId}", new { month });
        c.StatusCode.ShouldBe(HttpStatusCode.Created, await c.Content.ReadAsStringAsync());
        var id = (await Json(c)).GetProperty("id").GetInt64();
        (await top.PostAsync($"/api/v1/dues/months/{id}/start", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static Task<HttpResponseMessage> Report(HttpClient c, Organization o) => c.PostAsync($"/api/v1/dues/branches/{o.Id}/report", null);

    private static Task<HttpResponseMessage> Return(HttpClient c, Organization parent, Organization child, string? reason) =>
        c.PostAsJsonAsync($"/api/v1/dues/organizations/{parent.Id}/children/{child.Id}/return", new { reason });

    private static Task<HttpResponseMessage> Settle(HttpClient c, long month) => c.PostAsync($"/api/v1/dues/months/{month}/settle", null);

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var r = await call;
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
    }

    private static async Task Refused(Task<HttpResponseMessage> call, string rule, string? detail = null)
    {
        var r = await call;
        r.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await r.Content.ReadAsStringAsync());
        var body = await Json(r);
        body.GetProperty("rule").GetString().ShouldBe(rule);
        if (detail is not null) body.GetProperty("detail").GetString()!.ShouldContain(detail);
    }

    private async Task<long> EntryAsync(long memberId, long monthId) =>
        await App.ScalarAsync($"SELECT id FROM dues_entries WHERE member_id = {memberId} AND month_id = {monthId}");

    private Task<long> Reported(long monthId, Organization o) => App.ScalarAsync($"SELECT count(*) FROM dues_branch_reports WHERE month_id = {monthId} AND org_id = {o.Id}");

    [Fact]
    public async Task An_intermediate_committee_reports_after_its_branches_and_the_top_settles_after_its_direct_children()
    {
        var top = await App.BearerAsync("topadmin");
        var orgadmin = await App.BearerAsync("orgadmin");
        var a1sec = await App.BearerAsync("a1sec");
        var may = await StartAsync(top, World.R.Id, "2026-05");

        // A cannot report before A1; the top cannot settle before A and B — the refusals name who is missing
        await Refused(Report(orgadmin, World.A), "下级全部报送后才能汇总报送", World.A1.Name);
        await Refused(Settle(top, may), "所有下级报送后才能结算", World.A.Name);
        await Refused(Report(top, World.R), "最上级党委不报送");
        await Refused(Report(top, World.A1Group), "党小组不单独报送");

        await Ok(Report(a1sec, World.A1));
        (await Report(a1sec, World.A)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);       // the branch's secretary does not report its 党委
        (await Report(a1sec, World.A1)).StatusCode.ShouldBe(HttpStatusCode.Conflict);        // once
        var a = await Report(orgadmin, World.A);
        a.StatusCode.ShouldBe(HttpStatusCode.OK, await a.Content.ReadAsStringAsync());
        (await Json(a)).GetProperty("memberCount").GetInt32().ShouldBe(2);                   // A's own member and A1's: the 汇总 of its subtree

        // the top's list: A reported (by whom), B not; B's subtree is not reported up yet
        var list = await top.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.R.Id}");
        (list.GetProperty("children").GetInt32(), list.GetProperty("childrenReported").GetInt32()).ShouldBe((2, 1));
        var rowA = list.GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("orgId").GetInt64() == World.A.Id);
        (rowA.GetProperty("status").GetString(), rowA.GetProperty("reportedBy").GetString(), rowA.GetProperty("count").GetInt32()).ShouldBe(("已报送", "orgadmin", 2));
        await Refused(Settle(top, may), "所有下级报送后才能结算", World.B.Name);

        await Ok(Report(top, World.B1));
        await Ok(Report(top, World.B));
        await Ok(Settle(top, may));
        (await App.ScalarAsync($"SELECT count(*) FROM dues_months WHERE id = {may} AND state = '已结算'")).ShouldBe(1);
        // settled: nothing can be returned any more
        await Refused(Return(top, World.R, World.A, "晚了"), "没有正在缴费的月份");
    }

    [Fact]
    public async Task A_returned_report_unlocks_the_branch_until_it_reports_again_and_the_return_is_audited()
    {
        var top = await App.BearerAsync("topadmin");
        var orgadmin = await App.BearerAsync("orgadmin");
        var a1sec = await App.BearerAsync("a1sec");
        var payer = await AddMemberAsync(World.A1.Id, 3000m);   // 15.00, unpaid when A1 reports
        var may = await StartAsync(top, World.R.Id, "2026-05");
        await Ok(Report(a1sec, World.A1));
        var entry = await EntryAsync(payer, may);
        var locked = await a1sec.PostAsJsonAsync($"/api/v1/dues/entries/{entry}/payments", new { amount = 15m, method = "现金", receiptNo = "SJ-1" });
        locked.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        // only the parent returns, with a reason; a grandparent cannot skip a level
        (await Return(a1sec, World.A, World.A1, "x")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Return(top, World.R, World.A1, "跨级")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var noReason = await Return(orgadmin, World.A, World.A1, " ");
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("退回原因");
        await Ok(Return(orgadmin, World.A, World.A1, "报送党员1已交未登记，请补登后重新报送"));
        (await Reported(may, World.A1)).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_report_returns WHERE month_id = {may} AND org_id = {World.A1.Id} AND by_org_id = {World.A.Id} AND reported_by = 'a1sec' AND returned_by = 'orgadmin'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'dues.report.return'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'delete' AND entity = 'dues_branch_reports'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'dues_report_returns'")).ShouldBe(1);
        (await Return(orgadmin, World.A, World.A1, "再退一次")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // returned: A1's month data is open again; A cannot report over it; the lists say 已退回 with the reason
        (await a1sec.PostAsJsonAsync($"/api/v1/dues/entries/{entry}/payments", new { amount = 15m, method = "现金", receiptNo = "SJ-1" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Refused(Report(orgadmin, World.A), "下级全部报送后才能汇总报送", World.A1.Name);
        var list = await orgadmin.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.A.Id}&status=已退回");
        var row = list.GetProperty("rows").EnumerateArray().Single();
        (row.GetProperty("orgId").GetInt64(), row.GetProperty("returnReason").GetString()).ShouldBe((World.A1.Id, "报送党员1已交未登记，请补登后重新报送"));
        (await (await App.SignedInAsync("a1sec")).GetStringAsync($"/Dues/Months/Branch/{World.A1.Id}")).ShouldContain("报送党员1已交未登记");

        // reported again, then A reports: A can no longer return A1 until the top returns A
        await Ok(Report(a1sec, World.A1));
        var again = await orgadmin.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.A.Id}");
        again.GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("orgId").GetInt64() == World.A1.Id).GetProperty("status").GetString().ShouldBe("已报送");
        await Ok(Report(orgadmin, World.A));
        (await App.ScalarAsync($"SELECT paid_total * 100 FROM dues_branch_reports WHERE month_id = {may} AND org_id = {World.A.Id}")).ShouldBe(1500);
        await Refused(Return(orgadmin, World.A, World.A1, "再改"), "本级已报送，不能退回下级");
        await Ok(Return(top, World.R, World.A, "甲公司党委汇总有误"));
        var mine = await orgadmin.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.A.Id}");
        (mine.GetProperty("ownStatus").GetString(), mine.GetProperty("ownReturnReason").GetString()).ShouldBe(("已退回", "甲公司党委汇总有误"));
        await Ok(Return(orgadmin, World.A, World.A1, "再改"));
    }

    [Fact]
    public async Task The_committee_lists_its_children_filtered_and_paged_and_reminds_those_that_have_not_reported()
    {
        var top = await App.BearerAsync("topadmin");
        var orgadmin = await App.BearerAsync("orgadmin");
        for (var i = 1; i <= 24; i++)
        {
            var b = await AddOrgAsync($"甲分{i:D2}党支部", OrgType.党支部, World.A);
            await AddMemberAsync(b.Id);
        }
        await AddOrgAsync("甲空党支部", OrgType.党支部, World.A);   // nobody owes there: not asked to report
        var may = await StartAsync(top, World.R.Id, "2026-05");
        await Ok(Report(await App.BearerAsync("a1sec"), World.A1));

        var p1 = await orgadmin.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.A.Id}");
        (p1.GetProperty("total").GetInt32(), p1.GetProperty("children").GetInt32(), p1.GetProperty("rows").GetArrayLength()).ShouldBe((25, 25, 20));
        (await orgadmin.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.A.Id}&page=2")).GetProperty("rows").GetArrayLength().ShouldBe(5);
        var unreported = await orgadmin.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.A.Id}&status=未报送&size=50");
        unreported.GetProperty("total").GetInt32().ShouldBe(24);
        unreported.GetProperty("rows").EnumerateArray().ShouldAllBe(x => x.GetProperty("status").GetString() == "未报送");
        var named = await orgadmin.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.A.Id}&q=分07");
        named.GetProperty("rows").EnumerateArray().Single().GetProperty("name").GetString().ShouldBe("甲分07党支部");
        // from the top: direct children by default, the whole subtree on request (each line with its parent)
        var direct = await top.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.R.Id}&size=200");
        direct.GetProperty("rows").EnumerateArray().Select(x => x.GetProperty("orgId").GetInt64()).ShouldBe([World.A.Id, World.B.Id], ignoreOrder: true);
        var rowA = direct.GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("orgId").GetInt64() == World.A.Id);
        rowA.GetProperty("count").GetInt32().ShouldBe(26);                                   // A, A1 and the 24 branches
        var all = await top.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.R.Id}&scope=all&q={Uri.EscapeDataString(World.A1.Name)}");
        all.GetProperty("rows").EnumerateArray().Single().GetProperty("parentName").GetString().ShouldBe(World.A.Name);
        (await orgadmin.GetAsync($"/api/v1/dues/reporting?org={World.A.Id}&status=已结算")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // 催报: the branch's dues managers get the notice, once a day; a reported branch and one without accounts are refused
        var remind = await orgadmin.PostAsync($"/api/v1/dues/organizations/{World.A.Id}/children/{World.A1.Id}/remind", null);
        remind.StatusCode.ShouldBe(HttpStatusCode.Conflict);                                 // A1 has reported
        await Ok(Return(orgadmin, World.A, World.A1, "请核对"));
        var sent = await orgadmin.PostAsync($"/api/v1/dues/organizations/{World.A.Id}/children/{World.A1.Id}/remind", null);
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        (await Json(sent)).GetProperty("recipients").GetInt32().ShouldBe(1);
        var a1sec = await App.ScalarAsync("SELECT id FROM users WHERE user_name = 'a1sec'");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {a1sec} AND title LIKE '催报%' AND url LIKE '/Dues/Months/Branch/{World.A1.Id}%'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'dues.report.remind'")).ShouldBe(1);
        (await orgadmin.PostAsync($"/api/v1/dues/organizations/{World.A.Id}/children/{World.A1.Id}/remind", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var b7 = await App.ScalarAsync("SELECT id FROM organizations WHERE name = '甲分07党支部'");
        await Refused(orgadmin.PostAsync($"/api/v1/dues/organizations/{World.A.Id}/children/{b7}/remind", null), "没有可催报的账号");
        // the top reminds the 党委 below it (its managers hold grants on A); a sibling's branch is not below A
        (await top.PostAsync($"/api/v1/dues/organizations/{World.R.Id}/children/{World.A.Id}/remind", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await orgadmin.PostAsync($"/api/v1/dues/organizations/{World.A.Id}/children/{World.B1.Id}/remind", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // the page: the 党委's own 汇总报送, the list with its filters and pager, 退回 and 催报 through the page
        var page = await App.SignedInAsync("orgadmin");
        var html = await page.GetStringAsync($"/Dues/Months?org={World.A.Id}");
        html.ShouldContain("本级汇总报送");
        html.ShouldContain("第 1 / 2 页");
        html.ShouldContain("甲分01党支部");
        (await page.GetStringAsync($"/Dues/Months?org={World.A.Id}&status=已退回")).ShouldContain("请核对");
        await Ok(Report(await App.BearerAsync("a1sec"), World.A1));
        var back = await AppFactory.PostFormAsync(page, $"/Dues/Months?handler=Return&org={World.A.Id}", new() { ["childId"] = World.A1.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "页面退回" },
            $"/Dues/Months?org={World.A.Id}");
        back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Reported(may, World.A1)).ShouldBe(0);
        (await page.GetStringAsync(back.Headers.Location!.ToString())).ShouldContain("已退回，该组织可更正后重新报送");
        var early = await AppFactory.PostFormAsync(page, $"/Dues/Months?handler=Report&org={World.A.Id}", new(), $"/Dues/Months?org={World.A.Id}");
        var refused = await page.GetStringAsync(early.Headers.Location!.ToString());
        refused.ShouldContain("id=\"reporting-error\"");
        refused.ShouldContain($"个直属下级组织未报送：{World.A1.Name}");
    }

    [Fact]
    public async Task Each_role_reports_returns_and_reminds_only_where_it_manages_dues()
    {
        var top = await App.BearerAsync("topadmin");
        var may = await StartAsync(top, World.R.Id, "2026-05");
        foreach (var who in new[] { "insp", "disc", "sys", "aud", "mem" })
        {
            var c = await App.BearerAsync(who);
            (await Report(c, World.A1)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
            (await Return(c, World.A, World.A1, "x")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
            (await c.PostAsync($"/api/v1/dues/organizations/{World.A.Id}/children/{World.A1.Id}/remind", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
        }
        (await (await App.BearerAsync("insp")).GetAsync($"/api/v1/dues/reporting?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);  // reads
        (await (await App.BearerAsync("mem")).GetAsync($"/api/v1/dues/reporting?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // the 党委 of A reports and returns in its subtree only; the top's month is settled by the top alone
        var orgadmin = await App.BearerAsync("orgadmin");
        (await Report(orgadmin, World.B1)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Return(orgadmin, World.R, World.A, "x")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Settle(orgadmin, may)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // the branch secretary of A1 reports A1 and nothing above it
        var a1sec = await App.BearerAsync("a1sec");
        await Ok(Report(a1sec, World.A1));
        (await Return(a1sec, World.A, World.A1, "x")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await App.BearerAsync("a1sec")).GetAsync($"/api/v1/dues/reporting?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_transfer_in_the_middle_of_a_month_is_reported_up_through_three_levels()
    {
        // a fourth level on B's side: R → B → 乙总支 (党总支) → 乙总支一支部
        var general = await AddOrgAsync("乙公司第一党总支", OrgType.党总支, World.B);
        var g1 = await AddOrgAsync("乙总支一支部", OrgType.党支部, general);
        var top = await App.BearerAsync("topadmin");
        var mover = await AddMemberAsync(World.A1.Id, 5000.01m);   // 75.00
        var may = await StartAsync(top, World.R.Id, "2026-05");
        var a1sec = await App.BearerAsync("a1sec");
        (await a1sec.PostAsJsonAsync($"/api/v1/dues/entries/{await EntryAsync(mover, may)}/payments", new { amount = 75m, method = "现金", receiptNo = "SJ-5" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // mid-May the mover goes to 乙总支一支部, and a member arrives there with a letter "党费交至 2026-06"
        await App.ExecAsync($"UPDATE members SET org_id = {g1.Id} WHERE id = {mover}");
        var arrived = await AddMemberAsync(g1.Id, 6000m);
        await App.ExecAsync($"""
            INSERT INTO member_transfers (org_id, member_id, kind, state, to_org_id, from_org_name, to_org_name, created_at, letter_no, letter_date, dues_paid_to)
            VALUES ({g1.Id}, {arrived}, '转入', '已转入', {g1.Id}, '外省某党支部', '{g1.Name}', now(), 'W-2026-009', DATE '2026-05-20', DATE '2026-06-01')
            """);
        // May stays with A1 (the snapshot): A1 → A → R; 乙总支一支部 owes nothing in May, so the 总支 is not asked for May
        await Ok(Report(a1sec, World.A1));
        await Ok(Report(await App.BearerAsync("orgadmin"), World.A));
        (await App.ScalarAsync($"SELECT paid_total * 100 FROM dues_branch_reports WHERE month_id = {may} AND org_id = {World.A.Id}")).ShouldBe(7500);
        await Refused(Report(top, general), "本支部本月没有应交党费的党员");
        await Ok(Report(top, World.B1));
        await Ok(Report(top, World.B));
        await Ok(Settle(top, may));

        // June: the mover owes to the new branch, up three levels (支部 → 党总支 → 乙公司党委 → settled by R); the arrival owes nothing
        var june = await StartAsync(top, World.R.Id, "2026-06");
        (await App.ScalarAsync($"SELECT org_id FROM dues_entries WHERE member_id = {mover} AND month_id = {june}")).ShouldBe(g1.Id);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {arrived}")).ShouldBe(0);
        await Refused(Report(top, World.B), "下级全部报送后才能汇总报送", general.Name);
        await Refused(Report(top, general), "下级全部报送后才能汇总报送", g1.Name);
        await Ok(Report(top, g1));
        await Ok(Report(top, general));
        await Ok(Report(top, World.B1));
        var b = await Report(top, World.B);
        b.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Json(b)).GetProperty("dueTotal").GetDecimal().ShouldBe(75m + 0.2m + 0.2m);    // the mover's June, B's and B1's own members
        var list = await top.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reporting?org={World.R.Id}&scope=all&size=200");
        var rows = list.GetProperty("rows").EnumerateArray().ToDictionary(x => x.GetProperty("orgId").GetInt64());
        rows[World.A.Id].GetProperty("due").GetDecimal().ShouldBe(0.4m);                      // the mover no longer counts in A's June
        rows[general.Id].GetProperty("due").GetDecimal().ShouldBe(75m);
        rows[World.A.Id].GetProperty("status").GetString().ShouldBe("未报送");
        await Refused(Settle(top, june), "所有下级报送后才能结算", World.A.Name);
        await DuesMonthTests.ReportAllAsync(App, top, june);
        await Ok(Settle(top, june));
    }

    [Fact]
    public async Task Parallel_reports_returns_and_settlements_never_leave_a_parent_over_an_unreported_child()
    {
        var top = await App.BearerAsync("topadmin");
        var orgadmin = await App.BearerAsync("orgadmin");
        var orgadmin2 = await App.BearerAsync("orgadmin");
        var a1sec = await App.BearerAsync("a1sec");
        var payer = await AddMemberAsync(World.A1.Id, 3000m);
        var month = await StartAsync(top, World.R.Id, "2026-05");

        // A reports while it returns A1 (two of its administrators at once): never A reported over A1 returned
        for (var round = 0; round < 8; round++)
        {
            if (await Reported(month, World.A1) == 0) await Ok(Report(a1sec, World.A1));
            await Task.WhenAll(Report(orgadmin, World.A), Return(orgadmin2, World.A, World.A1, "并发退回" + round));
            var aDone = await Reported(month, World.A) == 1;
            var a1Done = await Reported(month, World.A1) == 1;
            (aDone && !a1Done).ShouldBeFalse($"round {round}: A reported over a returned A1");
            if (aDone) await Ok(Return(top, World.R, World.A, "下一轮"));
        }

        // a payment while the branch reports: the report's totals include it, or the payment is refused as locked
        if (await Reported(month, World.A1) == 1) await Ok(Return(orgadmin, World.A, World.A1, "改"));
        var entry = await EntryAsync(payer, month);
        var both = await Task.WhenAll(
            a1sec.PostAsJsonAsync($"/api/v1/dues/entries/{entry}/payments", new { amount = 15m, method = "现金", receiptNo = "SJ-P" }),
            Report(a1sec, World.A1));
        both[1].StatusCode.ShouldBe(HttpStatusCode.OK);
        var paid = await App.ScalarAsync($"SELECT coalesce(sum(paid_amount), 0) * 100 FROM dues_entries WHERE month_id = {month} AND org_id = {World.A1.Id}");
        (await App.ScalarAsync($"SELECT paid_total * 100 FROM dues_branch_reports WHERE month_id = {month} AND org_id = {World.A1.Id}")).ShouldBe(paid);

        // the top settles while it returns A: a settled month always has A reported
        for (var round = 0; round < 4; round++)
        {
            await DuesMonthTests.ReportAllAsync(App, top, month);
            await Task.WhenAll(Settle(top, month), Return(top, World.R, World.A, "并发" + round));
            var settled = await App.ScalarAsync($"SELECT count(*) FROM dues_months WHERE id = {month} AND state = '已结算'") == 1;
            if (settled) (await Reported(month, World.A)).ShouldBe(1, $"round {round}: settled over a returned 党委");
            else
            {
                await DuesMonthTests.ReportAllAsync(App, top, month);
                await Ok(Settle(top, month));
            }
            month = await StartAsync(top, World.R.Id, $"2026-{6 + round:D2}");
        }
    }
}
