using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Bastion.IntegrationTests.Infrastructure.RosterFileBuilder;

namespace Bastion.IntegrationTests.Abuse;

/// <summary>
/// Issue 12 item 6: the append-only audit log keeps no personal data. Every kind of write that carries ID numbers,
/// mobile numbers, files, disciplinary records or clue facts is made through the pages and the API, then every text
/// column of every audit row is scanned.
/// </summary>
public sealed partial class AuditDataAbuseTests(AppFactory app) : AppTest(app)
{
    private const string ClueFacts = "反映甲一党支部某负责人2025年在关联企业违规兼职取酬共计十二万元";
    private const string PenaltyTitle = "因违规收受礼金给予党内严重警告处分";
    private const string TalkTopics = "谈心谈话：本人近期家庭困难情况";

    private static string Id(int year, int seq) => ChineseIdNumber.Compose("320106", new DateOnly(year, 5, 6), seq);

    private static string Mobile(int n) => "139" + (12345600 + n).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A roster with full 18-character ID numbers and 11-digit mobile numbers.</summary>
    private byte[] Roster(int first, int count, List<string> ids, List<string> phones)
    {
        var rows = new List<object?[]> { new object?[] { "序号", "姓名", "性别", "公民身份号码", "民族", "学历", "人员类别", "所在党支部", "入党日期", "转正日期", "联系电话" } };
        for (var i = 0; i < count; i++)
        {
            var id = Id(1980 + i, 101 + 2 * (first + i));
            var phone = Mobile(first + i);
            ids.Add(id);
            phones.Add(phone);
            rows.Add([i + 1, "导入党员" + (first + i), "男", id, "汉族", "大学本科", "正式党员", World.A1.Name, "2010-07-01", "2011-07-01", phone]);
        }
        return Build(rows);
    }

    private static byte[] Padded(byte[] head, int size)
    {
        var bytes = new byte[size];
        head.CopyTo(bytes, 0);
        new Random(12).NextBytes(bytes.AsSpan(head.Length));
        return bytes;
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    private static MultipartFormDataContent FileContent(byte[] bytes, string field, string name, string type)
    {
        var f = new ByteArrayContent(bytes);
        f.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { f, field, name } };
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static async Task CreatedAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.Created) =>
        r.StatusCode.ShouldBe(expected, await r.Content.ReadAsStringAsync());

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>An 18-character ID number (the check character is verified below), not part of a longer alphanumeric run.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdShape();

    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")]
    private static partial Regex MobileShape();

    [GeneratedRegex(@"[A-Za-z0-9+/]{257,}")]
    private static partial Regex Base64Run();

    [Fact]
    public async Task Every_audit_row_is_free_of_id_numbers_mobiles_files_clue_facts_and_control_characters()
    {
        var ids = new List<string>();
        var phones = new List<string>();
        var member = World.MemberInOrg[World.A1.Id];

        // 1. a roster through the API (committed) ...
        var api = await App.BearerAsync("orgadmin");
        using (var form = FileContent(Roster(0, 4, ids, phones), "file", "花名册.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        {
            var r = await api.PostAsync($"/api/v1/members/import?org={World.A.Id}&dryRun=false", form);
            r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            (await JsonAsync(r)).GetProperty("created").GetInt32().ShouldBe(4);
        }

        // ... and on the page (checked in the background, then committed)
        var page = await App.SignedInAsync("orgadmin");
        var importPage = await page.GetStringAsync($"/Members/Import?org={World.A.Id}");
        using (var form = FileContent(Roster(10, 4, ids, phones), "file", "党员花名册（含身份证号）.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        {
            form.Add(new StringContent(Token(importPage)), "__RequestVerificationToken");
            var upload = await page.PostAsync($"/Members/Import?handler=Upload&org={World.A.Id}", form);
            upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var jobUrl = upload.Headers.Location!.ToString();
            var job = long.Parse(JobPattern().Match(jobUrl).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            await UntilAsync($"SELECT count(*) FROM import_jobs WHERE id = {job} AND state = '已校验'");
            var commit = await AppFactory.PostFormAsync(page, $"/Members/Import?handler=Commit&org={World.A.Id}&job={job}", new(), jobUrl);
            commit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await UntilAsync($"SELECT count(*) FROM import_jobs WHERE id = {job} AND state IN ('已完成', '失败')");
            (await App.ScalarAsync($"SELECT count(*) FROM import_jobs WHERE id = {job} AND state = '已完成'")).ShouldBe(1);
        }
        (await App.ScalarAsync("SELECT count(*) FROM members WHERE name LIKE '导入党员%'")).ShouldBe(8);

        // an export of the member list searched by a full ID number
        (await page.GetAsync($"/Members?handler=Export&org={World.A.Id}&q={ids[0]}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // 2. a meeting recorded with minutes naming a phone, and a photo attached
        var secretary = await App.BearerAsync("branchsec");
        var others = await App.WithDbAsync(db => db.Members.Where(m => m.OrgId == World.A1.Id && m.Id != member).Select(m => m.Id).ToListAsync());
        var meeting = await secretary.PostAsJsonAsync($"/api/v1/meetings?org={World.A.Id}", new
        {
            orgId = World.A1.Id, types = new[] { "支部党员大会" },
            heldAt = DateTimeOffset.UtcNow.AddDays(-3).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            place = "三楼党员活动室", topic = "学习贯彻党的二十届四中全会精神", hostId = member, recorderId = member,
            attendeeIds = new[] { member }, leave = Array.Empty<object>(), absentIds = others,
            minutes = $"<p>会后联系{Mobile(90)}，身份证{ids[1]}</p>",
        });
        await CreatedAsync(meeting);
        var meetingId = (await JsonAsync(meeting)).GetProperty("id").GetInt64();
        using (var photo = FileContent(Padded(Png, 6000), "file", "现场照片.png", "image/png"))
            await CreatedAsync(await secretary.PostAsync($"/api/v1/meetings/{meetingId}/attachments", photo));

        // 3. ledger evidence (a file and a text naming a phone)
        var insp = await App.BearerAsync("insp");
        var item = await insp.PostAsJsonAsync($"/api/v1/ledger/items?org={World.A.Id}", new
        {
            title = "整改党费收缴不规范问题", description = "巡察反馈：部分党员党费未按标准收缴", source = "整改",
            deadline = ChineseDates.DayOf(App.Clock.GetUtcNow()).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            responsibleOrgId = World.A1.Id, responsiblePersonId = World.UserIds["mem"], workStandard = "党费按月足额收缴", assessingDepartment = "集团巡察办",
            verifierId = World.UserIds["branchsec"], priority = "重要", tags = new[] { "党费" },
        });
        await CreatedAsync(item);
        var itemId = (await JsonAsync(item)).GetProperty("id").GetInt64();
        var owner = await App.BearerAsync("mem");
        await CreatedAsync(await owner.PostAsJsonAsync($"/api/v1/ledger/items/{itemId}/transitions", new { action = "start" }), HttpStatusCode.OK);
        var pdf = Padded("%PDF-1.4\n"u8.ToArray(), 6000);
        await CreatedAsync(await owner.PostAsJsonAsync($"/api/v1/ledger/items/{itemId}/transitions", new
        {
            action = "submit", reason = "已完成整改",
            evidence = new[] { new { text = $"补缴凭证，经办人电话{Mobile(91)}", fileName = "补缴凭证.pdf", contentBase64 = Convert.ToBase64String(pdf) } },
        }), HttpStatusCode.OK);

        // 4. a member's 惩处 and a member photo
        var details = $"/Members/Details/{member}";
        (await AppFactory.PostFormAsync(page, $"{details}?handler=AddReward", new()
        {
            ["RewardForm.Kind"] = "惩处", ["RewardForm.Date"] = "2024-05-06", ["RewardForm.Title"] = PenaltyTitle,
            ["RewardForm.Issuer"] = "甲公司纪委", ["RewardForm.DocNo"] = "甲纪〔2024〕8号",
        }, details)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using (var photo = FileContent(Padded(Png, 6000), "photo", "证件照.png", "image/png"))
        {
            photo.Add(new StringContent(Token(await page.GetStringAsync(details))), "__RequestVerificationToken");
            (await page.PostAsync($"{details}?handler=Photo", photo)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await App.ScalarAsync($"SELECT count(*) FROM member_photos WHERE member_id = {member}")).ShouldBe(1);

        // 5. an inspection clue (线索) and a 巡言巡语 entry
        var round = await insp.PostAsJsonAsync($"/api/v1/inspections/rounds?org={World.A.Id}", new
        {
            name = "2026年第一轮巡察", year = 2026, plan = "对甲一党支部开展常规巡察",
            startsOn = TimeProvider.System.Today().AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            endsOn = TimeProvider.System.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            authorizedBy = "甲公司党委", authorizationNo = "甲党〔2026〕1号",
            authorizedOn = TimeProvider.System.Today().AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            authorizationScope = "甲一党支部", targetOrgIds = new[] { World.A1.Id },
        });
        await CreatedAsync(round);
        var target = await App.ScalarAsync($"SELECT id FROM inspection_targets WHERE round_id = {(await JsonAsync(round)).GetProperty("id").GetInt64()}");
        await CreatedAsync(await insp.PostAsJsonAsync($"/api/v1/inspections/findings?org={World.A.Id}", new
        {
            targetId = target, title = "反映某负责人违规兼职取酬", facts = ClueFacts, evidence = $"举报人电话{Mobile(92)}",
            category = "问题线索", clueGrade = "建议了解关注类", responsibility = new[] { "个人", "现任" }, immediate = false,
        }));
        var inspPage = await App.SignedInAsync("insp");
        (await AppFactory.PostFormAsync(inspPage, "/Inspections/Expressions/Create", new()
        {
            ["Input.Category"] = "问题线索", ["Input.Expression"] = "存在违规兼职取酬问题", ["Input.Symptoms"] = "兼职取酬、违规领取报酬",
            ["Input.Example"] = $"某负责人在关联企业兼职，联系电话{Mobile(93)}",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // 6. a 谈心谈话 recorded through the member's record
        await App.WithDbAsync(async db =>
        {
            db.Add(new Talk { OrgId = World.A1.Id, MemberId = member, TalkerMemberId = others[0], HeldOn = TimeProvider.System.Today(), Topics = TalkTopics, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "test" });
            return await db.SaveChangesAsync();
        });

        // 7. sign-ins with crafted user names: line breaks (a forged second line), a bidi override, an ID number
        foreach (var name in new[] { "ghost\r\nsigned in: admin", "evil\u202Egnp.exe", ids[2] })
        {
            var r = await AppFactory.PostFormAsync(App.Client(), "/Account/Login", new() { ["UserName"] = name, ["Password"] = "wrong-password" });
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            // only the first unknown name per address in a throttling window has a row of its own (the rest are counted)
            App.Clock.Offset += Bastion.Security.SignInThrottle.Window;
        }

        // ---- scan every audit row ----
        var rows = await AuditRowsAsync();
        rows.Count.ShouldBeGreaterThan(30);
        var problems = new List<string>();
        foreach (var (id, actor, text) in rows)
        {
            foreach (Match m in IdShape().Matches(text))
                if (ChineseIdNumber.IsValid(m.Value.ToUpperInvariant())) problems.Add($"row {id}: ID number {m.Value}");
            foreach (var known in ids.Where(text.Contains)) problems.Add($"row {id}: uploaded ID number {known}");
            foreach (Match m in MobileShape().Matches(text)) problems.Add($"row {id}: mobile {m.Value}");
            foreach (Match m in Base64Run().Matches(text)) problems.Add($"row {id}: base64 run of {m.Length} characters");
            if (text.Contains(ClueFacts[..20], StringComparison.Ordinal)) problems.Add($"row {id}: the clue's facts");
            if (text.Contains(PenaltyTitle, StringComparison.Ordinal)) problems.Add($"row {id}: the 惩处 title");
            if (text.Contains(TalkTopics, StringComparison.Ordinal)) problems.Add($"row {id}: the talk's topics");
            if (actor is not null && actor.Any(c => char.IsControl(c) || c is '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))
                problems.Add($"row {id}: control character in the actor name {JsonSerializer.Serialize(actor)}");
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));

        // the rows still prove who did what: the import job, the clue, the 惩处 and the sign-ins are all there
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'import_jobs' AND action = 'create'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'inspection_findings' AND action = 'create' AND after->>'facts' IS NOT NULL")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'member_rewards_penalties' AND action = 'create' AND actor_name = 'orgadmin'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND result = 'failure' AND actor_name = 'ghostsigned in: admin'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND result = 'failure' AND actor_name = 'evilgnp.exe'")).ShouldBe(1);
        // the application still answers and an account still signs in with its password
        (await App.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await App.SignedInAsync("mem");
    }

    [GeneratedRegex(@"job=(\d+)")]
    private static partial Regex JobPattern();

    /// <summary>Waits (bounded) for a background import job to reach a state.</summary>
    private async Task UntilAsync(string countSql)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await App.ScalarAsync(countSql) > 0) return;
            await Task.Delay(100);
        }
        throw new TimeoutException(countSql);
    }

    /// <summary>Every text column of every audit row, as the database keeps it.</summary>
    private async Task<List<(long Id, string? Actor, string Text)>> AuditRowsAsync()
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        var text = new List<string>();
        await using (var cols = new NpgsqlCommand("""
            SELECT column_name FROM information_schema.columns
            WHERE table_name = 'audit_log' AND data_type IN ('text', 'character varying', 'jsonb', 'json') AND column_name NOT IN ('hash', 'prev_hash')
            """, conn))
        await using (var rd = await cols.ExecuteReaderAsync())
            while (await rd.ReadAsync()) text.Add(rd.GetString(0));
        text.ShouldContain("after");
        text.ShouldContain("actor_name");
        var rows = new List<(long, string?, string)>();
        await using var cmd = new NpgsqlCommand($"SELECT id, actor_name, concat_ws(' | ', {string.Join(", ", text.Select(c => $"{c}::text"))}) FROM audit_log ORDER BY id", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add((r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2)));
        return rows;
    }
}
