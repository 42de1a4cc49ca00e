using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues;
using Bastion.Features.Dues.Months;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features.Dues;

/// <summary>
/// The monthly cycle through HTTP (DOMAIN-2 §2.3): create → start (snapshot) → pay → 报送 → 结算, with a transfer in the
/// middle, 延迟 and 补交, and each refusal (a settled month, paying twice, a 7-month back pay without a reason).
/// The month belongs to the top 党委 (R): its administrator "topadmin" creates, starts and settles; the branch
/// secretary of A (branchsec) records A1's payments.
/// </summary>
public sealed class DuesMonthTests(AppFactory app) : AppTest(app)
{
    private static readonly DateTimeOffset Now = new(2026, 5, 5, 2, 0, 0, TimeSpan.Zero);
    private int _seq;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // the test world's members hold the 学生 category (0.20) so nobody blocks the settlement with a problem
        await DuesTestData.SeedAsync(App, Now, new DateOnly(2026, 1, 1));
    }

    private Task<long> AddMemberAsync(long orgId, decimal? @base, DateOnly? joined = null) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(++_seq);
        var m = new Member
        {
            OrgId = orgId, Name = "缴费党员" + _seq, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110101", birth, 600 + _seq), BirthDate = birth,
            Category = MemberCategory.正式党员, JoinedAt = joined ?? new DateOnly(2005, 7, 1), CreatedAt = Now,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        if (@base is { } b)
        {
            db.Add(new DuesProfile { MemberId = m.Id, Category = DuesCategory.在职, UpdatedAt = Now });
            db.Add(new DuesBase { MemberId = m.Id, Year = 2026, FromMonth = 1, Pay = b, Base = b, Source = DuesBaseSource.手工, CreatedAt = Now });
            await db.SaveChangesAsync();
        }
        return m.Id;
    });

    private static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<long> EntryAsync(long memberId, string month) =>
        await App.ScalarAsync($"SELECT id FROM dues_entries WHERE member_id = {memberId} AND month = DATE '{month}-01'");

    private static async Task<long> CreateAndStartAsync(HttpClient top, long rootId, string month)
    {
        var c = await top.PostAsJsonAsync($"/api/v1/dues/months?org={rootId}", new { month });
        c.StatusCode.ShouldBe(HttpStatusCode.Created, await c.Content.ReadAsStringAsync());
        var id = (await Json(c)).GetProperty("id").GetInt64();
        var s = await top.PostAsync($"/api/v1/dues/months/{id}/start", null);
        s.StatusCode.ShouldBe(HttpStatusCode.OK, await s.Content.ReadAsStringAsync());
        return id;
    }

    private static Task<HttpResponseMessage> PayAsync(HttpClient c, long entryId, decimal amount, string? reason = null, string receipt = "SJ-001") =>
        c.PostAsJsonAsync($"/api/v1/dues/entries/{entryId}/payments", new { amount, method = "现金", receiptNo = receipt, backPayReason = reason });

    /// <summary>Reports every organization below the top that has lines in its subtree, deepest first (decision 0012: a 党委 reports after its children).</summary>
    internal static async Task ReportAllAsync(AppFactory app, HttpClient top, long monthId)
    {
        var owing = await app.WithDbAsync(db => db.Set<DuesEntry>().Where(e => e.MonthId == monthId).Select(e => e.OrgId).Distinct().ToListAsync());
        var orgs = await app.WithDbAsync(db => db.Organizations.Select(o => new { o.Id, o.Path }).ToListAsync());
        var units = orgs.Where(o => owing.Contains(o.Id)).SelectMany(o => o.Path.Split('.').Skip(1).Select(long.Parse)).Distinct()
            .Select(id => orgs.Single(o => o.Id == id)).OrderByDescending(o => o.Path.Count(c => c == '.')).ToList();
        var reported = await app.WithDbAsync(db => db.Set<DuesBranchReport>().Where(r => r.MonthId == monthId).Select(r => r.OrgId).ToListAsync());
        foreach (var b in units.Select(u => u.Id).Except(reported))
        {
            var r = await top.PostAsync($"/api/v1/dues/branches/{b}/report", null);
            r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
    }

    private Task ReportAllAsync(HttpClient top, long monthId) => ReportAllAsync(App, top, monthId);

    [Fact]
    public async Task A_month_runs_from_creation_to_settlement_with_a_transfer_in_the_middle()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var mover = await AddMemberAsync(World.A1.Id, 5000.01m);    // 75.00
        var stayer = await AddMemberAsync(World.A1.Id, 3000m);      // 15.00
        var late = await AddMemberAsync(World.B1.Id, 4900m);        // 49.00
        var probationer = await AddMemberAsync(World.A1.Id, 2000m, joined: new DateOnly(2026, 6, 12)); // 预备党员 from June
        var noBase = await AddMemberAsync(World.A1.Id, null);       // no category: listed, not dropped

        var may = await CreateAndStartAsync(top, World.R.Id, "2026-05");
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE month_id = {may} AND member_id = {probationer}")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE month_id = {may} AND member_id = {noBase} AND due IS NULL AND problem = '未设置党费类别'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT due * 100 FROM dues_entries WHERE member_id = {mover} AND month_id = {may}")).ShouldBe(7500);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'dues.month.start'")).ShouldBe(1);

        // only one month at a time: June may be created, not started before May is settled
        var june = (await Json(await top.PostAsJsonAsync($"/api/v1/dues/months?org={World.R.Id}", new { month = "2026-06" }))).GetProperty("id").GetInt64();
        var early = await top.PostAsync($"/api/v1/dues/months/{june}/start", null);
        early.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(early)).GetProperty("detail").GetString()!.ShouldContain("2026年5月尚未结算");

        // the branch's collector records May; paying twice is refused
        (await PayAsync(sec, await EntryAsync(mover, "2026-05"), 75m)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var twice = await PayAsync(sec, await EntryAsync(mover, "2026-05"), 75m, receipt: "SJ-002");
        twice.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(twice)).GetProperty("rule").GetString().ShouldBe("同一月份党费不能重复缴纳");
        var wrong = await PayAsync(sec, await EntryAsync(stayer, "2026-05"), 16m);
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(wrong)).GetProperty("errors").GetProperty("amount")[0].GetString()!.ShouldContain("应交15.00元");

        // a line without an amount blocks the branch's 报送 until fixed
        var blocked = await sec.PostAsync($"/api/v1/dues/branches/{World.A1.Id}/report", null);
        blocked.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(blocked)).GetProperty("detail").GetString()!.ShouldContain("1名党员的应交金额未确定");
        (await sec.PatchAsJsonAsync($"/api/v1/dues/entries/{await EntryAsync(noBase, "2026-05")}", new { due = 0.2m, remark = "退休返聘，按学生标准" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sec.PostAsync($"/api/v1/dues/branches/{World.A1.Id}/report", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // reported: the branch's data is locked
        var locked = await PayAsync(sec, await EntryAsync(stayer, "2026-05"), 15m);
        locked.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(locked)).GetProperty("rule").GetString().ShouldBe("支部已报送，数据已锁定");

        // the 党委 of A cannot settle the top 党委's month; the top 党委 cannot settle before every branch reported
        (await (await App.BearerAsync("orgadmin")).PostAsync($"/api/v1/dues/months/{may}/settle", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound); // not even visible below
        var notYet = await top.PostAsync($"/api/v1/dues/months/{may}/settle", null);
        notYet.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(notYet)).GetProperty("detail").GetString()!.ShouldContain(World.B.Name);
        await ReportAllAsync(top, may);
        (await top.PostAsync($"/api/v1/dues/months/{may}/settle", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // a payment for the settled month is refused unless the branch marked it 延迟
        var settled = await PayAsync(top, await EntryAsync(late, "2026-05"), 49m);
        settled.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(settled)).GetProperty("rule").GetString().ShouldBe("已结算月份不能登记缴费");

        // the transfer in the middle: the mover goes to B1, and a member arrives in B1 with a letter "党费交至 2026-06"
        await App.ExecAsync($"UPDATE members SET org_id = {World.B1.Id} WHERE id = {mover}");
        var arrived = await AddMemberAsync(World.B1.Id, 6000m);
        await App.ExecAsync($"""
            INSERT INTO member_transfers (org_id, member_id, kind, state, to_org_id, from_org_name, to_org_name, created_at, letter_no, letter_date, dues_paid_to)
            VALUES ({World.B1.Id}, {arrived}, '转入', '已转入', {World.B1.Id}, '外省某党支部', '{World.B1.Name}', now(), 'W-2026-001', DATE '2026-05-20', DATE '2026-06-01')
            """);
        (await top.PostAsync($"/api/v1/dues/months/{june}/start", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // May stays as it was; June is owed to the new branch; the letter's month is not owed twice; the 预备党员 owes June
        (await App.ScalarAsync($"SELECT org_id FROM dues_entries WHERE member_id = {mover} AND month = DATE '2026-05-01'")).ShouldBe(World.A1.Id);
        (await App.ScalarAsync($"SELECT org_id FROM dues_entries WHERE member_id = {mover} AND month = DATE '2026-06-01'")).ShouldBe(World.B1.Id);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {arrived}")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {probationer} AND month = DATE '2026-06-01'")).ShouldBe(1);

        // 延迟 → 往月应补缴 → 补交 in June (1 month back: no reason needed)
        var lateMay = await EntryAsync(late, "2026-05");
        (await top.PostAsJsonAsync($"/api/v1/dues/entries/{lateMay}/delay", new { remark = "出差" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var page = await top.GetFromJsonAsync<JsonElement>($"/api/v1/dues/branches/{World.B1.Id}/month");
        page.GetProperty("month").GetString().ShouldBe("2026-06");
        page.GetProperty("backPay").EnumerateArray().Select(l => l.GetProperty("entryId").GetInt64()).ShouldContain(lateMay);
        var back = await PayAsync(top, lateMay, 49m);
        back.StatusCode.ShouldBe(HttpStatusCode.Created, await back.Content.ReadAsStringAsync());
        (await Json(back)).GetProperty("recordedInMonth").GetString().ShouldBe("2026-06");

        // the ledger of May, read back
        var xlsx = await top.GetAsync($"/api/v1/dues/ledger.xlsx?org={World.R.Id}&month=2026-05");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = ReadSheet(await xlsx.Content.ReadAsByteArrayAsync());
        rows[0].ShouldBe(["姓名", "支部", "类别", "基数", "比例", "应交", "实交", "补交月份", "减免批件", "交至月", "方式", "日期"]);
        var moverRow = rows.Single(r => r[0] == "缴费党员1");
        (moverRow[1], moverRow[2], moverRow[3], moverRow[4], moverRow[5], moverRow[6], moverRow[9], moverRow[10]).ShouldBe((World.A1.Name, "在职", "5000.01", "1.5%", "75.00", "75.00", "2026-05", "现金"));
        var june2 = ReadSheet(await (await top.GetAsync($"/api/v1/dues/ledger.xlsx?org={World.R.Id}&month=2026-06")).Content.ReadAsByteArrayAsync());
        // June's ledger: the member's June line, and the 补交 of May received in June
        june2.Count(r => r[0] == "缴费党员3").ShouldBe(2);
        june2.ShouldContain(r => r[0] == "缴费党员3" && r[7] == "2026-05" && r[6] == "49.00");
    }

    [Fact]
    public async Task A_back_pay_more_than_six_months_back_needs_the_branchs_reason()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var m = await AddMemberAsync(World.A1.Id, 3000m);
        // a settled month seven months before the open one, the member's line there marked 延迟
        await App.ExecAsync($"""
            INSERT INTO dues_months (org_id, month, state, created_at, started_at, settled_at) VALUES ({World.R.Id}, DATE '2025-11-01', '已结算', now(), now(), now());
            INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, category, base, rate, assessed, due, delayed, delay_remark)
            SELECT id, month, {m}, {World.A1.Id}, {World.A1.Id}, '在职', 3000, 0.005, 15, 15, true, '长期外派' FROM dues_months WHERE month = DATE '2025-11-01';
            INSERT INTO dues_months (org_id, month, state, created_at, started_at, settled_at) VALUES ({World.R.Id}, DATE '2025-12-01', '已结算', now(), now(), now());
            INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, category, base, rate, assessed, due, delayed, delay_remark)
            SELECT id, month, {m}, {World.A1.Id}, {World.A1.Id}, '在职', 3000, 0.005, 15, 15, true, '长期外派' FROM dues_months WHERE month = DATE '2025-12-01';
            """);
        await CreateAndStartAsync(top, World.R.Id, "2026-06");
        var nov = await EntryAsync(m, "2025-11");
        var refused = await PayAsync(sec, nov, 15m);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = await Json(refused);
        body.GetProperty("rule").GetString().ShouldBe("补交一般不超过6个月");
        body.GetProperty("detail").GetString()!.ShouldContain("2025年11月");
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE entry_id = {nov}")).ShouldBe(0);
        (await PayAsync(sec, await EntryAsync(m, "2025-12"), 15m)).StatusCode.ShouldBe(HttpStatusCode.Created); // 6 months back
        var ok = await PayAsync(sec, nov, 15m, reason: "支部大会2026年6月3日研究同意补交");
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE entry_id = {nov} AND back_pay_reason IS NOT NULL")).ShouldBe(1);
        // a past month's due changes only for a 延迟 record, logged a→b
        var notDelayed = await EntryAsync(World.MemberInOrg[World.A1.Id], "2026-06");
        (await sec.PatchAsJsonAsync($"/api/v1/dues/entries/{notDelayed}", new { due = 1m, remark = "x" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_member_records_an_online_payment_that_the_collector_confirms()
    {
        var top = await App.BearerAsync("topadmin");
        var me = World.MemberInOrg[World.A1.Id];
        await App.ExecAsync($"UPDATE users SET member_id = {me} WHERE user_name = 'mem'");
        await CreateAndStartAsync(top, World.R.Id, "2026-05");
        var mem = await App.BearerAsync("mem");
        var entry = await EntryAsync(me, "2026-05");
        var r = await mem.PostAsJsonAsync("/api/v1/dues/me/payments", new { entryId = entry, amount = 0.2m, receiptNo = "WX4200001" });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var payment = (await Json(r)).GetProperty("id").GetInt64();
        (await Json(r)).GetProperty("state").GetString().ShouldBe("待确认");
        // pending counts: a second record of the same month is refused
        (await mem.PostAsJsonAsync("/api/v1/dues/me/payments", new { entryId = entry, amount = 0.2m, receiptNo = "WX4200002" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        // someone else's entry is not found
        var other = await EntryAsync(World.MemberInOrg[World.B1.Id], "2026-05");
        (await mem.PostAsJsonAsync("/api/v1/dues/me/payments", new { entryId = other, amount = 0.2m, receiptNo = "WX1" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // the member cannot confirm; the collector can
        (await mem.PostAsJsonAsync($"/api/v1/dues/payments/{payment}/confirm", new { accept = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await App.BearerAsync("branchsec")).PostAsJsonAsync($"/api/v1/dues/payments/{payment}/confirm", new { accept = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var mine = await mem.GetFromJsonAsync<JsonElement>("/api/v1/dues/me");
        var may = mine.GetProperty("months")[0];
        (may.GetProperty("month").GetString(), may.GetProperty("paid").GetDecimal()).ShouldBe(("2026-05", 0.2m));
        (await (await App.SignedInAsync("mem")).GetStringAsync("/Dues/Months/Mine")).ShouldContain("WX4200001");
    }

    [Fact]
    public async Task Each_role_does_what_it_may_and_no_more()
    {
        var m = await AddMemberAsync(World.A1.Id, 3000m);
        var top = await App.BearerAsync("topadmin");
        // only the top 党委 creates months
        var onA = await (await App.BearerAsync("orgadmin")).PostAsJsonAsync($"/api/v1/dues/months?org={World.A.Id}", new { month = "2026-05" });
        onA.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await (await App.BearerAsync("orgadmin")).PostAsJsonAsync($"/api/v1/dues/months?org={World.R.Id}", new { month = "2026-05" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await CreateAndStartAsync(top, World.R.Id, "2026-05");
        var entry = await EntryAsync(m, "2026-05");
        (await PayAsync(await App.BearerAsync("insp"), entry, 15m)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);   // reads, does not collect
        (await PayAsync(await App.BearerAsync("mem"), entry, 15m)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PayAsync(await App.BearerAsync("sys"), entry, 15m)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await App.BearerAsync("insp")).GetAsync($"/api/v1/dues/branches/{World.A1.Id}/month")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await App.BearerAsync("branchsec")).GetAsync($"/api/v1/dues/branches/{World.B1.Id}/month")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PayAsync(await App.BearerAsync("branchsec"), entry, 15m)).StatusCode.ShouldBe(HttpStatusCode.Created);
        // the branch page shows the paid line; the 党委 page shows the branch
        var page = await (await App.SignedInAsync("branchsec")).GetStringAsync($"/Dues/Months/Branch/{World.A1.Id}");
        page.ShouldContain("已交（1）");
        (await (await App.SignedInAsync("topadmin")).GetStringAsync($"/Dues/Months?org={World.R.Id}")).ShouldContain(World.A.Name);
        (await (await App.SignedInAsync("topadmin")).GetStringAsync($"/Dues/Months?org={World.R.Id}&scope=all")).ShouldContain(World.A1.Name);
    }

    [Fact]
    public async Task Six_settled_months_unpaid_list_the_member_without_changing_anything_and_warn_once()
    {
        var m = await AddMemberAsync(World.A1.Id, 3000m);
        var sql = string.Join("\n", Enumerable.Range(0, 6).Select(i => $"""
            INSERT INTO dues_months (org_id, month, state, created_at) VALUES ({World.R.Id}, DATE '2026-01-01' + interval '{i} months', '已结算', now());
            INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, due)
            SELECT id, month, {m}, {World.A1.Id}, {World.A1.Id}, 15 FROM dues_months WHERE month = DATE '2026-01-01' + interval '{i} months';
            """));
        await App.ExecAsync(sql);
        var list = await (await App.BearerAsync("branchsec")).GetFromJsonAsync<JsonElement>($"/api/v1/dues/arrears?org={World.A.Id}");
        var row = list.EnumerateArray().Single(x => x.GetProperty("memberId").GetInt64() == m);
        (row.GetProperty("months").GetInt32(), row.GetProperty("level").GetString()).ShouldBe((6, "疑似自行脱党——需支部大会研究"));
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id = {m} AND party_status = '正常'")).ShouldBe(1);
        var sent = await App.WithDbAsync(db => Bastion.Features.Dues.Months.DuesArrears.RemindAsync(db, App.Clock));
        sent.ShouldBe(1);
        (await App.WithDbAsync(db => Bastion.Features.Dues.Months.DuesArrears.RemindAsync(db, App.Clock))).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["branchsec"]}")).ShouldBeGreaterThan(0);
        var browser = await App.SignedInAsync("branchsec");
        (await browser.GetStringAsync($"/Dues/Months/Arrears?org={World.A.Id}")).ShouldContain("疑似自行脱党");
        // the list downloads as .xlsx from the page, and the export is audited
        var export = ReadSheet(await (await browser.GetAsync($"/Dues/Months/Arrears?org={World.A.Id}&handler=Export")).Content.ReadAsByteArrayAsync());
        export[0].ShouldBe(["姓名", "支部", "连续未交（月）", "起始月份", "合计（元）", "处理"]);
        export.Skip(1).ShouldContain(r => r[2] == "6" && r[5].Contains("疑似自行脱党"));
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'dues.export' AND after->>'report' = 'arrears'")).ShouldBe(1);
    }

    [Fact]
    public async Task Members_added_after_the_start_get_their_lines_and_a_new_probationer_owes_from_the_meeting_month()
    {
        var top = await App.BearerAsync("topadmin");
        var april = await CreateAndStartAsync(top, World.R.Id, "2026-04");
        await ReportAllAsync(top, april);
        (await top.PostAsync($"/api/v1/dues/months/{april}/settle", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var may = await CreateAndStartAsync(top, World.R.Id, "2026-05");
        // after May started: a 预备党员 whose 支部大会 was in April is approved, and a long-standing member is added by hand
        var probationer = await AddMemberAsync(World.A1.Id, 4000m, new DateOnly(2026, 4, 20));   // 40.00 a month
        var added = await AddMemberAsync(World.A1.Id, 4000m);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id IN ({probationer}, {added})")).ShouldBe(0);

        (await App.WithDbAsync(db => DuesLateEntries.AddForNewMemberAsync(db, probationer, new DateOnly(2026, 4, 20), default))).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {probationer} AND month_id = {april} AND delayed AND due = 40")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {probationer} AND month_id = {may} AND NOT delayed AND due = 40")).ShouldBe(1);
        // the daily catch-up adds the open month only (the hand-added member never owed April here), once
        (await App.WithDbAsync(db => DuesLateEntries.AddMissingToOpenMonthsAsync(db, default))).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {added} AND month_id = {may} AND NOT delayed")).ShouldBe(1);
        (await App.WithDbAsync(db => DuesLateEntries.AddMissingToOpenMonthsAsync(db, default))).ShouldBe(0);
        (await App.WithDbAsync(db => DuesLateEntries.AddForNewMemberAsync(db, probationer, new DateOnly(2026, 4, 20), default))).ShouldBe(0);

        // the branch's month lists April as 往月应补缴, and the back pay is recorded once
        var sec = await App.BearerAsync("branchsec");
        var page = await Json(await sec.GetAsync($"/api/v1/dues/branches/{World.A1.Id}/month"));
        page.GetProperty("backPay").EnumerateArray().Single(l => l.GetProperty("memberId").GetInt64() == probationer).GetProperty("month").GetString().ShouldBe("2026-04");
        page.GetProperty("lines").EnumerateArray().Count(l => l.GetProperty("memberId").GetInt64() is var id && (id == probationer || id == added)).ShouldBe(2);
        (await PayAsync(sec, await EntryAsync(probationer, "2026-04"), 40m)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PayAsync(sec, await EntryAsync(probationer, "2026-04"), 40m, receipt: "SJ-002")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_approved_reduction_lowers_the_due_and_the_reports_read_back()
    {
        var top = await App.BearerAsync("topadmin");
        var sec = await App.BearerAsync("branchsec");
        var m = await AddMemberAsync(World.A1.Id, 6000m);   // 90.00
        var bad = await sec.PostAsJsonAsync($"/api/v1/dues/members/{m}/reductions", new { fromMonth = "2026-05", toMonth = "2027-05", amount = 10m, branchDecision = "", approvalNo = "" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await Json(bad)).GetProperty("errors");
        errors.GetProperty("toMonth")[0].GetString()!.ShouldContain("12个月");
        errors.GetProperty("branchDecision")[0].GetString()!.ShouldContain("支部");
        // the branch files the request; the superior 党委 approves it in the app (the 批件号 optional, given here)
        var filed = await sec.PostAsJsonAsync($"/api/v1/dues/members/{m}/reductions",
            new { fromMonth = "2026-05", toMonth = "2026-10", amount = 10m, branchDecision = "支委会2026-04-20", branchDecidedOn = "2026-04-20" });
        filed.StatusCode.ShouldBe(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        var reduction = (await Json(filed)).GetProperty("id").GetInt64();
        (await top.PostAsJsonAsync($"/api/v1/dues/reductions/{reduction}/approve", new { approvalNo = "集团党委〔2026〕12号" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var month = await CreateAndStartAsync(top, World.R.Id, "2026-05");
        (await App.ScalarAsync($"SELECT due * 100 FROM dues_entries WHERE member_id = {m} AND month_id = {month}")).ShouldBe(1000);
        (await PayAsync(sec, await EntryAsync(m, "2026-05"), 10m)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await sec.PostAsJsonAsync($"/api/v1/dues/entries/{await EntryAsync(m, "2026-05")}/payments", new { amount = 1000m, method = "银行转账", receiptNo = "YH-1", kind = "特殊党费" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id = {m} AND kind = '特殊党费' AND forward_to_central")).ShouldBe(1);
        (await sec.PostAsJsonAsync($"/api/v1/dues/organizations/{World.A1.Id}/remittances", new { month = "2026-05", amount = 10m, paidOn = "2026-05-05", receiptNo = "SJ-9" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var ledger = ReadSheet(await (await sec.GetAsync($"/api/v1/dues/ledger.xlsx?org={World.A1.Id}&month=2026-05")).Content.ReadAsByteArrayAsync());
        ledger.Single(r => r[0].StartsWith("缴费党员", StringComparison.Ordinal))[8].ShouldBe("集团党委〔2026〕12号");
        var summary = ReadSheet(await (await sec.GetAsync($"/api/v1/dues/summary.xlsx?org={World.A1.Id}&year=2026")).Content.ReadAsByteArrayAsync());
        summary[0].ShouldBe(["支部", "月份", "应交人数", "应交（元）", "实交（元）", "未交人数", "往月补缴（元）", "自愿多交及特殊党费（元）", "上缴（元）"]);
        summary[1][0..3].ShouldBe([World.A1.Name, "2026-05", "2"]);
        (summary[1][4], summary[1][7], summary[1][8]).ShouldBe(("10.00", "1000.00", "10.00"));
        var statement = ReadSheet(await (await sec.GetAsync($"/api/v1/dues/statement.xlsx?org={World.A1.Id}&year=2026")).Content.ReadAsByteArrayAsync());
        // the same two reports download from the month page in the browser
        var browser = await App.SignedInAsync("branchsec");
        ReadSheet(await (await browser.GetAsync($"/Dues/Months?org={World.A1.Id}&handler=Statement&year=2026")).Content.ReadAsByteArrayAsync()).ShouldBe(statement);
        ReadSheet(await (await browser.GetAsync($"/Dues/Months?org={World.A1.Id}&handler=Summary&year=2026")).Content.ReadAsByteArrayAsync()).ShouldBe(summary);
        var row = statement.Single(r => r[0].StartsWith("缴费党员", StringComparison.Ordinal));
        (row[6], row[15], row[16]).ShouldBe(("10.00", "10.00", "0"));
        statement.Single(r => r[0] == "测试党员3")[6].ShouldBe("未交");
    }

    [Fact]
    public async Task The_arrears_list_is_paged_with_its_filters_kept_and_its_export_streams_every_row()
    {
        // a page and three more members of A1 unpaid in the last three settled months (警告), two of them in all six (疑似自行脱党)
        var count = ArrearsModel.PageSize + 3;
        var ids = new List<long>();
        for (var i = 0; i < count; i++) ids.Add(await AddMemberAsync(World.A1.Id, 3000m));
        await App.ExecAsync($"""
            INSERT INTO dues_months (org_id, month, state, created_at)
            SELECT {World.R.Id}, (DATE '2025-11-01' + make_interval(months => i))::date, '已结算', now() FROM generate_series(0, 5) i;
            INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, due)
            SELECT dm.id, dm.month, mem.id, {World.A1.Id}, {World.A1.Id}, 15
            FROM dues_months dm CROSS JOIN unnest(ARRAY[{string.Join(",", ids)}]::bigint[]) mem(id)
            WHERE dm.org_id = {World.R.Id} AND (dm.month >= DATE '2026-02-01' OR mem.id IN ({ids[0]}, {ids[1]}));
            """);
        var browser = await App.SignedInAsync("branchsec");
        static int Rows(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<tr><td>缴费党员").Count;

        var first = await browser.GetStringAsync($"/Dues/Months/Arrears?org={World.A.Id}");
        Rows(first).ShouldBe(ArrearsModel.PageSize);
        first.ShouldContain($"共 {count} 条");
        first.ShouldContain($"?org={World.A.Id}&amp;p=2");
        Rows(await browser.GetStringAsync($"/Dues/Months/Arrears?org={World.A.Id}&p=2")).ShouldBe(3);

        var level = Uri.EscapeDataString("疑似自行脱党");
        var lapsed = await browser.GetStringAsync($"/Dues/Months/Arrears?org={World.A.Id}&level={level}");
        Rows(lapsed).ShouldBe(2);
        lapsed.ShouldContain($"handler=Export&amp;level={level}");
        var warned = await browser.GetStringAsync($"/Dues/Months/Arrears?org={World.A.Id}&level={Uri.EscapeDataString("警告")}&p=1");
        warned.ShouldContain($"共 {count - 2} 条");
        warned.ShouldContain($"?org={World.A.Id}&amp;level={Uri.EscapeDataString("警告")}&amp;p=2");

        // the export: every row of the list, longer than a page, read back from the file
        var all = ReadSheet(await (await browser.GetAsync($"/Dues/Months/Arrears?org={World.A.Id}&handler=Export")).Content.ReadAsByteArrayAsync());
        all[0].ShouldBe(["姓名", "支部", "连续未交（月）", "起始月份", "合计（元）", "处理"]);
        all.Count.ShouldBe(count + 1);
        all.Skip(1).Select(r => r[0]).Distinct().Count().ShouldBe(count);
        (all[1][1], all[1][2], all[1][3], decimal.Parse(all[1][4], CultureInfo.InvariantCulture), all[1][5]).ShouldBe((World.A1.Name, "6", "2025-11", 90m, "疑似自行脱党——需支部大会研究"));
        all.Skip(3).Select(r => (r[2], r[3], decimal.Parse(r[4], CultureInfo.InvariantCulture))).Distinct().ShouldBe([("3", "2026-02", 45m)]);
        var exportedLapsed = ReadSheet(await (await browser.GetAsync($"/Dues/Months/Arrears?org={World.A.Id}&handler=Export&level={level}")).Content.ReadAsByteArrayAsync());
        exportedLapsed.Count.ShouldBe(3);
    }

    [Fact]
    public async Task The_page_downloads_write_the_same_sheets_as_the_api()
    {
        var m = await AddMemberAsync(World.A1.Id, 3000m);
        await CreateAndStartAsync(await App.BearerAsync("topadmin"), World.R.Id, "2026-05");
        (await PayAsync(await App.BearerAsync("branchsec"), await EntryAsync(m, "2026-05"), 15m)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var api = await App.BearerAsync("topadmin");
        var page = await App.SignedInAsync("topadmin");
        foreach (var (report, sheet) in new[] { ("Summary", "党费收缴上缴"), ("Statement", "党员年度党费") })
        {
            var fromApi = await (await api.GetAsync($"/api/v1/dues/{report.ToLowerInvariant()}.xlsx?org={World.R.Id}&year=2026")).Content.ReadAsByteArrayAsync();
            var fromPage = await (await page.GetAsync($"/Dues/Months?handler={report}&org={World.R.Id}&year=2026")).Content.ReadAsByteArrayAsync();
            SheetName(fromApi).ShouldBe(sheet);
            SheetName(fromPage).ShouldBe(sheet);
            ReadSheet(fromPage).Select(r => string.Join("|", r)).ShouldBe(ReadSheet(fromApi).Select(r => string.Join("|", r)));
            ReadSheet(fromPage).Count.ShouldBeGreaterThan(1, report);
        }
    }

    private static string SheetName(byte[] bytes)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return doc.WorkbookPart!.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single().Name!.Value!;
    }

    private static List<string[]> ReadSheet(byte[] bytes)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToArray()).ToList();
    }
}
