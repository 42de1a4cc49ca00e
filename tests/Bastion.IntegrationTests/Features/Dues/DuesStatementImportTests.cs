using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues;
using Bastion.Features.Dues.Statements;
using Bastion.Features.Members.Import;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Bastion.IntegrationTests.Infrastructure.RosterFileBuilder;

namespace Bastion.IntegrationTests.Features.Dues;

/// <summary>
/// 导入党费流水 through HTTP with real .xlsx files: a bank 对账单 and a WeChat 收款记录 (header found by its names under
/// title rows), each line matched by name plus an ID/phone tail or left to be assigned by hand, refused per line with
/// its reason, nothing written before 确认导入, then every matched payment in one transaction; crafted files refused;
/// the same file uploaded twice at once pays each month once.
/// </summary>
public sealed class DuesStatementImportTests(AppFactory app) : AppTest(app)
{
    private static readonly DateTimeOffset Seeded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private int _seq;

    private sealed record Person(long Id, string Name, string IdNumber, string Phone)
    {
        public string Tail => IdNumber[^4..];
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DuesTestData.SeedAsync(App, Seeded, new DateOnly(2025, 1, 1));
    }

    private DateOnly Today => ChineseDates.DayOf(App.Clock.GetUtcNow());
    private string Day => Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A 在职 member with base 3000 (15.00 a month).</summary>
    private Task<Person> AddMemberAsync(long orgId, string name) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1980, 1, 1).AddDays(++_seq * 37);
        var m = new Member
        {
            OrgId = orgId, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110101", birth, 300 + _seq * 2 + 1), BirthDate = birth,
            Phone = "1390000" + (7000 + _seq).ToString(CultureInfo.InvariantCulture), Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2005, 7, 1), CreatedAt = Seeded,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        db.Add(new DuesProfile { MemberId = m.Id, Category = DuesCategory.在职, UpdatedAt = Seeded });
        db.Add(new DuesBase { MemberId = m.Id, Year = 2025, FromMonth = 1, Pay = 3000m, Base = 3000m, Source = DuesBaseSource.手工, CreatedAt = Seeded });
        await db.SaveChangesAsync();
        return new Person(m.Id, m.Name, m.IdNumber, m.Phone!);
    });

    private async Task<long> StartMonthAsync()
    {
        var top = await App.BearerAsync("topadmin");
        var c = await top.PostAsJsonAsync($"/api/v1/dues/months?org={World.R.Id}", new { month = Today.ToString("yyyy-MM", CultureInfo.InvariantCulture) });
        c.StatusCode.ShouldBe(HttpStatusCode.Created, await c.Content.ReadAsStringAsync());
        var id = (await Json(c)).GetProperty("id").GetInt64();
        (await top.PostAsync($"/api/v1/dues/months/{id}/start", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(HttpClient c, long orgId, byte[] file, string name = "对账单.xlsx")
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(Bastion.Web.Xlsx.ContentType);
        form.Add(content, "file", name);
        var r = await c.PostAsync($"/api/v1/dues/organizations/{orgId}/statements", form);
        return (r.StatusCode, await Json(r));
    }

    private static async Task<long> UploadedAsync(HttpClient c, long orgId, byte[] file)
    {
        var (status, body) = await UploadAsync(c, orgId, file);
        status.ShouldBe(HttpStatusCode.Accepted, body.ToString());
        return body.GetProperty("id").GetInt64();
    }

    /// <summary>Polls the job until it is in one of <paramref name="states"/>.</summary>
    private static async Task<JsonElement> WaitAsync(HttpClient c, long orgId, long job, params string[] states)
    {
        JsonElement view = default;
        for (var i = 0; i < 600; i++)
        {
            view = await c.GetFromJsonAsync<JsonElement>($"/api/v1/dues/organizations/{orgId}/statements/{job}");
            if (states.Contains(view.GetProperty("state").GetString())) return view;
            await Task.Delay(100);
        }
        throw new ShouldAssertException($"job {job} did not reach {string.Join("/", states)}: {view}");
    }

    private static JsonElement Line(JsonElement view, int row) =>
        view.GetProperty("items").EnumerateArray().Single(l => l.GetProperty("row").GetInt32() == row);

    private static readonly string[] BankHeader = ["交易日期", "交易时间", "对方户名", "对方账号", "收入金额", "支出金额", "摘要", "附言", "交易流水号"];

    /// <summary>A bank 对账单 as banks export it: a title and the account above the header row.</summary>
    private static byte[] Bank(params object?[][] lines) =>
        Build([["中国工商银行 账户交易明细（对账单）"], ["账号：6222000011112222", null, "户名：甲一党支部"], [], BankHeader, .. lines]);

    [Fact]
    public async Task A_bank_statement_is_matched_line_by_line_assigned_by_hand_and_written_once_on_confirmation()
    {
        var paid = await AddMemberAsync(World.A1.Id, "王建华");
        var m1 = await AddMemberAsync(World.A1.Id, "周明远");
        var m2 = await AddMemberAsync(World.A1.Id, "吴晓雯");
        var m3 = await AddMemberAsync(World.A1.Id, "郑国栋");
        var stranger = await AddMemberAsync(World.B1.Id, "冯立新");    // another branch: not in A1's scope
        await StartMonthAsync();
        var sec = await App.BearerAsync("branchsec");
        var paidEntry = await App.ScalarAsync($"SELECT id FROM dues_entries WHERE member_id = {paid.Id}");
        (await sec.PostAsJsonAsync($"/api/v1/dues/entries/{paidEntry}/payments", new { amount = 15m, method = "现金", receiptNo = "SJ-1" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var file = Bank(
            [Day, "09:01:00", m1.Name, "6222020000000001", 15, null, "转账", $"{m1.Name}党费 身份证后四位{m1.Tail}", "YH0001"],   // row 5: matched
            [Day, "09:02:00", m2.Name, "6222020000000002", 15, null, "转账", "党费", "YH0002"],                                  // 6: name only → by hand
            [Day, "09:03:00", m3.Name, "6222020000000003", 14, null, "转账", $"党费 {m3.Tail}", "YH0003"],                       // 7: less than due
            [Day, "09:04:00", paid.Name, "6222020000000004", 15, null, "转账", $"党费 {paid.Tail}", "YH0004"],                   // 8: month paid
            [Day, "09:01:00", m1.Name, "6222020000000001", 15, null, "转账", $"{m1.Name}党费 身份证后四位{m1.Tail}", "YH0001"],   // 9: same line again
            [Day, "09:05:00", "某某物业公司", "6222020000008888", null, 120, "代扣", "物业费", "YH0005"],                        // 10: outgoing
            [Day, "09:06:00", stranger.Name, "6222020000000006", 15, null, "转账", $"党费{stranger.Tail}", "YH0006"],            // 11: not in scope
            [Day, "09:07:00", "王某", "6222020000000007", 15, null, "转账", "党费", "YH0007"]);                                  // 12: nobody
        var job = await UploadedAsync(sec, World.A1.Id, file);
        var view = await WaitAsync(sec, World.A1.Id, job, "已校验");
        (view.GetProperty("lines").GetInt32(), view.GetProperty("matched").GetInt32(), view.GetProperty("pending").GetInt32(), view.GetProperty("refused").GetInt32())
            .ShouldBe((8, 1, 2, 5));
        view.GetProperty("method").GetString().ShouldBe("银行转账");
        Line(view, 5).GetProperty("memberId").GetInt64().ShouldBe(m1.Id);
        Line(view, 6).GetProperty("suggestedMemberId").GetInt64().ShouldBe(m2.Id);
        Line(view, 7).GetProperty("reason").GetString()!.ShouldContain("少于");
        Line(view, 8).GetProperty("reason").GetString()!.ShouldContain("同一月份不能重复缴纳");
        Line(view, 9).GetProperty("reason").GetString()!.ShouldContain("与第5行是同一笔流水");
        Line(view, 10).GetProperty("reason").GetString()!.ShouldContain("支出");
        Line(view, 11).GetProperty("reason").GetString()!.ShouldContain("不在导入范围内");
        Line(view, 12).GetProperty("state").GetString().ShouldBe("待指定");
        Line(view, 5).GetProperty("account").GetString().ShouldBe("****0001");
        Line(view, 5).GetProperty("memo").GetString()!.ShouldContain(m1.Tail);
        // nothing written before the confirmation
        (await App.ScalarAsync("SELECT count(*) FROM dues_payments WHERE receipt_no LIKE 'YH%'")).ShouldBe(0);

        // by hand: the line without a tail to its member; a member whose month is paid is refused with the reason
        var l6 = Line(view, 6).GetProperty("id").GetInt64();
        var l12 = Line(view, 12).GetProperty("id").GetInt64();
        var refused = await sec.PutAsJsonAsync($"/api/v1/dues/organizations/{World.A1.Id}/statements/{job}/lines/{l12}", new { memberId = paid.Id });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(refused)).GetProperty("detail").GetString()!.ShouldContain("已缴纳");
        var outside = await sec.PutAsJsonAsync($"/api/v1/dues/organizations/{World.A1.Id}/statements/{job}/lines/{l12}", new { memberId = stranger.Id });
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var assigned = await sec.PutAsJsonAsync($"/api/v1/dues/organizations/{World.A1.Id}/statements/{job}/lines/{l6}", new { memberId = m2.Id });
        assigned.StatusCode.ShouldBe(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        (await Json(assigned)).GetProperty("state").GetString().ShouldBe("已匹配");
        // outside the caller's scope: refused; another organization's job (A's 党委 asking for A1's under A): not found
        (await (await App.BearerAsync("orgadmin")).GetAsync($"/api/v1/dues/organizations/{World.B.Id}/statements/{job}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await App.BearerAsync("orgadmin")).GetAsync($"/api/v1/dues/organizations/{World.A.Id}/statements/{job}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await sec.PostAsync($"/api/v1/dues/organizations/{World.A1.Id}/statements/{job}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var done = await WaitAsync(sec, World.A1.Id, job, "已完成", "失败");
        done.GetProperty("state").GetString().ShouldBe("已完成");
        (done.GetProperty("imported").GetInt32(), done.GetProperty("payments").GetInt32(), done.GetProperty("amount").GetDecimal()).ShouldBe((2, 2, 30m));
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id = {m1.Id} AND receipt_no = 'YH0001' AND method = '银行转账' AND state = '已确认'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {m2.Id} AND paid_amount = 15 AND payment_id IS NOT NULL")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id IN ({m3.Id}, {stranger.Id})")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id = {paid.Id}")).ShouldBe(1);
        // one audit row for the import; no ID number, phone or account number anywhere in the trail
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'dues.statement.import'")).ShouldBe(1);
        foreach (var secret in new[] { m1.IdNumber, m2.IdNumber, m1.Phone, "6222020000000001" })
            (await App.ScalarAsync($"SELECT count(*) FROM audit_log a WHERE a::text LIKE '%{secret}%'")).ShouldBe(0, secret);
        // the branch page lists the payment
        (await (await App.SignedInAsync("branchsec")).GetStringAsync($"/Dues/Months/Branch/{World.A1.Id}")).ShouldContain("YH0001");
        (await (await App.SignedInAsync("branchsec")).GetStringAsync($"/Dues/Statements/Import/{World.A1.Id}?job={job}")).ShouldContain("id=\"statement-imported\"");

        // the same file again: every line already imported or refused, nothing to confirm, nothing written twice
        var again = await UploadedAsync(sec, World.A1.Id, file);
        var second = await WaitAsync(sec, World.A1.Id, again, "已校验");
        Line(second, 5).GetProperty("reason").GetString()!.ShouldContain("已于");
        Line(second, 6).GetProperty("reason").GetString()!.ShouldContain("不能重复导入");
        second.GetProperty("matched").GetInt32().ShouldBe(0);
        (await sec.PostAsync($"/api/v1/dues/organizations/{World.A1.Id}/statements/{again}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.ScalarAsync("SELECT count(*) FROM dues_payments WHERE receipt_no LIKE 'YH%'")).ShouldBe(2);
    }

    [Fact]
    public async Task A_wechat_collection_export_pays_a_back_month_and_the_open_month_for_a_committee_subtree()
    {
        var m1 = await AddMemberAsync(World.A1.Id, "陈思源");
        var m2 = await AddMemberAsync(World.A1.Id, "林海峰");
        var m3 = await AddMemberAsync(World.A1.Id, "何雨桐");
        await StartMonthAsync();
        // last month settled, m2's line marked 延迟 (往月应补缴)
        var last = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await App.ExecAsync($"""
            INSERT INTO dues_months (org_id, month, state, created_at, started_at, settled_at) VALUES ({World.R.Id}, DATE '{last}', '已结算', now(), now(), now());
            INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, category, base, rate, assessed, due, delayed, delay_remark)
            SELECT id, month, {m2.Id}, {World.A1.Id}, {World.A1.Id}, '在职', 3000, 0.005, 15, 15, true, '出差' FROM dues_months WHERE month = DATE '{last}';
            """);
        var file = Build(
        [
            ["微信群收款记录"], ["导出时间：" + Day],
            ["时间", "付款人", "昵称", "金额", "备注", "交易单号"],
            [$"{Day} 10:00:01", null, $"{m1.Name}-{m1.Tail}", 15, "党费", "4200001"],
            [$"{Day} 10:00:02", m2.Name, "海峰", 30, $"补交上月+本月 手机尾号{m2.Phone[^4..]}", "4200002"],
            [$"{Day} 10:00:03", m3.Name, null, "¥15.00", $"身份证{m3.Tail}", "4200003"],
            [$"{Day} 10:00:04", m3.Name, null, 15, $"身份证{m3.Tail} 又交一次", "4200004"],
        ]);
        var c = await App.BearerAsync("orgadmin");      // the 党委 of A imports for its subtree
        var job = await UploadedAsync(c, World.A.Id, file);
        var view = await WaitAsync(c, World.A.Id, job, "已校验");
        view.GetProperty("method").GetString().ShouldBe("线上支付");
        Line(view, 4).GetProperty("memberId").GetInt64().ShouldBe(m1.Id);
        Line(view, 5).GetProperty("months").GetString()!.Split(',').Length.ShouldBe(2);
        Line(view, 6).GetProperty("state").GetString().ShouldBe("已匹配");
        Line(view, 7).GetProperty("reason").GetString()!.ShouldContain("已由第6行缴纳");
        (await c.PostAsync($"/api/v1/dues/organizations/{World.A.Id}/statements/{job}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await WaitAsync(c, World.A.Id, job, "已完成")).GetProperty("payments").GetInt32().ShouldBe(4);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id = {m2.Id} AND method = '线上支付'")).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {m2.Id} AND month = DATE '{last}' AND paid_amount = 15")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id = {m3.Id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Crafted_files_are_refused_with_a_chinese_reason_and_write_nothing()
    {
        var sec = await App.BearerAsync("branchsec");
        var m1 = await AddMemberAsync(World.A1.Id, "蒋文博");
        var noMonth = await UploadAsync(sec, World.A1.Id, Bank([Day, "09:00:00", m1.Name, "1", 15, null, "转账", m1.Tail, "YH1"]));
        noMonth.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        noMonth.Body.GetProperty("rule").GetString().ShouldBe("没有正在缴费的月份");
        await StartMonthAsync();

        static string FileError(JsonElement body) => body.GetProperty("errors").GetProperty("file")[0].GetString()!;
        var text = await UploadAsync(sec, World.A1.Id, System.Text.Encoding.UTF8.GetBytes("交易日期,对方户名,收入金额\n2026-12-01,张三,15"));
        text.Status.ShouldBe(HttpStatusCode.BadRequest);
        FileError(text.Body).ShouldContain("不是Excel文件");

        var bomb = Raw(w =>
        {
            w.Write(InlineRow(1, BankHeader));
            var block = string.Concat(Enumerable.Repeat("<!-- padding -->", 64 * 1024));
            for (var i = 0; i < SheetLimits.MaxUncompressedBytes / 1024 / 1024 + 20; i++) w.Write(block);
        });
        var bombed = await UploadAsync(sec, World.A1.Id, bomb);
        bombed.Status.ShouldBe(HttpStatusCode.BadRequest);
        FileError(bombed.Body).ShouldContain("解压后超过");

        var tooMany = await UploadAsync(sec, World.A1.Id, Raw(w =>
        {
            w.Write(InlineRow(1, BankHeader));
            for (var r = 2; r <= DuesStatementRules.MaxLines + SheetLimits.HeaderRows + 10; r++) w.Write($"""<row r="{r}"><c r="C{r}" t="inlineStr"><is><t>张{r}</t></is></c></row>""");
        }));
        tooMany.Status.ShouldBe(HttpStatusCode.BadRequest);
        FileError(tooMany.Body).ShouldContain($"文件超过{DuesStatementRules.MaxLines:N0}行");
        (await App.ScalarAsync("SELECT count(*) FROM import_jobs")).ShouldBe(0);

        // a sheet of something else: the check answers that no statement header was found
        var other = await UploadedAsync(sec, World.A1.Id, Build([["姓名", "性别", "身份证号"], ["张三", "男", "1"]]));
        var otherView = await WaitAsync(sec, World.A1.Id, other, "已校验");
        otherView.GetProperty("fileErrors")[0].GetProperty("message").GetString()!.ShouldContain("没有找到表头行");

        // formulas are never evaluated: the value Excel saved is read; a formula without one is a missing amount; a
        // formula typed into the memo is text
        var formulas = await UploadedAsync(sec, World.A1.Id, Raw(w =>
        {
            w.Write(InlineRow(1, BankHeader));
            w.Write($"""<row r="2"><c r="A2" t="inlineStr"><is><t>{Day}</t></is></c><c r="C2" t="inlineStr"><is><t>{m1.Name}</t></is></c><c r="E2"><f>10+5</f><v>15</v></c><c r="H2" t="inlineStr"><is><t>=HYPERLINK("http://x","{m1.Tail}")</t></is></c><c r="I2" t="inlineStr"><is><t>F1</t></is></c></row>""");
            w.Write($"""<row r="3"><c r="A3" t="inlineStr"><is><t>{Day}</t></is></c><c r="C3" t="inlineStr"><is><t>{m1.Name}</t></is></c><c r="E3"><f>SUM(E9:E10)</f></c><c r="H3" t="inlineStr"><is><t>{m1.Tail}</t></is></c><c r="I3" t="inlineStr"><is><t>F2</t></is></c></row>""");
        }));
        var fv = await WaitAsync(sec, World.A1.Id, formulas, "已校验");
        Line(fv, 2).GetProperty("state").GetString().ShouldBe("已匹配");
        Line(fv, 3).GetProperty("reason").GetString()!.ShouldContain("缺少金额");

        // 10,000 lines: checked with progress, counted whole, listed in part, nothing written
        var big = await UploadedAsync(sec, World.A1.Id, Raw(w =>
        {
            w.Write(InlineRow(1, BankHeader));
            for (var i = 0; i < 10_000; i++) w.Write(InlineRow(i + 2, [Day, null, "路人" + i, null, "1.00", null, null, "党费", "BIG" + i]));
        }));
        var started = DateTime.UtcNow;
        var bv = await WaitAsync(sec, World.A1.Id, big, "已校验");
        (bv.GetProperty("lines").GetInt32(), bv.GetProperty("pending").GetInt32()).ShouldBe((10_000, 10_000));
        bv.GetProperty("items").GetArrayLength().ShouldBe(GetDuesStatementImport.MaxLinesListed);
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(60));
        (await App.ScalarAsync("SELECT count(*) FROM dues_payments")).ShouldBe(0);
        (await (await App.SignedInAsync("branchsec")).GetStringAsync($"/Dues/Statements/Import/{World.A1.Id}?job={big}")).ShouldContain("仅列出前");
    }

    [Fact]
    public async Task The_same_file_uploaded_and_confirmed_twice_at_once_writes_each_payment_once()
    {
        var m1 = await AddMemberAsync(World.A1.Id, "韩子墨");
        var m2 = await AddMemberAsync(World.A1.Id, "曹一鸣");
        var m3 = await AddMemberAsync(World.A1.Id, "彭安然");
        await StartMonthAsync();
        var file = Bank(
            [Day, "11:00:00", m1.Name, "6222020000000011", 15, null, "转账", $"党费{m1.Tail}", "PAR001"],
            [Day, "11:00:01", m2.Name, "6222020000000012", 15, null, "转账", $"党费{m2.Tail}", "PAR002"]);
        var a = await App.BearerAsync("branchsec");
        var b = await App.BearerAsync("branchsec");
        var jobs = await Task.WhenAll(UploadedAsync(a, World.A1.Id, file), UploadedAsync(b, World.A1.Id, file));
        foreach (var j in jobs) (await WaitAsync(a, World.A1.Id, j, "已校验")).GetProperty("matched").GetInt32().ShouldBe(2);
        var confirms = await Task.WhenAll(jobs.Select(j => a.PostAsync($"/api/v1/dues/organizations/{World.A1.Id}/statements/{j}/confirm", null)));
        confirms.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted);
        var results = await Task.WhenAll(jobs.Select(j => WaitAsync(a, World.A1.Id, j, "已完成", "失败")));
        results.Sum(r => r.GetProperty("imported").GetInt32()).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id IN ({m1.Id}, {m2.Id})")).ShouldBe(2);

        // and two commits running truly at once (as two instances would): the tenant's lock lets one write
        var third = Bank([Day, "12:00:00", m3.Name, "6222020000000013", 15, null, "转账", $"党费{m3.Tail}", "PAR003"]);
        var pair = await Task.WhenAll(UploadedAsync(a, World.A1.Id, third), UploadedAsync(b, World.A1.Id, third));
        foreach (var j in pair) (await WaitAsync(a, World.A1.Id, j, "已校验")).GetProperty("matched").GetInt32().ShouldBe(1);
        var org = await App.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == World.A1.Id));
        var reports = await Task.WhenAll(pair.Select(async j =>
        {
            using var scope = App.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(World.UserIds["branchsec"], "branchsec");
            return await scope.ServiceProvider.GetRequiredService<ImportDuesStatement>().RunAsync(new MemoryStream(), org, false, null, CancellationToken.None, j);
        }));
        reports.Sum(r => r.Valid).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_payments WHERE member_id = {m3.Id}")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM dues_statement_lines WHERE line_key = 'R:PAR003' AND state = '已导入'")).ShouldBe(1);
    }
}
