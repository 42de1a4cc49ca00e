using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Transfers;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.IntegrationTests.Features;

public sealed class TransferTests(AppFactory app) : AppTest(app)
{
    /// <summary>The member of A1: inside the scope of the scoped test roles (granted on A).</summary>
    private long MemberA1 => World.MemberInOrg[World.A1.Id];

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateOnly Day(JsonElement e, string property) => DateOnly.Parse(e.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);
    private string LastMonth => App.Clock.Today().AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A branch secretary of B1: outside the sender's scope, the receiving side's own account.</summary>
    private Task<long> AddMemberAsync(Organization org, string name, int seq) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1988, 8, 8);
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("370102", birth, seq), BirthDate = birth,
            Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2012, 7, 1), ConfirmedAt = new DateOnly(2013, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private static async Task<(HttpResponseMessage Response, JsonElement Json)> SendAsync(Task<HttpResponseMessage> call)
    {
        var r = await call;
        var text = await r.Content.ReadAsStringAsync();
        return (r, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Task<(HttpResponseMessage Response, JsonElement Json)> StartAsync(HttpClient c, long memberId, long toOrgId, string reason = "工作调动") =>
        SendAsync(c.PostAsJsonAsync("/api/v1/transfers", new { memberId, toOrgId, reason }));

    private Task<(HttpResponseMessage Response, JsonElement Json)> IssueAsync(HttpClient c, long memberId, string? duesPaidTo = null, int? validDays = null) =>
        SendAsync(c.PostAsJsonAsync("/api/v1/transfers", new { memberId, kind = "转出", toOrgName = "中共某市某区某街道工作委员会", duesPaidTo = duesPaidTo ?? LastMonth, validDays, reason = "随配偶迁居" }));

    private async Task AddRangeAsync(string prefix = "2026-", int start = 1, int end = 500)
    {
        var c = await App.SignedInAsync("orgadmin");
        var r = await AppFactory.PostFormAsync(c, $"/Transfers/Letters?handler=Range&org={World.A.Id}", new()
        {
            ["range.Prefix"] = prefix, ["range.StartNumber"] = start.ToString(CultureInfo.InvariantCulture), ["range.EndNumber"] = end.ToString(CultureInfo.InvariantCulture),
        }, $"/Transfers/Letters?tab=ranges&org={World.A.Id}");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldContain("已设置编号段");
    }

    // ---- inside the platform ----

    [Fact]
    public async Task A_transfer_waits_on_both_sides_and_acceptance_by_the_receiving_side_moves_the_member_with_all_history()
    {
        var receiverId = await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var sender = await App.BearerAsync("branchsec");
        // some history before the move: a corrected key date (history row + audit rows)
        var before = await sender.GetFromJsonAsync<JsonElement>($"/api/v1/members/{MemberA1}");
        var put = await sender.PutAsJsonAsync($"/api/v1/members/{MemberA1}", new
        {
            name = before.GetProperty("name").GetString(), idNumber = before.GetProperty("idNumber").GetString(), category = "正式党员",
            joinedAt = Iso(Day(before, "joinedAt").AddDays(-1)), confirmedAt = Iso(Day(before, "confirmedAt").AddDays(-1)),
            phone = before.GetProperty("phone").GetString(), changeReason = "按入党志愿书更正",
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var auditBefore = await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'members' AND entity_id = '{MemberA1}'");

        var (started, json) = await StartAsync(sender, MemberA1, World.B1.Id, "工作调动至乙一");
        started.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("id").GetInt64();
        json.GetProperty("state").GetString().ShouldBe("待接收");
        json.GetProperty("daysWaiting").GetInt32().ShouldBe(0);
        (await App.ScalarAsync($"SELECT org_id FROM members WHERE id = {MemberA1}")).ShouldBe(World.A1.Id); // nothing moves yet

        // the sender sees it as sent, the receiver as waiting — each from its own side
        var sent = await sender.GetFromJsonAsync<JsonElement>("/api/v1/transfers?view=Outgoing&state=待接收");
        sent.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).ShouldBe([id]);
        (await (await App.SignedInAsync("branchsec")).GetStringAsync("/Transfers?tab=out")).ShouldContain("乙一党支部");
        var receiver = await App.BearerAsync("b1sec");
        var waiting = await receiver.GetFromJsonAsync<JsonElement>("/api/v1/transfers?view=Incoming");
        var item = waiting.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        (item.GetProperty("id").GetInt64(), item.GetProperty("fromOrgName").GetString(), item.GetProperty("longWaiting").GetBoolean()).ShouldBe((id, World.A1.Name, false));
        var receiverPages = await App.SignedInAsync("b1sec");
        var inbox = await receiverPages.GetStringAsync("/Transfers");
        inbox.ShouldContain("测试党员3");
        inbox.ShouldContain($"/Transfers/Decide/{id}");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {receiverId} AND url = '/Transfers/Decide/{id}'")).ShouldBe(1);

        // the sender may not accept for the receiver
        (await sender.PostAsync($"/api/v1/transfers/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Transfers/Decide/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var accepted = await AppFactory.PostFormAsync(receiverPages, $"/Transfers/Decide/{id}?handler=Accept", new(), $"/Transfers/Decide/{id}");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await accepted.Content.ReadAsStringAsync());
        accepted.Headers.Location!.ToString().ShouldBe($"/Transfers?tab=in&accepted={id}");

        (await App.ScalarAsync($"SELECT org_id FROM members WHERE id = {MemberA1}")).ShouldBe(World.B1.Id);
        (await App.ScalarAsync($"SELECT count(*) FROM member_transfers WHERE id = {id} AND state = '已接收' AND decided_by = 'b1sec'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {MemberA1} AND field = '所在党支部' AND old_value = '{World.A1.Name}' AND new_value = '{World.B1.Name}' AND changed_by = 'b1sec'")).ShouldBe(1);
        // the earlier history and audit rows are still the member's
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {MemberA1} AND reason = '按入党志愿书更正'")).ShouldBeGreaterThan(0);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'members' AND entity_id = '{MemberA1}'")).ShouldBe(auditBefore + 1);
        var record = await receiverPages.GetStringAsync($"/Members/Details/{MemberA1}");
        record.ShouldContain("按入党志愿书更正");
        record.ShouldContain("组织关系转接：工作调动至乙一");
        (await receiverPages.GetStringAsync($"/Transfers?tab=in&accepted={id}")).ShouldContain("已接收测试党员3的组织关系，现属乙一党支部。");

        // the member has left the sender's scope; deciding again is a conflict
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Members/Details/{MemberA1}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var again = await receiver.PostAsync($"/api/v1/transfers/{id}/accept", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_leaves_the_member_where_it_was()
    {
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var sender = await App.BearerAsync("branchsec");
        var id = (await StartAsync(sender, MemberA1, World.B1.Id)).Json.GetProperty("id").GetInt64();
        var receiver = await App.BearerAsync("b1sec");

        var (noReason, errors) = await SendAsync(receiver.PostAsJsonAsync($"/api/v1/transfers/{id}/reject", new { reason = "  " }));
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors.GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe("请填写退回原因");
        var pages = await App.SignedInAsync("b1sec");
        var form = await AppFactory.PostFormAsync(pages, $"/Transfers/Decide/{id}?handler=Reject", new() { ["Reason"] = "" }, $"/Transfers/Decide/{id}");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await form.Content.ReadAsStringAsync();
        html.ShouldContain("is-invalid");
        html.ShouldContain("请填写退回原因");
        (await App.ScalarAsync($"SELECT count(*) FROM member_transfers WHERE id = {id} AND state = '待接收'")).ShouldBe(1);

        var (rejected, json) = await SendAsync(receiver.PostAsJsonAsync($"/api/v1/transfers/{id}/reject", new { reason = "本支部无对应岗位" }));
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK, json.ToString());
        (json.GetProperty("state").GetString(), json.GetProperty("decisionNote").GetString()).ShouldBe(("已退回", "本支部无对应岗位"));
        (await App.ScalarAsync($"SELECT org_id FROM members WHERE id = {MemberA1}")).ShouldBe(World.A1.Id);
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {MemberA1}")).ShouldBe(0);
        (await (await App.SignedInAsync("branchsec")).GetStringAsync("/Transfers?tab=out")).ShouldContain("本支部无对应岗位");
        // rejected, so a new transfer may start
        (await StartAsync(sender, MemberA1, World.B1.Id)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_sender_outside_the_members_organization_is_refused()
    {
        // a member the sender cannot even see is answered as a missing one (404, no existence oracle)
        var sender = await App.BearerAsync("branchsec");
        var (r, _) = await StartAsync(sender, World.MemberInOrg[World.B1.Id], World.A1.Id);
        r.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Transfers/Start/{World.MemberInOrg[World.B1.Id]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await App.BearerAsync("insp")).PostAsJsonAsync("/api/v1/transfers", new { memberId = MemberA1, toOrgId = World.B1.Id, reason = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden); // reads members, may not manage them
        (await App.ScalarAsync("SELECT count(*) FROM member_transfers WHERE state = '待接收'")).ShouldBe(0);
    }

    [Fact]
    public async Task Only_a_branch_receives_and_a_member_with_a_waiting_transfer_cannot_start_another()
    {
        var sender = await App.BearerAsync("orgadmin");
        var count = await App.ScalarAsync("SELECT count(*) FROM member_transfers");
        foreach (var (to, type) in new[] { (World.B, "党委"), (World.A1Group, "党小组") })
        {
            var (r, json) = await StartAsync(sender, MemberA1, to.Id);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            json.GetProperty("errors").GetProperty("toOrgId")[0].GetString().ShouldBe($"党员组织关系应转入党支部，{to.Name}是{type}");
        }
        var (own, ownJson) = await StartAsync(sender, MemberA1, World.A1.Id);
        ownJson.GetProperty("errors").GetProperty("toOrgId")[0].GetString().ShouldBe("接收党组织不能是党员现在所在的党组织");
        var (noReason, noReasonJson) = await SendAsync(sender.PostAsJsonAsync("/api/v1/transfers", new { memberId = MemberA1, toOrgId = World.B1.Id }));
        noReasonJson.GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe("请填写转接原因");
        (await App.ScalarAsync("SELECT count(*) FROM member_transfers")).ShouldBe(count); // nothing written

        (await StartAsync(sender, MemberA1, World.B1.Id)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var (second, secondJson) = await StartAsync(sender, MemberA1, World.B1.Id);
        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        secondJson.GetProperty("errors").GetProperty("memberId")[0].GetString().ShouldBe("该党员已有待接收的组织关系转接，不能重复发起");
        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Transfers/Start/{MemberA1}");
        page.ShouldContain("该党员已有待接收的组织关系转接");
        (await App.ScalarAsync("SELECT count(*) FROM member_transfers")).ShouldBe(count + 1);
    }

    [Fact]
    public async Task The_page_starts_a_transfer_with_errors_beside_the_fields_and_the_sender_may_withdraw_it()
    {
        var c = await App.SignedInAsync("branchsec");
        (await c.GetStringAsync($"/Members/Details/{MemberA1}")).ShouldContain($"/Transfers/Start/{MemberA1}");
        var bad = await AppFactory.PostFormAsync(c, $"/Transfers/Start/{MemberA1}?handler=Internal", new() { ["internal.ToOrgId"] = "", ["internal.Reason"] = "" }, $"/Transfers/Start/{MemberA1}");
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("请选择接收党组织");
        html.ShouldContain("请填写转接原因");
        html.ShouldContain("is-invalid");

        var ok = await AppFactory.PostFormAsync(c, $"/Transfers/Start/{MemberA1}?handler=Internal",
            new() { ["internal.ToOrgId"] = World.B1.Id.ToString(CultureInfo.InvariantCulture), ["internal.Reason"] = "岗位调整" }, $"/Transfers/Start/{MemberA1}");
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        var id = await App.ScalarAsync($"SELECT id FROM member_transfers WHERE member_id = {MemberA1} AND state = '待接收'");
        (await c.GetStringAsync(ok.Headers.Location!.ToString())).ShouldContain("已发起测试党员3的组织关系转接，等待乙一党支部接收。");
        (await c.GetStringAsync($"/Members/Details/{MemberA1}")).ShouldContain("转接待接收");

        var cancelled = await AppFactory.PostFormAsync(c, $"/Transfers/Cancel/{id}", new() { ["Note"] = "调动取消" });
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await cancelled.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM member_transfers WHERE id = {id} AND state = '已撤销' AND decision_note = '调动取消'")).ShouldBe(1);
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        (await (await App.BearerAsync("b1sec")).PostAsync($"/api/v1/transfers/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.ScalarAsync($"SELECT org_id FROM members WHERE id = {MemberA1}")).ShouldBe(World.A1.Id);
    }

    [Fact]
    public async Task A_transfer_waiting_more_than_30_days_is_flagged_on_both_sides()
    {
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var id = (await StartAsync(await App.BearerAsync("branchsec"), MemberA1, World.B1.Id)).Json.GetProperty("id").GetInt64();
        var receiver = await App.BearerAsync("b1sec");

        await App.ExecAsync($"UPDATE member_transfers SET created_at = now() - interval '30 days' WHERE id = {id}");
        var thirty = (await receiver.GetFromJsonAsync<JsonElement>("/api/v1/transfers?view=Incoming")).GetProperty("items")[0];
        (thirty.GetProperty("daysWaiting").GetInt32(), thirty.GetProperty("longWaiting").GetBoolean()).ShouldBe((30, false));
        (await (await App.SignedInAsync("b1sec")).GetStringAsync("/Transfers")).ShouldNotContain("long-waiting-alert");

        await App.ExecAsync($"UPDATE member_transfers SET created_at = now() - interval '31 days' WHERE id = {id}");
        var late = (await receiver.GetFromJsonAsync<JsonElement>("/api/v1/transfers?view=Incoming")).GetProperty("items")[0];
        (late.GetProperty("daysWaiting").GetInt32(), late.GetProperty("longWaiting").GetBoolean()).ShouldBe((31, true));
        var inbox = await (await App.SignedInAsync("b1sec")).GetStringAsync("/Transfers");
        inbox.ShouldContain("long-waiting-alert");
        inbox.ShouldContain("long-waiting\">超过30天");
        (await (await App.SignedInAsync("branchsec")).GetStringAsync("/Transfers?tab=out")).ShouldContain("long-waiting\">超过30天");
    }

    // ---- 介绍信 ----

    [Fact]
    public async Task Letter_numbers_are_taken_in_order_without_gaps_or_duplicates_under_concurrent_issues()
    {
        var c = await App.BearerAsync("orgadmin");
        var (none, noneJson) = await IssueAsync(c, MemberA1);
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noneJson.GetProperty("errors").GetProperty("letterNo")[0].GetString()!.ShouldContain("上级党委尚未设置介绍信编号段");

        await AddRangeAsync();
        var members = new List<long>();
        for (var i = 0; i < 10; i++) members.Add(await AddMemberAsync(World.A1, "转出党员" + i, 201 + 2 * i));
        var results = await Task.WhenAll(members.Select(m => IssueAsync(c, m)));
        foreach (var (r, json) in results) r.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        var numbers = results.Select(x => x.Json.GetProperty("letterNo").GetString()!).ToList();
        numbers.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, 10).Select(n => $"2026-{n:000}"));

        // in the order the letters were written, and the range moved on by exactly ten
        var stored = await App.WithDbAsync(db => db.Set<MemberTransfer>().AsNoTracking().Where(t => t.Kind == TransferKind.转出).OrderBy(t => t.Id).Select(t => t.LetterNo!).ToListAsync());
        stored.ShouldBe(numbers.Order(StringComparer.Ordinal).ToList());
        (await App.ScalarAsync($"SELECT next_number FROM letter_number_ranges WHERE org_id = {World.A.Id}")).ShouldBe(11);
        var again = await IssueAsync(c, members[0]);
        again.Json.GetProperty("errors").GetProperty("memberId")[0].GetString().ShouldBe("该党员的组织关系已转出，不能再次发起转接");
        (await App.ScalarAsync($"SELECT next_number FROM letter_number_ranges WHERE org_id = {World.A.Id}")).ShouldBe(11); // refused: no number used
    }

    [Fact]
    public async Task A_range_must_belong_to_a_committee_and_not_overlap_and_a_used_up_range_stops_issuing()
    {
        var c = await App.SignedInAsync("orgadmin");
        var branch = await AppFactory.PostFormAsync(c, $"/Transfers/Letters?handler=Range&org={World.A1.Id}",
            new() { ["range.Prefix"] = "2026-", ["range.StartNumber"] = "1", ["range.EndNumber"] = "2" }, $"/Transfers/Letters?tab=ranges&org={World.A1.Id}");
        (await branch.Content.ReadAsStringAsync()).ShouldContain("介绍信由党委开具");
        await AddRangeAsync(end: 1);
        var overlap = await AppFactory.PostFormAsync(c, $"/Transfers/Letters?handler=Range&org={World.A.Id}",
            new() { ["range.Prefix"] = "2026-", ["range.StartNumber"] = "1", ["range.EndNumber"] = "9" }, $"/Transfers/Letters?tab=ranges&org={World.A.Id}");
        (await overlap.Content.ReadAsStringAsync()).ShouldContain("与已有编号段 2026-1—2026-1 重叠");
        (await App.ScalarAsync("SELECT count(*) FROM letter_number_ranges")).ShouldBe(1);
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Transfers/Letters?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var api = await App.BearerAsync("orgadmin");
        (await IssueAsync(api, MemberA1)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var (used, json) = await IssueAsync(api, await AddMemberAsync(World.A1, "第二人", 301));
        used.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("errors").GetProperty("letterNo")[0].GetString().ShouldBe($"{World.A.Name}的介绍信编号已用完，请设置新的编号段");
    }

    [Fact]
    public async Task The_word_letter_has_the_stub_the_letter_and_the_receipt_each_with_the_number_and_its_download_is_audited()
    {
        await AddRangeAsync();
        var (issued, json) = await IssueAsync(await App.BearerAsync("branchsec"), MemberA1, duesPaidTo: "2026-03", validDays: 45);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("id").GetInt64();
        json.GetProperty("letterNo").GetString().ShouldBe("2026-001");
        var member = await App.WithDbAsync(async db => (await db.Members.FindAsync(MemberA1))!);

        var c = await App.SignedInAsync("branchsec");
        var r = await c.GetAsync($"/Transfers/Letter/{id}");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe(TransferLetterDocument.ContentType);
        await using var stream = await r.Content.ReadAsStreamAsync();
        using var doc = WordprocessingDocument.Open(stream, false);
        var paragraphs = doc.MainDocumentPart!.Document.Body!.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        var parts = new List<List<string>> { new() };
        foreach (var p in paragraphs)
        {
            if (p == TransferLetterDocument.CutLine) parts.Add([]);
            else parts[^1].Add(p);
        }
        parts.Count.ShouldBe(3);
        var (stub, letter, receipt) = (string.Join("\n", parts[0]), string.Join("\n", parts[1]), string.Join("\n", parts[2]));
        foreach (var part in new[] { stub, letter, receipt }) part.ShouldContain("第 2026-001 号");
        stub.ShouldStartWith("中国共产党党员组织关系介绍信（存根）");
        letter.ShouldStartWith("中国共产党党员组织关系介绍信\n");
        receipt.ShouldStartWith("中国共产党党员组织关系介绍信回执");
        var age = MemberRules.Age(member.BirthDate, App.Clock.Today());
        var person = $"测试党员3同志（男，{age}岁，汉族），系中共正式党员，身份证号码{member.IdNumber}";
        stub.ShouldContain($"{person}，组织关系由甲一党支部转到中共某市某区某街道工作委员会。");
        stub.ShouldContain("党费交到2026年3月。");
        letter.ShouldContain("中共某市某区某街道工作委员会：");
        letter.ShouldContain($"兹介绍{person}，由甲一党支部转到你处，请接转组织关系。");
        letter.ShouldContain("该同志党费已交到2026年3月。");
        letter.ShouldContain($"（有效期45天，{ChineseDates.Date(App.Clock.Today().AddDays(45))}前有效）");
        letter.ShouldContain("甲公司党委（盖章）");
        receipt.ShouldContain("甲公司党委：");
        receipt.ShouldContain("测试党员3同志的党员组织关系已转达我处，特此回复。");

        // printing the full ID number is a full view of personal data
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view_full' AND entity_id = '{MemberA1}' AND actor_name = 'branchsec'")).ShouldBe(1);
        (await (await App.SignedInAsync("insp")).GetAsync($"/Transfers/Letter/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await c.GetAsync($"/Transfers/Letter/{World.TransferInOrg[World.A1.Id]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // not a letter

        // the member is kept, listed as 已转出
        (await c.GetStringAsync("/Transfers?tab=outward")).ShouldContain("测试党员3");
        (await c.GetStringAsync($"/Members/Details/{MemberA1}")).ShouldContain("member-transferred-out");
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id = {MemberA1}")).ShouldBe(1);
    }

    [Fact]
    public async Task The_receipt_is_tracked_until_it_returns_and_flagged_when_overdue()
    {
        await AddRangeAsync();
        var id = (await IssueAsync(await App.BearerAsync("orgadmin"), MemberA1)).Json.GetProperty("id").GetInt64();
        var c = await App.SignedInAsync("orgadmin");
        (await c.GetStringAsync($"/Transfers/Letters?org={World.A.Id}")).ShouldNotContain("receipt-overdue-alert");

        await App.ExecAsync($"UPDATE member_transfers SET letter_date = current_date - 31 WHERE id = {id}");
        var overdue = await c.GetStringAsync($"/Transfers/Letters?org={World.A.Id}");
        overdue.ShouldContain("receipt-overdue-alert");
        overdue.ShouldContain("逾期未返回");
        var api = await (await App.BearerAsync("orgadmin")).GetFromJsonAsync<JsonElement>($"/api/v1/transfers?org={World.A.Id}&view=Outward");
        api.GetProperty("items")[0].GetProperty("receiptOverdue").GetBoolean().ShouldBeTrue();

        var future = await AppFactory.PostFormAsync(c, $"/Transfers/Letters?handler=Receipt&id={id}&org={World.A.Id}",
            new() { ["returnedOn"] = Iso(App.Clock.Today().AddDays(1)) }, $"/Transfers/Letters?org={World.A.Id}");
        (await future.Content.ReadAsStringAsync()).ShouldContain("回执返回日期不能晚于今天");
        var ok = await AppFactory.PostFormAsync(c, $"/Transfers/Letters?handler=Receipt&id={id}&org={World.A.Id}",
            new() { ["returnedOn"] = Iso(App.Clock.Today()) }, $"/Transfers/Letters?org={World.A.Id}");
        var html = await ok.Content.ReadAsStringAsync();
        html.ShouldContain("已登记介绍信 2026-001 的回执。");
        html.ShouldNotContain("receipt-overdue-alert");
        (await App.ScalarAsync($"SELECT count(*) FROM member_transfers WHERE id = {id} AND receipt_returned_on = '{Iso(App.Clock.Today())}'")).ShouldBe(1);
        // a letter whose receipt came back can no longer be voided
        var voided = await AppFactory.PostFormAsync(c, $"/Transfers/Cancel/{id}", new() { ["Note"] = "x" });
        (await voided.Content.ReadAsStringAsync()).ShouldContain("回执已返回");
    }

    [Fact]
    public async Task Letters_and_receipts_are_dated_by_the_injected_clock()
    {
        App.Clock.Offset = TimeSpan.FromDays(40);
        await AddRangeAsync();
        var api = await App.BearerAsync("orgadmin");
        var (issued, json) = await IssueAsync(api, MemberA1);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        Day(json, "letterDate").ShouldBe(App.Clock.Today());
        var id = json.GetProperty("id").GetInt64();
        // the clock's today is 40 days after the machine's: still not "later than today"
        var receipt = await api.PostAsJsonAsync($"/api/v1/transfers/{id}/receipt", new { returnedOn = Iso(App.Clock.Today()) });
        receipt.StatusCode.ShouldBe(HttpStatusCode.NoContent, await receipt.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Number_ranges_and_receipts_work_through_the_api_with_the_pages_rules()
    {
        var api = await App.BearerAsync("orgadmin");
        var bad = await api.PostAsJsonAsync($"/api/v1/transfer-letters/ranges?org={World.A1.Id}", new { prefix = "A1-", startNumber = 1, endNumber = 10 });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest); // only a 党委 issues letters
        (await App.ScalarAsync("SELECT count(*) FROM letter_number_ranges")).ShouldBe(0);

        var created = await api.PostAsJsonAsync($"/api/v1/transfer-letters/ranges?org={World.A.Id}", new { prefix = "2026-", startNumber = 1, endNumber = 200 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var range = await created.Content.ReadFromJsonAsync<JsonElement>();
        (range.GetProperty("first").GetString(), range.GetProperty("last").GetString(), range.GetProperty("left").GetInt32()).ShouldBe(("2026-001", "2026-200", 200));

        var id = (await IssueAsync(api, MemberA1)).Json.GetProperty("id").GetInt64();
        // the branch sees the committee's range it draws numbers from
        var listed = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/transfer-letters/ranges?org={World.A1.Id}");
        listed!.Single().GetProperty("left").GetInt32().ShouldBe(199);

        var future = await api.PostAsJsonAsync($"/api/v1/transfers/{id}/receipt", new { returnedOn = Iso(App.Clock.Today().AddDays(1)) });
        future.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await future.Content.ReadAsStringAsync()).ShouldContain("回执返回日期不能晚于今天");
        (await api.PostAsJsonAsync($"/api/v1/transfers/{id}/receipt", new { returnedOn = Iso(App.Clock.Today()) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.ScalarAsync($"SELECT count(*) FROM member_transfers WHERE id = {id} AND receipt_returned_on IS NOT NULL")).ShouldBe(1);
        var again = await api.PostAsJsonAsync($"/api/v1/transfers/{id}/receipt", new { returnedOn = Iso(App.Clock.Today()) });
        (await again.Content.ReadAsStringAsync()).ShouldContain("回执已于");
    }

    // ---- 转入 ----

    private static Dictionary<string, string> InwardForm(string joined, string? confirmed, string category = "正式党员", string fromOrg = "中共某县某镇委员会") => new()
    {
        ["Inward.FromOrgName"] = fromOrg, ["Inward.LetterNo"] = "某组转字〔2026〕18号", ["Inward.LetterDate"] = "2026-01-05", ["Inward.DuesPaidTo"] = "2025-12",
        ["Form.Name"] = "吴转入", ["Form.IdNumber"] = ChineseIdNumber.Compose("320106", new DateOnly(1990, 2, 3), 777), ["Form.Category"] = category,
        ["Form.JoinedAt"] = joined, ["Form.ConfirmedAt"] = confirmed ?? "", ["Form.PartyStatus"] = "正常", ["Form.Ethnicity"] = "汉族",
    };

    [Fact]
    public async Task An_inward_transfer_creates_the_member_with_the_carried_over_dates_and_the_member_rules_still_apply()
    {
        var c = await App.SignedInAsync("branchsec");
        var members = await App.ScalarAsync("SELECT count(*) FROM members");
        var transfers = await App.ScalarAsync("SELECT count(*) FROM member_transfers");

        // joined before 18: refused by the member rules, nothing written
        var young = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", InwardForm("2007-06-01", "2008-06-01"));
        young.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await young.Content.ReadAsStringAsync();
        html.ShouldContain("入党时未满18周岁");
        // confirmed before the probation year ended
        var early = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", InwardForm("2015-06-01", "2016-01-01"));
        (await early.Content.ReadAsStringAsync()).ShouldContain("转正日期不能早于");
        // the letter's own fields, beside the member's
        var noLetter = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", InwardForm("2015-06-01", "2016-06-01", fromOrg: ""));
        var noLetterHtml = await noLetter.Content.ReadAsStringAsync();
        noLetterHtml.ShouldContain("请填写原所在党组织");
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(members);
        (await App.ScalarAsync("SELECT count(*) FROM member_transfers")).ShouldBe(transfers);
        // not into a committee
        var committee = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A.Id}", InwardForm("2015-06-01", "2016-06-01"));
        (await committee.Content.ReadAsStringAsync()).ShouldContain("党员应编入党支部");
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(members);

        var ok = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", InwardForm("2015-06-01", "2016-06-01"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        var id = await App.ScalarAsync("SELECT id FROM members WHERE name = '吴转入'");
        ok.Headers.Location!.ToString().ShouldBe($"/Members/Details/{id}?saved=1");
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id = {id} AND org_id = {World.A1.Id} AND joined_at = '2015-06-01' AND confirmed_at = '2016-06-01' AND birth_date = '1990-02-03'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_transfers WHERE member_id = {id} AND kind = '转入' AND state = '已转入' AND from_org_name = '中共某县某镇委员会' AND letter_no = '某组转字〔2026〕18号' AND dues_paid_to = '2025-12-01'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND field = '所在党支部' AND old_value = '中共某县某镇委员会'")).ShouldBe(1);
        // in the branch from the day the relationship arrived, not from the 入党日期
        (await App.ScalarAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {id}")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {id} AND org_id = {World.A1.Id} AND to_date IS NULL AND from_date = '{App.Clock.Today():yyyy-MM-dd}'")).ShouldBe(1);
        (await c.GetStringAsync($"/Transfers/Letters?tab=inward&org={World.A1.Id}")).ShouldContain("吴转入");
    }
}
