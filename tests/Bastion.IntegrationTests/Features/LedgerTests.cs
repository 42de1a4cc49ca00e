using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Ledger;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Bastion.Web;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bastion.IntegrationTests.Features;

/// <summary>The ledger (台账) through HTTP: 交办 with the 四个明确, the state machine with evidence, visibility, filters, export and the reminder job.</summary>
public sealed class LedgerTests(AppFactory app) : AppTest(app)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
    private static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];

    private DateOnly Today => ChineseDates.DayOf(App.Clock.GetUtcNow());
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private object Body(string title = "整改党费收缴不规范问题", DateOnly? deadline = null, long? orgId = null, long? owner = null, long? verifier = null,
        string source = "整改", string? workStandard = "党费按月足额收缴，账目公开", string? assessing = "集团巡察办") => new
        {
            title, description = "巡察反馈：部分党员党费未按标准收缴", source, deadline = Iso(deadline ?? Today.AddDays(30)),
            responsibleOrgId = orgId ?? World.A1.Id, responsiblePersonId = owner ?? World.UserIds["mem"], workStandard, assessingDepartment = assessing,
            verifierId = verifier ?? World.UserIds["branchsec"], priority = "重要", tags = new[] { "党费" },
        };

    private async Task<HttpResponseMessage> CreateAsync(object body, string as_ = "insp", long? org = null) =>
        await (await App.BearerAsync(as_)).PostAsJsonAsync($"/api/v1/ledger/items?org={org ?? World.A.Id}", body);

    private async Task<long> CreatedAsync(object? body = null)
    {
        var r = await CreateAsync(body ?? Body());
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static object Evidence(string text, string? file = null, byte[]? data = null) =>
        new { text, fileName = file, contentBase64 = data is null ? null : Convert.ToBase64String(data) };

    private async Task<HttpResponseMessage> ActAsync(string userName, long id, string action, string? reason = null, DateOnly? newDeadline = null, params object[] evidence) =>
        await (await App.BearerAsync(userName)).PostAsJsonAsync($"/api/v1/ledger/items/{id}/transitions",
            new { action, reason, newDeadline = newDeadline is { } d ? Iso(d) : null, evidence });

    private async Task OkAsync(Task<HttpResponseMessage> call, string state)
    {
        var r = await call;
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe(state);
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage r)
    {
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    private Task<long> CountAsync(string table) => App.ScalarAsync($"SELECT count(*) FROM {table}");

    private async Task<long> AddUserAsync(string userName, Role? role = null, Organization? org = null)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var u = new AppUser { UserName = userName, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
        (await users.CreateAsync(u, AppFactory.Password)).Succeeded.ShouldBeTrue();
        if (role is { } r) db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = r, OrgId = org?.Id, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return u.Id;
    }

    [Fact]
    public async Task Creating_an_item_returns_201_with_the_item_its_create_transition_and_a_notice_to_the_owner()
    {
        var id = await CreatedAsync();
        var d = await (await App.BearerAsync("insp")).GetFromJsonAsync<JsonElement>($"/api/v1/ledger/items/{id}");
        d.GetProperty("state").GetString().ShouldBe("待办");
        d.GetProperty("orgName").GetString().ShouldBe("甲一党支部");
        d.GetProperty("ownerName").GetString().ShouldBe(Roles.Display(Role.Member));
        d.GetProperty("originalDeadline").GetString().ShouldBe(Iso(Today.AddDays(30)));
        d.GetProperty("transitions").EnumerateArray().Single().GetProperty("action").GetString().ShouldBe("create");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND url = '/Ledger/Details/{id}'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE created_by_user_id = {World.UserIds["insp"]} AND priority = '重要'")).ShouldBe(1);
    }

    public static TheoryData<string, string> BadInput => new()
    {
        { "deadline", "完成时限不能早于交办日期" },
        { "verifierId", "验收人不能是责任人本人" },
        { "responsibleOrgId", "不在您的管理范围内" },
        { "workStandard", "请填写工作标准" },
        { "assessingDepartment", "请填写考核部门" },
        { "source", "未知的来源" },
        { "responsiblePersonId", "不存在" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_next_to_its_field_and_nothing_is_written(string field, string message)
    {
        var body = field switch
        {
            "deadline" => Body(deadline: Today.AddDays(-1)),
            "verifierId" => Body(verifier: World.UserIds["mem"]),
            "responsibleOrgId" => Body(orgId: World.B1.Id),
            "workStandard" => Body(workStandard: " "),
            "assessingDepartment" => Body(assessing: null),
            "source" => Body(source: "随手记"),
            _ => Body(owner: 999_999),
        };
        var errors = await ErrorsAsync(await CreateAsync(body));
        errors.GetProperty(field)[0].GetString()!.ShouldContain(message);
        (await CountAsync("ledger_items")).ShouldBe(0);
        (await CountAsync("ledger_transitions")).ShouldBe(0);
    }

    [Fact]
    public async Task Creating_needs_ledger_manage_over_the_scope()
    {
        (await CreateAsync(Body(), as_: "disc")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CreateAsync(Body(), as_: "mem")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CreateAsync(Body(orgId: World.B1.Id), org: World.B.Id)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync("ledger_items")).ShouldBe(0);
    }

    [Fact]
    public async Task The_full_cycle_start_submit_reject_submit_close_reopen_keeps_every_step()
    {
        var id = await CreatedAsync();
        await OkAsync(ActAsync("mem", id, "start"), "办理中");

        // submitting without a file is refused, nothing written
        (await ErrorsAsync(await ActAsync("mem", id, "submit", null, null, Evidence("已整改")))).GetProperty("evidence")[0].GetString()!.ShouldContain("佐证材料");
        (await CountAsync("ledger_evidence")).ShouldBe(0);

        await OkAsync(ActAsync("mem", id, "submit", "已完成整改", null, Evidence("党费补缴凭证", "补缴凭证.pdf", Pdf)), "申请销号");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["branchsec"]} AND title LIKE '待验收%'")).ShouldBe(1);
        // the owner cannot close an item; the verifier rejects with a reason
        (await ErrorsAsync(await ActAsync("mem", id, "close", "好了"))).GetProperty("action")[0].GetString()!.ShouldContain("验收人");
        (await ErrorsAsync(await ActAsync("branchsec", id, "reject"))).GetProperty("reason").ShouldNotBe(default);
        await OkAsync(ActAsync("branchsec", id, "reject", "凭证不完整，缺少第二季度"), "办理中");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND title LIKE '被退回%'")).ShouldBe(1);
        await OkAsync(ActAsync("mem", id, "submit", "已补充", null, Evidence("第二季度凭证", "q2.pdf", Pdf)), "申请销号");
        await OkAsync(ActAsync("branchsec", id, "close", "验收通过"), "已销号");
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {id} AND closed_at IS NOT NULL")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND title LIKE '已销号%'")).ShouldBe(1);

        // the requester reopens (复号)
        await OkAsync(ActAsync("insp", id, "reopen", "回头看发现问题反弹"), "办理中");
        (await App.ScalarAsync($"SELECT reopen_count FROM ledger_items WHERE id = {id} AND closed_at IS NULL")).ShouldBe(1);

        var d = await (await App.BearerAsync("mem")).GetFromJsonAsync<JsonElement>($"/api/v1/ledger/items/{id}");
        d.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("action").GetString())
            .ShouldBe(["create", "start", "submit", "reject", "submit", "close", "reopen"]);
        d.GetProperty("transitions").EnumerateArray().All(t => t.GetProperty("actorName").GetString()!.Length > 0).ShouldBeTrue();
        d.GetProperty("transitions")[3].GetProperty("reason").GetString().ShouldBe("凭证不完整，缺少第二季度");
        d.GetProperty("evidence").GetArrayLength().ShouldBe(2);
        d.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).ShouldContain("submit");

        // the evidence downloads as an attachment that must not be sniffed
        var ev = d.GetProperty("evidence")[0].GetProperty("id").GetInt64();
        var file = await (await App.BearerAsync("branchsec")).GetAsync($"/api/v1/ledger/items/{id}/evidence?file={ev}");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        file.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
    }

    [Fact]
    public async Task A_disguised_executable_is_refused_as_evidence_and_nothing_is_written()
    {
        var id = await CreatedAsync();
        var errors = await ErrorsAsync(await ActAsync("mem", id, "submit", null, null, Evidence("整改报告", "整改报告.pdf", Exe)));
        errors.GetProperty("evidence[0]")[0].GetString()!.ShouldContain("可执行程序");
        (await CountAsync("ledger_evidence")).ShouldBe(0);
        (await CountAsync("ledger_transitions")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {id} AND state = '待办'")).ShouldBe(1);
    }

    [Fact]
    public async Task Closing_without_evidence_is_refused_and_nothing_is_written()
    {
        var id = await CreatedAsync();
        await App.ExecAsync($"UPDATE ledger_items SET state = '申请销号' WHERE id = {id}"); // e.g. an item brought in without its evidence
        var errors = await ErrorsAsync(await ActAsync("branchsec", id, "close", "同意"));
        errors.GetProperty("evidence")[0].GetString()!.ShouldContain("佐证材料");
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {id} AND state = '申请销号' AND closed_at IS NULL")).ShouldBe(1);
        (await CountAsync("ledger_transitions")).ShouldBe(1);
    }

    [Fact]
    public async Task An_approved_extension_moves_the_deadline_and_keeps_the_original_one()
    {
        var id = await CreatedAsync();
        var original = Today.AddDays(30);
        await OkAsync(ActAsync("mem", id, "extend", "需等待上级批复", original.AddDays(20)), "待办");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["insp"]} AND title LIKE '延期申请%'")).ShouldBe(1);
        (await ErrorsAsync(await ActAsync("mem", id, "extend", "再延", original.AddDays(40)))).GetProperty("action")[0].GetString()!.ShouldContain("待审批");
        (await ErrorsAsync(await ActAsync("mem", id, "approveExtension"))).GetProperty("action")[0].GetString()!.ShouldContain("验收人或交办人");
        await OkAsync(ActAsync("branchsec", id, "approveExtension"), "待办");

        var d = await (await App.BearerAsync("mem")).GetFromJsonAsync<JsonElement>($"/api/v1/ledger/items/{id}");
        d.GetProperty("deadline").GetString().ShouldBe(Iso(original.AddDays(20)));
        d.GetProperty("originalDeadline").GetString().ShouldBe(Iso(original));
        d.GetProperty("extended").GetBoolean().ShouldBeTrue();
        d.GetProperty("requestedDeadline").ValueKind.ShouldBe(JsonValueKind.Null);
        var step = d.GetProperty("transitions")[2];
        step.GetProperty("action").GetString().ShouldBe("approveExtension");
        step.GetProperty("deadlineBefore").GetString().ShouldBe(Iso(original));
        step.GetProperty("deadlineAfter").GetString().ShouldBe(Iso(original.AddDays(20)));

        // a rejected request leaves the deadline
        await OkAsync(ActAsync("mem", id, "extend", "还要延", original.AddDays(30)), "待办");
        await OkAsync(ActAsync("insp", id, "rejectExtension", "理由不充分"), "待办");
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {id} AND deadline = '{Iso(original.AddDays(20))}' AND requested_deadline IS NULL")).ShouldBe(1);
    }

    [Fact]
    public async Task Only_the_subtree_and_the_parties_see_an_item_and_only_parties_act()
    {
        var id = await CreatedAsync();
        await AddUserAsync("badmin", Role.OrgAdmin, World.B);
        var outsider = await App.BearerAsync("badmin");
        (await outsider.GetFromJsonAsync<ListLedgerItems.Paged>("/api/v1/ledger/items"))!.Total.ShouldBe(0);
        (await outsider.GetFromJsonAsync<ListLedgerItems.Paged>($"/api/v1/ledger/items?org={World.A.Id}"))!.Total.ShouldBe(0);
        (await outsider.GetAsync($"/api/v1/ledger/items/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ActAsync("badmin", id, "start")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await App.SignedInAsync("badmin")).GetAsync($"/Ledger/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // the owner is a plain member: sees its item (and nothing else) and may act
        var mem = await App.BearerAsync("mem");
        (await mem.GetFromJsonAsync<ListLedgerItems.Paged>("/api/v1/ledger/items"))!.Items.Single().Id.ShouldBe(id);
        var page = await (await App.SignedInAsync("mem")).GetStringAsync("/Ledger");
        page.ShouldContain("整改党费收缴不规范问题");

        // 纪检 reads the subtree but is no party: 403 on acting
        (await (await App.BearerAsync("disc")).GetAsync($"/api/v1/ledger/items/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ActAsync("disc", id, "start")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync("ledger_transitions")).ShouldBe(1);
    }

    [Fact]
    public async Task The_list_filters_by_organization_source_state_overdue_and_text()
    {
        await AddUserAsync("b1owner");
        var a1 = await CreatedAsync(Body("甲一问题一", source: "问题清单"));
        var a = await CreatedAsync(Body("甲公司任务", orgId: World.A.Id, source: "任务清单"));
        var late = await CreatedAsync(Body("逾期的整改"));
        await App.ExecAsync($"UPDATE ledger_items SET deadline = '{Iso(Today.AddDays(-3))}' WHERE id = {late}");
        await OkAsync(ActAsync("mem", a, "start"), "办理中");
        var c = await App.BearerAsync("orgadmin");
        async Task<long[]> Ids(string query) => (await c.GetFromJsonAsync<ListLedgerItems.Paged>("/api/v1/ledger/items?" + query))!.Items.Select(i => i.Id).Order().ToArray();

        (await Ids("")).ShouldBe(new[] { a1, a, late }.Order().ToArray());
        (await Ids($"org={World.A1.Id}")).ShouldBe(new[] { a1, late }.Order().ToArray());
        (await Ids("source=任务清单")).ShouldBe([a]);
        (await Ids("state=办理中")).ShouldBe([a]);
        (await Ids("overdue=true")).ShouldBe([late]);
        (await Ids("overdue=false")).ShouldBe(new[] { a1, a }.Order().ToArray());
        (await Ids("dueSoon=true")).ShouldBeEmpty();
        (await Ids("q=问题一")).ShouldBe([a1]);
        (await Ids($"org={World.B.Id}")).ShouldBeEmpty();
        var paged = await c.GetFromJsonAsync<ListLedgerItems.Paged>("/api/v1/ledger/items?pageSize=2&page=2");
        paged!.Total.ShouldBe(3);
        paged.Items.Count.ShouldBe(1);
        var overdueRow = (await c.GetFromJsonAsync<ListLedgerItems.Paged>("/api/v1/ledger/items?overdue=true"))!.Items.Single();
        overdueRow.Overdue.ShouldBeTrue();
        overdueRow.DaysOverdue.ShouldBe(3);
    }

    [Fact]
    public async Task The_xlsx_export_holds_the_filtered_items()
    {
        await CreatedAsync(Body("甲一问题一", source: "问题清单"));
        await CreatedAsync(Body("甲公司任务", orgId: World.A.Id, source: "任务清单"));
        var c = await App.SignedInAsync("orgadmin");
        var r = await c.GetAsync($"/Ledger?view=org&org={World.A.Id}&source=问题清单&handler=Export");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe(Bastion.Web.Xlsx.ContentType);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await r.Content.ReadAsByteArrayAsync()), false);
        var rows = doc.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<Row>()
            .Select(x => x.Elements<Cell>().Select(cell => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "").ToList()).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldBe(ListLedgerItems.ExportHeaders);
        rows[1][1].ShouldBe("甲一问题一");
        rows[1][2].ShouldBe("问题清单");
        rows[1][4].ShouldBe("甲一党支部");
        rows[1][9].ShouldBe("待办");
        rows[1][11].ShouldBe(Iso(Today.AddDays(30)));
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'ledger.export'")).ShouldBe(1);
    }

    private IOptions<LedgerSettings> Config => App.Services.GetRequiredService<IOptions<LedgerSettings>>();

    private Task<LedgerReminders.Result?> RunJobAsync() => App.WithDbAsync(db => LedgerReminderJob.RunLockedAsync(db, Config, App.Clock.GetUtcNow(), CancellationToken.None));

    [Fact]
    public async Task The_owner_is_reminded_once_before_the_deadline_then_the_superior_organization_once_after_it()
    {
        var id = await CreatedAsync(Body(deadline: Today.AddDays(2)));
        var far = await CreatedAsync(Body("远期事项", deadline: Today.AddDays(40)));
        await App.ExecAsync("DELETE FROM notifications");

        var first = await RunJobAsync();
        first!.DueSoon.ShouldBe(1);
        first.Escalated.ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND title LIKE '台账事项还有2天到期%'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM outbox_messages WHERE user_id = {World.UserIds["mem"]}")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {id} AND due_soon_notified_at IS NOT NULL")).ShouldBe(1);
        (await RunJobAsync())!.DueSoon.ShouldBe(0);

        // the deadline passes: the accounts of A (the parent of A1) holding 党委管理员 / 支部书记 grants are told, once, even with two instances
        App.Clock.Advance(TimeSpan.FromDays(3));
        var runs = await Task.WhenAll(RunJobAsync(), RunJobAsync());
        runs.Where(r => r is not null).Sum(r => r!.Escalated).ShouldBe(1);
        var escalated = await App.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Title.StartsWith("台账事项逾期督办")).Select(n => n.UserId).ToListAsync());
        escalated.ShouldBe([World.UserIds["orgadmin"], World.UserIds["branchsec"]], ignoreOrder: true);
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {id} AND escalated_at IS NOT NULL")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {far} AND escalated_at IS NULL AND due_soon_notified_at IS NULL")).ShouldBe(1);
        (await RunJobAsync())!.Escalated.ShouldBe(0);

        // the escalation page lists it under A
        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Ledger/Escalations?org={World.A.Id}");
        page.ShouldContain("甲公司党委");
        page.ShouldContain("整改党费收缴不规范问题");
    }

    [Fact]
    public async Task The_pages_create_an_item_show_field_errors_and_let_the_owner_submit_a_file()
    {
        var c = await App.SignedInAsync("insp");
        var bad = await AppFactory.PostFormAsync(c, $"/Ledger/Create?org={World.A.Id}", new()
        {
            ["Form.Title"] = "页面交办", ["Form.Source"] = "督办", ["Form.Deadline"] = Iso(Today.AddDays(-2)), ["Form.ResponsibleOrgId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture),
            ["Form.ResponsiblePersonId"] = World.UserIds["mem"].ToString(CultureInfo.InvariantCulture), ["Form.VerifierId"] = World.UserIds["mem"].ToString(CultureInfo.InvariantCulture),
            ["Form.WorkStandard"] = "按期办结", ["Form.AssessingDepartment"] = "党委办公室", ["Form.Priority"] = "一般",
        });
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("完成时限不能早于交办日期");
        html.ShouldContain("验收人不能是责任人本人");
        (await CountAsync("ledger_items")).ShouldBe(0);

        var ok = await AppFactory.PostFormAsync(c, $"/Ledger/Create?org={World.A.Id}", new()
        {
            ["Form.Title"] = "页面交办", ["Form.Source"] = "督办", ["Form.Deadline"] = Iso(Today.AddDays(10)), ["Form.ResponsibleOrgId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture),
            ["Form.ResponsiblePersonId"] = World.UserIds["mem"].ToString(CultureInfo.InvariantCulture), ["Form.VerifierId"] = World.UserIds["branchsec"].ToString(CultureInfo.InvariantCulture),
            ["Form.WorkStandard"] = "按期办结", ["Form.AssessingDepartment"] = "党委办公室", ["Form.Priority"] = "一般", ["Form.Tags"] = "督办，重点",
        });
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = ok.Headers.Location!.ToString();
        url.ShouldStartWith("/Ledger/Details/");
        var id = long.Parse(url.Split('/')[^1].Split('?')[0], CultureInfo.InvariantCulture);

        // the owner opens the page and submits evidence with a file (multipart form)
        var mem = await App.SignedInAsync("mem");
        var details = await mem.GetStringAsync($"/Ledger/Details/{id}");
        details.ShouldContain("申请销号");
        var token = System.Text.RegularExpressions.Regex.Match(details, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new StringContent("submit"), "action" },
            { new StringContent("办结报告"), "evidenceText" },
            { new ByteArrayContent(Pdf), "evidenceFile", "办结报告.pdf" },
        };
        var posted = await mem.PostAsync($"/Ledger/Details/{id}?handler=Transition", form);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE id = {id} AND state = '申请销号'")).ShouldBe(1);
        (await mem.GetStringAsync($"/Ledger/Details/{id}")).ShouldContain("办结报告.pdf");
    }
}
