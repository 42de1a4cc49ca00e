using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features.Dues;

/// <summary>
/// 少交/免交 as a request the superior 党委 decides (branchsec files for 甲一党支部, orgadmin of 甲公司党委 decides), 上缴 against
/// what was collected, 使用 of retained dues, and the 党委's 收缴、使用、上缴 report read back from the .xlsx. The month
/// belongs to the top 党委 (R), whose administrator "topadmin" creates and starts it.
/// </summary>
public sealed class DuesReliefTests(AppFactory app) : AppTest(app)
{
    private static readonly DateTimeOffset Now = new(2026, 5, 5, 2, 0, 0, TimeSpan.Zero);
    private int _seq;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // the test world's members hold the 学生 category (0.20) so nobody blocks the settlement with a problem
        await DuesTestData.SeedAsync(App, Now, new DateOnly(2026, 1, 1));
    }

    private Task<long> AddMemberAsync(long orgId, decimal @base) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1976, 1, 1).AddDays(++_seq);
        var m = new Member
        {
            OrgId = orgId, Name = "减免党员" + _seq, Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110101", birth, 700 + _seq), BirthDate = birth,
            Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2005, 7, 1), CreatedAt = Now,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        db.Add(new DuesProfile { MemberId = m.Id, Category = DuesCategory.在职, UpdatedAt = Now });
        db.Add(new DuesBase { MemberId = m.Id, Year = 2026, FromMonth = 1, Pay = @base, Base = @base, Source = DuesBaseSource.手工, CreatedAt = Now });
        await db.SaveChangesAsync();
        return m.Id;
    });

    private static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static object Request(string from = "2026-05", string to = "2026-10", decimal amount = 10m, string? decidedOn = "2026-04-20") =>
        new { fromMonth = from, toMonth = to, amount, branchDecision = "支委会研究同意（纪要第3号）", branchDecidedOn = decidedOn };

    private static async Task<long> FileAsync(HttpClient sec, long member, object? request = null)
    {
        var r = await sec.PostAsJsonAsync($"/api/v1/dues/members/{member}/reductions", request ?? Request());
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var body = await Json(r);
        body.GetProperty("state").GetString().ShouldBe("待审批");
        return body.GetProperty("id").GetInt64();
    }

    private static async Task<long> CreateAndStartAsync(HttpClient top, long rootId, string month)
    {
        var c = await top.PostAsJsonAsync($"/api/v1/dues/months?org={rootId}", new { month });
        c.StatusCode.ShouldBe(HttpStatusCode.Created, await c.Content.ReadAsStringAsync());
        var id = (await Json(c)).GetProperty("id").GetInt64();
        (await top.PostAsync($"/api/v1/dues/months/{id}/start", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private Task<long> DueCentsAsync(long member, long month) => App.ScalarAsync($"SELECT (due * 100)::bigint FROM dues_entries WHERE member_id = {member} AND month_id = {month}");

    [Fact]
    public async Task Only_a_reduction_the_superior_committee_approved_lowers_a_month_started_inside_its_range()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var committee = await App.BearerAsync("orgadmin");
        var approved = await AddMemberAsync(World.A1.Id, 6000m);   // 90.00
        var pending = await AddMemberAsync(World.A1.Id, 6000m);
        var first = await FileAsync(sec, approved);
        var second = await FileAsync(sec, pending);

        // the branch cannot decide its own request; the 党委 above it approves without a 批件号
        (await sec.PostAsJsonAsync($"/api/v1/dues/reductions/{first}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var ok = await committee.PostAsJsonAsync($"/api/v1/dues/reductions/{first}/approve", new { });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        (await Json(ok)).GetProperty("state").GetString().ShouldBe("已批准");
        (await committee.PostAsJsonAsync($"/api/v1/dues/reductions/{first}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'dues_reductions' AND entity_id = '{first}'")).ShouldBe(2);

        var month = await CreateAndStartAsync(top, World.R.Id, "2026-05");
        (await DueCentsAsync(approved, month)).ShouldBe(1000);
        (await DueCentsAsync(pending, month)).ShouldBe(9000);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {approved} AND month_id = {month} AND reduction_id = {first}")).ShouldBe(1);

        // approved after the month started: the started month is not rewritten
        (await committee.PostAsJsonAsync($"/api/v1/dues/reductions/{second}/approve", new { approvalNo = "甲党委〔2026〕5号" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await DueCentsAsync(pending, month)).ShouldBe(9000);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_reductions WHERE id = {second} AND approval_no = '甲党委〔2026〕5号' AND decided_by = 'orgadmin'")).ShouldBe(1);
    }

    [Fact]
    public async Task Refusing_needs_a_reason_and_a_refused_reduction_never_applies()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var committee = await App.BearerAsync("orgadmin");
        var m = await AddMemberAsync(World.A1.Id, 6000m);
        var id = await FileAsync(sec, m);
        var bare = await committee.PostAsJsonAsync($"/api/v1/dues/reductions/{id}/refuse", new { reason = " " });
        bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(bare)).GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("理由");
        (await committee.PostAsJsonAsync($"/api/v1/dues/reductions/{id}/refuse", new { reason = "收入已恢复，不符合减免条件" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await committee.PostAsJsonAsync($"/api/v1/dues/reductions/{id}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var month = await CreateAndStartAsync(top, World.R.Id, "2026-05");
        (await DueCentsAsync(m, month)).ShouldBe(9000);
        var list = await committee.GetFromJsonAsync<JsonElement>($"/api/v1/dues/reductions?org={World.A.Id}&state=已驳回");
        list.EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == id).GetProperty("refusalReason").GetString().ShouldBe("收入已恢复，不符合减免条件");
        // a request of another 党委's branch is not even visible to this 党委's administrator
        var other = await AddMemberAsync(World.B1.Id, 6000m);
        var foreign = await FileAsync(await App.BearerAsync("topadmin"), other);
        (await committee.PostAsJsonAsync($"/api/v1/dues/reductions/{foreign}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_request_is_checked_field_by_field_and_one_pending_request_per_month()
    {
        var sec = await App.BearerAsync("branchsec");
        var m = await AddMemberAsync(World.A1.Id, 6000m);
        async Task<JsonElement> Errors(object req)
        {
            var r = await sec.PostAsJsonAsync($"/api/v1/dues/members/{m}/reductions", req);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await r.Content.ReadAsStringAsync());
            return (await Json(r)).GetProperty("errors");
        }
        (await Errors(Request(to: "2027-05"))).GetProperty("toMonth")[0].GetString()!.ShouldContain("12个月");
        (await Errors(Request(decidedOn: null))).GetProperty("branchDecidedOn")[0].GetString()!.ShouldContain("日期");
        (await Errors(Request(decidedOn: "2099-01-01"))).GetProperty("branchDecidedOn")[0].GetString()!.ShouldContain("不能晚于今天");
        (await Errors(Request(amount: 90m))).GetProperty("amount")[0].GetString()!.ShouldContain("低于");
        (await Errors(Request(amount: 1.005m))).GetProperty("amount")[0].GetString()!.ShouldContain("两位小数");
        await FileAsync(sec, m, Request(from: "2026-05", to: "2026-07"));
        (await sec.PostAsJsonAsync($"/api/v1/dues/members/{m}/reductions", Request(from: "2026-07", to: "2026-09"))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await FileAsync(sec, m, Request(from: "2026-08", to: "2026-09"));
    }

    [Fact]
    public async Task The_member_page_files_a_request_and_the_committee_queue_approves_it()
    {
        var m = await AddMemberAsync(World.A1.Id, 6000m);
        var sec = await App.SignedInAsync("branchsec");
        var page = await sec.GetStringAsync($"/Dues/Member/{m}");
        page.ShouldContain("申请少交/免交");
        var bad = await AppFactory.PostFormAsync(sec, $"/Dues/Member/{m}?handler=Reduction", new()
        {
            ["Reduction.FromMonth"] = "2026-05", ["Reduction.ToMonth"] = "2027-06", ["Reduction.Amount"] = "0", ["Reduction.BranchDecision"] = "", ["Reduction.BranchDecidedOn"] = "",
        }, $"/Dues/Member/{m}");
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("一次批准最多12个月");
        html.ShouldContain("请填写支部研究决定的日期");
        var good = await AppFactory.PostFormAsync(sec, $"/Dues/Member/{m}?handler=Reduction", new()
        {
            ["Reduction.FromMonth"] = "2026-05", ["Reduction.ToMonth"] = "2026-12", ["Reduction.Amount"] = "0", ["Reduction.BranchDecision"] = "支委会研究同意",
            ["Reduction.BranchDecidedOn"] = "2026-04-28",
        }, $"/Dues/Member/{m}");
        good.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await sec.GetStringAsync($"/Dues/Member/{m}")).ShouldContain("待审批");
        var id = await App.ScalarAsync($"SELECT id FROM dues_reductions WHERE member_id = {m}");

        var committee = await App.SignedInAsync("orgadmin");
        var queue = await committee.GetStringAsync($"/Dues/Reductions?org={World.A.Id}");
        queue.ShouldContain($"request-{id}");
        var refused = await AppFactory.PostFormAsync(committee, $"/Dues/Reductions?org={World.A.Id}&handler=Refuse", new() { ["reductionId"] = $"{id}", ["reason"] = "" },
            $"/Dues/Reductions?org={World.A.Id}");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("请填写不批准的理由");
        var approved = await AppFactory.PostFormAsync(committee, $"/Dues/Reductions?org={World.A.Id}&handler=Approve", new() { ["reductionId"] = $"{id}", ["approvalNo"] = "" },
            $"/Dues/Reductions?org={World.A.Id}");
        approved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_reductions WHERE id = {id} AND state = '已批准' AND approval_no IS NULL")).ShouldBe(1);
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Dues/Reductions?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Remitting_more_than_collected_and_not_yet_remitted_needs_a_reason()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var m = await AddMemberAsync(World.A1.Id, 6000m);
        await CreateAndStartAsync(top, World.R.Id, "2026-05");
        var entry = await App.ScalarAsync($"SELECT id FROM dues_entries WHERE member_id = {m} AND month = DATE '2026-05-01'");
        (await sec.PostAsJsonAsync($"/api/v1/dues/entries/{entry}/payments", new { amount = 90m, method = "现金", receiptNo = "SJ-1" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var url = $"/api/v1/dues/organizations/{World.A1.Id}/remittances";
        (await sec.PostAsJsonAsync(url, new { month = "2026-05", amount = 60m, paidOn = "2026-05-20", receiptNo = "SJ-9" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var over = await sec.PostAsJsonAsync(url, new { month = "2026-05", amount = 30.01m, paidOn = "2026-05-21", receiptNo = "SJ-10" });
        over.StatusCode.ShouldBe((HttpStatusCode)422);
        var problem = await Json(over);
        problem.GetProperty("rule").GetString().ShouldBe("上缴不超过已收未缴");
        problem.GetProperty("detail").GetString()!.ShouldContain("30.00");
        (await sec.PostAsJsonAsync(url, new { month = "2026-05", amount = 30m, paidOn = "2026-05-21", receiptNo = "SJ-10" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await sec.PostAsJsonAsync(url, new { month = "2026-05", amount = 5m, paidOn = "2026-05-22", overReason = "补缴4月少缴部分" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_remittances WHERE org_id = {World.A1.Id} AND over_reason = '补缴4月少缴部分'")).ShouldBe(1);
        var bad = await sec.PostAsJsonAsync(url, new { month = "2099-01", amount = -1m, paidOn = "2099-01-01" });
        var errors = (await Json(bad)).GetProperty("errors");
        (errors.GetProperty("month")[0].GetString(), errors.GetProperty("amount")[0].GetString(), errors.GetProperty("paidOn")[0].GetString())
            .ShouldBe(("不能登记以后月份的上缴", "金额须大于0", "上缴日期不能晚于今天"));
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'dues_remittances'")).ShouldBe(3);

        // the page: the form on the branch's month, a refusal shown beside the amount with the reason field
        var page = await App.SignedInAsync("branchsec");
        (await page.GetStringAsync($"/Dues/Months/Branch/{World.A1.Id}?month=2026-05")).ShouldContain("remit-form");
        var refused = await AppFactory.PostFormAsync(page, $"/Dues/Months/Remit/{World.A1.Id}", new()
        {
            ["Input.Month"] = "2026-05", ["Input.Amount"] = "1", ["Input.PaidOn"] = "2026-05-23", ["returnUrl"] = $"/Dues/Months/Branch/{World.A1.Id}?month=2026-05",
        });
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldContain("须填写超出原因");
        html.ShouldContain("Input_OverReason");
        var done = await AppFactory.PostFormAsync(page, $"/Dues/Months/Remit/{World.A1.Id}", new()
        {
            ["Input.Month"] = "2026-05", ["Input.Amount"] = "1", ["Input.PaidOn"] = "2026-05-23", ["Input.OverReason"] = "更正", ["returnUrl"] = $"/Dues/Months/Branch/{World.A1.Id}?month=2026-05",
        });
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe($"/Dues/Months/Branch/{World.A1.Id}?month=2026-05");
    }

    [Fact]
    public async Task Only_a_committee_allowed_to_retain_dues_records_spending_and_the_report_reads_back()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var committee = await App.BearerAsync("orgadmin");
        var m = await AddMemberAsync(World.A1.Id, 6000m);
        await CreateAndStartAsync(top, World.R.Id, "2026-05");
        var entry = await App.ScalarAsync($"SELECT id FROM dues_entries WHERE member_id = {m} AND month = DATE '2026-05-01'");
        (await sec.PostAsJsonAsync($"/api/v1/dues/entries/{entry}/payments", new { amount = 90m, method = "现金", receiptNo = "SJ-1" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var spend = new { spentOn = "2026-05-10", amount = 20m, purpose = "慰问困难党员", description = "走访慰问生活困难党员2名", approvedBy = "党委书记张某", voucherNo = "记-2026-051" };
        var notAllowed = await committee.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/spendings", spend);
        notAllowed.StatusCode.ShouldBe((HttpStatusCode)422);
        (await Json(notAllowed)).GetProperty("rule").GetString().ShouldBe("党委留存党费");
        (await committee.PutAsJsonAsync($"/api/v1/dues/organizations/{World.A1.Id}/retention", new { allowed = true, basis = "x" })).StatusCode.ShouldBe((HttpStatusCode)422);
        (await committee.PutAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/retention", new { allowed = true, basis = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await committee.PutAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/retention", new { allowed = true, basis = "集团党委〔2026〕3号" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sec.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/spendings", spend)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bad = await committee.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/spendings", new { spentOn = "2099-01-01", amount = 0m, purpose = "吃饭" });
        var errors = (await Json(bad)).GetProperty("errors");
        errors.GetProperty("spentOn")[0].GetString()!.ShouldContain("不能晚于今天");
        errors.GetProperty("purpose")[0].GetString()!.ShouldContain("党员教育培训");
        errors.GetProperty("voucherNo")[0].GetString()!.ShouldContain("凭证号");
        errors.GetProperty("approvedBy")[0].GetString()!.ShouldContain("批准人");
        (await committee.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/spendings", spend)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await committee.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/remittances", new { month = "2026-05", amount = 50m, paidOn = "2026-05-25", receiptNo = "JT-7" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        // the branch's own 上缴 to 甲公司党委 stays inside the subtree: not in the 党委's 上缴 column
        (await sec.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A1.Id}/remittances", new { month = "2026-05", amount = 90m, paidOn = "2026-05-21" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity IN ('dues_spendings', 'dues_retentions')")).ShouldBe(2);

        var rows = ReadSheet(await (await committee.GetAsync($"/api/v1/dues/account.xlsx?org={World.A.Id}&year=2026")).Content.ReadAsByteArrayAsync());
        rows[0].ShouldBe(["月份", "收缴（元）", "使用（元）", "上缴（元）", "结余（元）"]);
        rows[1].ShouldBe(["上年结转", "", "", "", "0.00"], ignoreOrder: false);
        rows.Single(r => r[0] == "2026-04").ShouldBe(["2026-04", "0.00", "0.00", "0.00", "0.00"]);
        rows.Single(r => r[0] == "2026-05").ShouldBe(["2026-05", "90.00", "20.00", "50.00", "20.00"]);
        rows.Single(r => r[0] == "2026-06")[4].ShouldBe("20.00");
        rows[^1].ShouldBe(["全年合计", "90.00", "20.00", "50.00", "20.00"]);
        rows.Count.ShouldBe(15);
        // the next year carries the balance over
        var next = ReadSheet(await (await committee.GetAsync($"/api/v1/dues/account.xlsx?org={World.A.Id}&year=2027")).Content.ReadAsByteArrayAsync());
        next[1][4].ShouldBe("20.00");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'dues.export'")).ShouldBe(2);

        var funds = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Dues/Months/Funds?org={World.A.Id}&year=2026");
        funds.ShouldContain("记-2026-051");
        funds.ShouldContain("spending-form");
    }

    /// <summary>甲公司党委 (A) allowed to retain dues, with 90.00 collected in 甲一党支部 in 2026-05 and 50.00 remitted: 40.00 retained.</summary>
    private async Task<HttpClient> RetainingCommitteeWith40Async()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var committee = await App.BearerAsync("orgadmin");
        var m = await AddMemberAsync(World.A1.Id, 6000m);
        await CreateAndStartAsync(top, World.R.Id, "2026-05");
        var entry = await App.ScalarAsync($"SELECT id FROM dues_entries WHERE member_id = {m} AND month = DATE '2026-05-01'");
        (await sec.PostAsJsonAsync($"/api/v1/dues/entries/{entry}/payments", new { amount = 90m, method = "现金", receiptNo = "SJ-1" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await committee.PutAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/retention", new { allowed = true, basis = "集团党委〔2026〕3号" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await committee.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A.Id}/remittances", new { month = "2026-05", amount = 50m, paidOn = "2026-05-25", receiptNo = "JT-7" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return committee;
    }

    private static object Spend(decimal amount, string voucherNo) =>
        new { spentOn = "2026-05-10", amount, purpose = "表彰先进", description = "表彰优秀共产党员", approvedBy = "党委会研究同意", voucherNo };

    [Fact]
    public async Task A_spending_may_use_the_whole_retained_balance_and_not_one_fen_more()
    {
        var committee = await RetainingCommitteeWith40Async();
        var url = $"/api/v1/dues/organizations/{World.A.Id}/spendings";
        var over = await committee.PostAsJsonAsync(url, Spend(40.01m, "记-1"));
        over.StatusCode.ShouldBe((HttpStatusCode)422);
        var problem = await Json(over);
        problem.GetProperty("rule").GetString().ShouldBe("使用不超过留存结余");
        problem.GetProperty("detail").GetString().ShouldBe("使用金额40.01元超过留存党费结余40.00元（收缴减去已使用、已上缴），最多可使用40.00元");
        (await committee.PostAsJsonAsync(url, Spend(40m, "记-2"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var more = await committee.PostAsJsonAsync(url, Spend(0.01m, "记-3"));
        more.StatusCode.ShouldBe((HttpStatusCode)422);
        (await Json(more)).GetProperty("detail").GetString()!.ShouldContain("最多可使用0.00元");
        (await App.ScalarAsync($"SELECT count(*) FROM dues_spendings WHERE org_id = {World.A.Id}")).ShouldBe(1);

        // the page: the refusal beside the amount, the form kept
        var page = await App.SignedInAsync("orgadmin");
        var refused = await AppFactory.PostFormAsync(page, $"/Dues/Months/Funds?handler=Spending&org={World.A.Id}", new()
        {
            ["Spending.SpentOn"] = "2026-05-11", ["Spending.Amount"] = "0.01", ["Spending.Purpose"] = "表彰先进", ["Spending.Description"] = "表彰优秀共产党员",
            ["Spending.ApprovedBy"] = "党委会研究同意", ["Spending.VoucherNo"] = "记-4",
        }, $"/Dues/Months/Funds?org={World.A.Id}&year=2026");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldMatch("(?s)id=\"Spending_Amount\".*?<div class=\"invalid-feedback\">使用金额0.01元超过留存党费结余0.00元");
        html.ShouldContain("is-invalid\" id=\"Spending_Amount\"");
        (await App.ScalarAsync($"SELECT count(*) FROM dues_spendings WHERE org_id = {World.A.Id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Spendings_sent_at_once_together_stay_within_the_retained_balance()
    {
        var committee = await RetainingCommitteeWith40Async();
        var url = $"/api/v1/dues/organizations/{World.A.Id}/spendings";
        // eight spendings of 15.00 at once against 40.00: two pass, whatever the order
        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => committee.PostAsJsonAsync(url, Spend(15m, $"记-{i}"))));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(2);
        answers.Count(a => a.StatusCode == (HttpStatusCode)422).ShouldBe(6);
        (await App.ScalarAsync($"SELECT coalesce(sum(amount), 0)::bigint FROM dues_spendings WHERE org_id = {World.A.Id}")).ShouldBe(30);
    }

    private static List<string[]> ReadSheet(byte[] bytes)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToArray()).ToList();
    }
}
