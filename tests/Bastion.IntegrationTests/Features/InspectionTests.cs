using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// 巡察 through the API and the pages: rounds, the 回避 check, phases (反馈 creates the rectification plan),
/// confidentiality of findings per role before and after 反馈 with audit rows, revisions, 同题共答, evidence files.
/// branchsec is also granted 支部书记 on A1 (the inspected organization's leadership); insp runs the round on A.
/// </summary>
public sealed partial class InspectionTests(AppFactory app) : AppTest(app)
{
    private static readonly string Today = TimeProvider.System.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string MonthAgo = TimeProvider.System.Today().AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>One bearer client per account (token requests are rate-limited).</summary>
    private async Task<HttpClient> ApiAsync(string user) => _clients.TryGetValue(user, out var c) ? c : _clients[user] = await App.BearerAsync(user);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private Task GrantA1LeadershipAsync() =>
        App.ExecAsync($"INSERT INTO role_grants (user_id, role, org_id, granted_at) VALUES ({World.UserIds["branchsec"]}, 'BranchSecretary', {World.A1.Id}, now())");

    /// <summary>A round of A inspecting A1; returns (roundId, targetId).</summary>
    private async Task<(long Round, long Target)> RoundAsync()
    {
        var c = await ApiAsync("insp");
        var r = await c.PostAsJsonAsync($"/api/v1/inspections/rounds?org={World.A.Id}", new
        {
            name = "2026年第一轮巡察", year = 2026, plan = "对甲一党支部开展常规巡察", startsOn = MonthAgo, endsOn = Today,
            authorizedBy = "甲公司党委", authorizationNo = "甲党〔2026〕1号", authorizedOn = MonthAgo, authorizationScope = "甲一党支部", targetOrgIds = new[] { World.A1.Id },
        });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var id = (await JsonAsync(r)).GetProperty("id").GetInt64();
        var target = await App.ScalarAsync($"SELECT id FROM inspection_targets WHERE round_id = {id}");
        return (id, target);
    }

    private async Task<long> FindingAsync(long target, string category = "组织路线落实", string? grade = null, string title = "支部委员会未按期召开")
    {
        var c = await ApiAsync("insp");
        var r = await c.PostAsJsonAsync($"/api/v1/inspections/findings?org={World.A.Id}", new
        {
            targetId = target, title, facts = "2025年支部委员会仅召开5次，三会一课记录不全", category, clueGrade = grade,
            responsibility = new[] { "组织", "现任" }, immediate = false,
        });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return (await JsonAsync(r)).GetProperty("id").GetInt64();
    }

    private async Task<HttpResponseMessage> AdvanceAsync(long target, string? phase = null) =>
        await (await ApiAsync("insp")).PostAsJsonAsync($"/api/v1/inspections/targets/{target}/phase", new { phase, note = "按计划推进" });

    private async Task FeedbackAsync(long target)
    {
        foreach (var p in new[] { "进驻了解", "报告", "反馈" })
        {
            var r = await AdvanceAsync(target, p);
            r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
    }

    private async Task<HttpStatusCode> ReadAsync(string user, long finding) => (await (await ApiAsync(user)).GetAsync($"/api/v1/inspections/findings/{finding}")).StatusCode;

    private Task<long> AuditAsync(long finding, string result, string action) =>
        App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'inspection_findings' AND entity_id = '{finding}' AND result = '{result}' AND action = '{action}'");

    [Fact]
    public async Task A_round_records_its_authorization_and_its_targets_start_in_preparation()
    {
        var (round, target) = await RoundAsync();
        var c = await ApiAsync("insp");
        var d = await JsonAsync(await c.GetAsync($"/api/v1/inspections/rounds/{round}"));
        d.GetProperty("authorizationNo").GetString().ShouldBe("甲党〔2026〕1号");
        d.GetProperty("targets")[0].GetProperty("phase").GetString().ShouldBe("准备");
        d.GetProperty("teamSizeWarning").GetString()!.ShouldContain("5至7人");
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_phase_entries WHERE target_id = {target} AND phase = '准备'")).ShouldBe(1);
        var list = await JsonAsync(await c.GetAsync($"/api/v1/inspections/rounds?org={World.A.Id}"));
        list.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_round_without_authorization_is_refused_and_nothing_is_written()
    {
        var c = await ApiAsync("insp");
        var r = await c.PostAsJsonAsync($"/api/v1/inspections/rounds?org={World.A.Id}", new { name = "无授权", year = 2026, startsOn = MonthAgo, endsOn = Today, targetOrgIds = new[] { World.B1.Id } });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(r)).GetProperty("errors");
        errors.GetProperty("authorizationNo")[0].GetString()!.ShouldContain("授权文号");
        errors.GetProperty("targetOrgIds")[0].GetString()!.ShouldContain("下级党组织");
        (await App.ScalarAsync("SELECT count(*) FROM inspection_rounds")).ShouldBe(0);
    }

    [Fact]
    public async Task An_organization_is_not_added_to_the_round_while_a_team_member_would_have_to_recuse_from_it()
    {
        var (round, _) = await RoundAsync();
        // mem's member record is in B1: no conflict with A1, so mem joins the team without acknowledgement
        await App.ExecAsync($"UPDATE users SET member_id = {World.MemberInOrg[World.B1.Id]} WHERE id = {World.UserIds["mem"]}");
        var c = await ApiAsync("insp");
        (await c.PostAsJsonAsync($"/api/v1/inspections/rounds/{round}/team", new { userId = World.UserIds["mem"], role = "组员" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // the round is run by A; widen the inspector's scope so B1 may be inspected, then try to add B1
        await App.ExecAsync($"UPDATE inspection_rounds SET org_id = {World.R.Id} WHERE id = {round}");
        await App.ExecAsync($"INSERT INTO role_grants (user_id, role, org_id, granted_at) VALUES ({World.UserIds["insp"]}, 'Inspector', {World.R.Id}, now())");
        var page = await App.SignedInAsync("insp");
        var html = await (await AppFactory.PostFormAsync(page, $"/Inspections/Round/{round}?handler=AddTarget", new() { ["orgId"] = World.B1.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/Inspections/Round/{round}")).Content.ReadAsStringAsync();
        html.ShouldContain("存在回避情形");
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_targets WHERE round_id = {round} AND org_id = {World.B1.Id}")).ShouldBe(0);

        // once the member has left the team, B1 is added
        var memberRow = await App.ScalarAsync($"SELECT id FROM inspection_team_members WHERE round_id = {round} AND user_id = {World.UserIds["mem"]}");
        await App.ExecAsync($"DELETE FROM inspection_team_members WHERE id = {memberRow}");
        (await AppFactory.PostFormAsync(page, $"/Inspections/Round/{round}?handler=AddTarget", new() { ["orgId"] = World.B1.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/Inspections/Round/{round}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_targets WHERE round_id = {round} AND org_id = {World.B1.Id}")).ShouldBe(1);
    }

    [Fact]
    public async Task A_conflicted_team_member_needs_an_acknowledgement_with_a_reason()
    {
        var (round, _) = await RoundAsync();
        // mem's member record is in A1, the inspected branch
        await App.ExecAsync($"UPDATE users SET member_id = {World.MemberInOrg[World.A1.Id]} WHERE id = {World.UserIds["mem"]}");
        var c = await ApiAsync("insp");
        var refused = await c.PostAsJsonAsync($"/api/v1/inspections/rounds/{round}/team", new { userId = World.UserIds["mem"], role = "组员" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(refused)).GetProperty("errors").GetProperty("acknowledge")[0].GetString()!.ShouldContain("须回避");
        var noReason = await c.PostAsJsonAsync($"/api/v1/inspections/rounds/{round}/team", new { userId = World.UserIds["mem"], role = "组员", acknowledge = true });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await App.ScalarAsync("SELECT count(*) FROM inspection_team_members")).ShouldBe(0);

        var ok = await c.PostAsJsonAsync($"/api/v1/inspections/rounds/{round}/team", new { userId = World.UserIds["mem"], role = "组员", acknowledge = true, acknowledgementReason = "熟悉财务业务，经巡察办批准" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        var body = await JsonAsync(ok);
        body.GetProperty("conflictNote").GetString()!.ShouldContain("甲一党支部");
        body.GetProperty("teamSizeWarning").GetString()!.ShouldContain("1人");
        (await App.ScalarAsync("SELECT count(*) FROM inspection_team_members WHERE conflict_acknowledged AND acknowledgement_reason IS NOT NULL")).ShouldBe(1);

        // an account without a member record has no conflict
        var insp = await c.PostAsJsonAsync($"/api/v1/inspections/rounds/{round}/team", new { userId = World.UserIds["insp"], role = "组长" });
        insp.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("sys", "系统管理员")]
    [InlineData("sec", "安全管理员")]
    [InlineData("aud", "审计管理员")]
    public async Task Administrator_accounts_are_not_offered_for_the_team_and_are_refused_when_posted(string account, string duty)
    {
        var (round, _) = await RoundAsync();
        var c = await App.SignedInAsync("insp");
        var page = await c.GetStringAsync($"/Inspections/Round/{round}");
        var id = World.UserIds[account].ToString(System.Globalization.CultureInfo.InvariantCulture);
        page.ShouldContain("（disc）</option>");
        page.ShouldNotContain($"（{account}）</option>");
        var r = await AppFactory.PostFormAsync(c, $"/Inspections/Round/{round}?handler=AddMember", new() { ["UserId"] = id, ["Role"] = "组员" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldContain($"三员分立：{duty}不参与业务工作，不能加入巡察组");
        var api = await (await ApiAsync("insp")).PostAsJsonAsync($"/api/v1/inspections/rounds/{round}/team", new { userId = World.UserIds[account], role = "组员" });
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await App.ScalarAsync("SELECT count(*) FROM inspection_team_members")).ShouldBe(0);
    }

    [Fact]
    public async Task A_former_member_of_the_inspected_branch_within_three_years_is_flagged_on_the_page()
    {
        var (round, _) = await RoundAsync();
        var member = World.MemberInOrg[World.A.Id];
        var left = TimeProvider.System.Today().AddYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await App.ExecAsync($"INSERT INTO member_memberships (member_id, org_id, from_date, to_date) VALUES ({member}, {World.A1.Id}, '2015-01-01', '{left}')");
        await App.ExecAsync($"UPDATE users SET member_id = {member} WHERE id = {World.UserIds["disc"]}");
        var c = await App.SignedInAsync("insp");
        var r = await AppFactory.PostFormAsync(c, $"/Inspections/Round/{round}?handler=AddMember", new() { ["UserId"] = World.UserIds["disc"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["Role"] = "副组长" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("conflict-error");
        html.ShouldContain("曾在甲一党支部");
        (await App.ScalarAsync("SELECT count(*) FROM inspection_team_members")).ShouldBe(0);
    }

    [Fact]
    public async Task Findings_are_confidential_before_feedback_and_clues_stay_restricted_with_every_read_audited()
    {
        await GrantA1LeadershipAsync();
        var (_, target) = await RoundAsync();
        var finding = await FindingAsync(target);
        var clue = await FindingAsync(target, "问题线索", "建议了解关注类", "反映某负责人违规兼职取酬");

        // before 反馈: the team and 纪检 read; the inspected leadership and other readers do not (403 + audit row)
        (await ReadAsync("insp", finding)).ShouldBe(HttpStatusCode.OK);
        (await ReadAsync("disc", finding)).ShouldBe(HttpStatusCode.OK);
        (await ReadAsync("branchsec", finding)).ShouldBe(HttpStatusCode.Forbidden);
        (await ReadAsync("orgadmin", finding)).ShouldBe(HttpStatusCode.Forbidden);
        // no InspectionRead at all: the finding is answered as a missing one (no existence oracle)
        (await ReadAsync("mem", finding)).ShouldBe(HttpStatusCode.NotFound);
        (await AuditAsync(finding, "denied", "inspection.finding.read")).ShouldBe(2);

        // shared for 同题共答: the inspected leadership reads it, other readers still do not
        var share = await AppFactory.PostFormAsync(await App.SignedInAsync("insp"), $"/Inspections/Finding/{finding}?handler=Share", [], $"/Inspections/Finding/{finding}");
        share.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ReadAsync("branchsec", finding)).ShouldBe(HttpStatusCode.OK);
        (await ReadAsync("orgadmin", finding)).ShouldBe(HttpStatusCode.Forbidden);

        // clues: inspection and 纪检 only, every read audited
        (await ReadAsync("insp", clue)).ShouldBe(HttpStatusCode.OK);
        (await ReadAsync("disc", clue)).ShouldBe(HttpStatusCode.OK);
        (await AuditAsync(clue, "success", "inspection.clue.read")).ShouldBe(2);
        (await ReadAsync("branchsec", clue)).ShouldBe(HttpStatusCode.Forbidden);
        (await AuditAsync(clue, "denied", "inspection.clue.read")).ShouldBe(1);

        await FeedbackAsync(target);

        // after 反馈: readers of the organization read surface findings; clues stay restricted
        (await ReadAsync("orgadmin", finding)).ShouldBe(HttpStatusCode.OK);
        (await ReadAsync("branchsec", finding)).ShouldBe(HttpStatusCode.OK);
        (await ReadAsync("orgadmin", clue)).ShouldBe(HttpStatusCode.Forbidden);
        (await ReadAsync("branchsec", clue)).ShouldBe(HttpStatusCode.Forbidden);
        (await AuditAsync(clue, "denied", "inspection.clue.read")).ShouldBe(3);
        (await ReadAsync("disc", clue)).ShouldBe(HttpStatusCode.OK);

        // the target page lists only what the viewer may read
        var page = await (await App.SignedInAsync("branchsec")).GetStringAsync($"/Inspections/Target/{target}");
        page.ShouldContain("支部委员会未按期召开");
        page.ShouldNotContain("违规兼职取酬");
        var teamPage = await (await App.SignedInAsync("insp")).GetStringAsync($"/Inspections/Target/{target}");
        teamPage.ShouldContain("违规兼职取酬");
    }

    [Fact]
    public async Task Feedback_creates_one_ledger_item_per_surface_finding_in_the_same_transaction()
    {
        await GrantA1LeadershipAsync();
        var (round, target) = await RoundAsync();
        var f1 = await FindingAsync(target);
        var f2 = await FindingAsync(target, "从严治党落实", title: "落实主体责任不到位");
        await FindingAsync(target, "问题线索", "建议参考类", "线索一");
        await FeedbackAsync(target);
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE round_id = {round}")).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE finding_id IN ({f1}, {f2}) AND owner_user_id = {World.UserIds["branchsec"]} AND verifier_user_id = {World.UserIds["insp"]} AND assessing_department = '巡察办'")).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_targets WHERE id = {target} AND phase = '反馈' AND feedback_at IS NOT NULL")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_phase_entries WHERE target_id = {target}")).ShouldBe(4);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["branchsec"]} AND title LIKE '巡察反馈%'")).ShouldBe(1);
    }

    [Fact]
    public async Task Feedback_is_refused_without_a_secretary_account_of_the_inspected_branch_and_nothing_is_written()
    {
        var (_, target) = await RoundAsync();
        await FindingAsync(target);
        (await AdvanceAsync(target, "进驻了解")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AdvanceAsync(target, "报告")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var r = await AdvanceAsync(target, "反馈");
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(r)).GetProperty("errors").GetProperty("phase")[0].GetString()!.ShouldContain("没有可以承担整改任务");
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_targets WHERE id = {target} AND phase = '报告' AND feedback_at IS NULL")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM ledger_items")).ShouldBe(0);
        // a phase cannot be skipped
        var skip = await AdvanceAsync(target, "整改");
        skip.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task After_feedback_a_finding_is_only_revised_with_a_reason_and_the_previous_version_is_kept()
    {
        await GrantA1LeadershipAsync();
        var (_, target) = await RoundAsync();
        var finding = await FindingAsync(target);
        var c = await ApiAsync("insp");
        var edit = new { title = "支部委员会未按期召开（修订）", facts = "2025年支部委员会仅召开5次", category = "新时代党的组织路线落实情况" };
        (await c.PutAsJsonAsync($"/api/v1/inspections/findings/{finding}", edit)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync($"SELECT version FROM inspection_findings WHERE id = {finding}")).ShouldBe(1);
        await FeedbackAsync(target);

        var refused = await c.PutAsJsonAsync($"/api/v1/inspections/findings/{finding}", edit with { });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(refused)).GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("只能说明理由后修订");
        (await App.ScalarAsync("SELECT count(*) FROM inspection_finding_versions")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT version FROM inspection_findings WHERE id = {finding}")).ShouldBe(1);

        var revised = await c.PutAsJsonAsync($"/api/v1/inspections/findings/{finding}", new { edit.title, facts = "2025年支部委员会仅召开5次，经核实为6次", edit.category, reason = "被巡察党组织补充提供了会议记录" });
        revised.StatusCode.ShouldBe(HttpStatusCode.OK, await revised.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT version FROM inspection_findings WHERE id = {finding}")).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_finding_versions WHERE finding_id = {finding} AND version = 1 AND snapshot->>'Facts' = '2025年支部委员会仅召开5次'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_exchange_of_同题共答_keeps_every_message_and_the_final_wording_names_both_sides()
    {
        await GrantA1LeadershipAsync();
        var (round, target) = await RoundAsync();
        var insp = await ApiAsync("insp");
        (await insp.PostAsJsonAsync($"/api/v1/inspections/rounds/{round}/team", new { userId = World.UserIds["insp"], role = "组长" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var finding = await FindingAsync(target);
        var sec = await ApiAsync("branchsec");
        // not shared yet: the inspected leadership cannot read it, so cannot write either
        (await sec.PostAsJsonAsync($"/api/v1/inspections/findings/{finding}/messages", new { body = "意见" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await AppFactory.PostFormAsync(await App.SignedInAsync("insp"), $"/Inspections/Finding/{finding}?handler=Share", [], $"/Inspections/Finding/{finding}");
        var m1 = await sec.PostAsJsonAsync($"/api/v1/inspections/findings/{finding}/messages", new { body = "支委会实际召开6次，有1次记录缺失", proposedWording = "支部委员会会议记录不完整" });
        m1.StatusCode.ShouldBe(HttpStatusCode.Created, await m1.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["insp"]} AND title LIKE '同题共答%'")).ShouldBe(1);
        (await insp.PostAsJsonAsync($"/api/v1/inspections/findings/{finding}/messages", new { body = "同意按记录不完整表述" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await sec.PostAsJsonAsync($"/api/v1/inspections/findings/{finding}/messages", new { body = "  " })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var agree = await AppFactory.PostFormAsync(await App.SignedInAsync("insp"), $"/Inspections/Finding/{finding}?handler=Agree",
            new() { ["AgreedWording"] = "支部委员会会议记录不完整，制度执行不严格" }, $"/Inspections/Finding/{finding}");
        agree.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var d = await JsonAsync(await insp.GetAsync($"/api/v1/inspections/findings/{finding}"));
        d.GetProperty("state").GetString().ShouldBe("已定稿");
        d.GetProperty("agreedBy").GetString()!.ShouldContain("巡察组");
        d.GetProperty("agreedBy").GetString()!.ShouldContain("被巡察党组织");
        d.GetProperty("messages").GetArrayLength().ShouldBe(2);
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient c, long finding, byte[] bytes, string name, string type)
    {
        var html = await c.GetStringAsync($"/Inspections/Finding/{finding}");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        var form = new MultipartFormDataContent { { file, "file", name }, { new StringContent(token), "__RequestVerificationToken" } };
        return await c.PostAsync($"/Inspections/Finding/{finding}?handler=Upload", form);
    }

    [Fact]
    public async Task Evidence_of_a_disguised_type_is_refused_and_nothing_is_written()
    {
        var (_, target) = await RoundAsync();
        var finding = await FindingAsync(target);
        var c = await App.SignedInAsync("insp");
        var exe = new byte[64];
        "MZ"u8.CopyTo(exe);
        var refused = await UploadAsync(c, finding, exe, "谈话记录.pdf", "application/pdf");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("可执行程序");
        (await App.ScalarAsync("SELECT count(*) FROM inspection_finding_attachments")).ShouldBe(0);

        var ok = await UploadAsync(c, finding, Png, "现场照片.png", "image/png");
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_finding_attachments WHERE finding_id = {finding} AND content_type = 'image/png'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_clue_is_transferred_after_feedback_and_纪检_records_the_receipt()
    {
        await GrantA1LeadershipAsync();
        var (_, target) = await RoundAsync();
        var clue = await FindingAsync(target, "问题线索", "建议进一步了解关注类", "反映某负责人违规兼职取酬");
        var insp = await App.SignedInAsync("insp");
        var early = await AppFactory.PostFormAsync(insp, $"/Inspections/Finding/{clue}?handler=Transfer", new() { ["Department"] = "纪检监察机构" }, $"/Inspections/Finding/{clue}");
        early.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM inspection_clue_transfers")).ShouldBe(0);
        await FeedbackAsync(target);
        var sent = await AppFactory.PostFormAsync(insp, $"/Inspections/Finding/{clue}?handler=Transfer", new() { ["Department"] = "纪检监察机构", ["Note"] = "请核查" }, $"/Inspections/Finding/{clue}");
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var transfer = await App.ScalarAsync("SELECT id FROM inspection_clue_transfers");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["disc"]} AND url = '/Inspections/Clues'")).ShouldBe(1);

        var disc = await App.SignedInAsync("disc");
        (await disc.GetStringAsync("/Inspections/Clues")).ShouldContain("违规兼职取酬");
        var receipt = await AppFactory.PostFormAsync(disc, "/Inspections/Clues?handler=Receive",
            new() { ["transferId"] = transfer.ToString(System.Globalization.CultureInfo.InvariantCulture), ["receiptNo"] = "纪回〔2026〕3号" }, "/Inspections/Clues");
        receipt.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM inspection_clue_transfers WHERE receipt_no = '纪回〔2026〕3号' AND received_by = 'disc'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_pages_of_a_round_render_for_the_team_and_the_inspected_leadership()
    {
        await GrantA1LeadershipAsync();
        var (round, target) = await RoundAsync();
        var finding = await FindingAsync(target);
        var insp = await App.SignedInAsync("insp");
        (await insp.GetStringAsync($"/Inspections?org={World.A.Id}")).ShouldContain("2026年第一轮巡察");
        var roundPage = await insp.GetStringAsync($"/Inspections/Round/{round}");
        roundPage.ShouldContain("phase-stepper");
        roundPage.ShouldContain("甲党〔2026〕1号");
        var form = await insp.GetStringAsync($"/Inspections/NewFinding/{target}");
        form.ShouldContain("hx-post=\"/Inspections/Expressions/Suggest\"");
        form.ShouldContain("id=\"finding-expression-id\"");
        (await insp.GetStringAsync($"/Inspections/EditFinding/{finding}")).ShouldContain("支部委员会未按期召开");
        var created = await AppFactory.PostFormAsync(insp, $"/Inspections/NewFinding/{target}", new() { ["Title"] = "", ["Facts"] = "" });
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await created.Content.ReadAsStringAsync()).ShouldContain("请填写问题标题");
        var sec = await App.SignedInAsync("branchsec");
        (await sec.GetStringAsync("/Inspections")).ShouldContain($"/Inspections/Target/{target}");
        (await sec.GetAsync($"/Inspections/Finding/{finding}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
