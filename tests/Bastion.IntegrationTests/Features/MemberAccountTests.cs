using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features;

/// <summary>Accounts for members: linking from either side, bulk creation from a branch roster, and access on leaving.</summary>
public sealed class MemberAccountTests(AppFactory app) : AppTest(app)
{
    private static string Id(long v) => v.ToString(CultureInfo.InvariantCulture);
    private long MemberA1 => World.MemberInOrg[World.A1.Id];
    private long MemberB1 => World.MemberInOrg[World.B1.Id];

    private async Task<long> AddUserAsync(string userName, Role? role = null, Organization? org = null)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var u = new AppUser { UserName = userName, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
        (await users.CreateAsync(u, AppFactory.Password)).Succeeded.ShouldBeTrue();
        if (role is { } r)
        {
            db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = r, OrgId = org?.Id, GrantedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        return u.Id;
    }

    private Task<long> AddMemberAsync(Organization org, string name, int seq, string? phone) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1990, 5, 5);
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("370102", birth, seq), BirthDate = birth, Phone = phone,
            Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2015, 7, 1), ConfirmedAt = new DateOnly(2016, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private async Task<long?> LinkedMemberAsync(long userId)
    {
        var v = await App.ScalarAsync($"SELECT coalesce(member_id, -1) FROM users WHERE id = {userId}");
        return v < 0 ? null : v;
    }

    private Task<long> MemberGrantsAsync(long userId, long orgId) =>
        App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE user_id = {userId} AND role = '{nameof(Role.Member)}' AND org_id = {orgId}");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    // ---- linking from either side ----

    [Fact]
    public async Task A_secretary_links_an_existing_account_on_the_member_record_and_the_member_role_follows_the_link()
    {
        var uid = await AddUserAsync("zhangsan");
        var sec = await App.SignedInAsync("branchsec");
        (await sec.GetStringAsync($"/Members/Details/{MemberA1}")).ShouldContain("关联账号");
        var page = await sec.GetStringAsync($"/Members/Account/{MemberA1}");
        page.ShouldContain("zhangsan");
        page.ShouldNotContain(">sys（", customMessage: "an administrator account is never offered");

        var r = await AppFactory.PostFormAsync(sec, $"/Members/Account/{MemberA1}?handler=Link", new() { ["UserId"] = Id(uid) }, $"/Members/Account/{MemberA1}");
        (await r.Content.ReadAsStringAsync()).ShouldContain("已关联账号");
        (await LinkedMemberAsync(uid)).ShouldBe(MemberA1);
        (await MemberGrantsAsync(uid, World.A1.Id)).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'account.link_member' AND entity_id = '{uid}' AND actor_name = 'branchsec'")).ShouldBe(1);

        // the member's own pages now work for that account
        var own = await App.SignedInAsync("zhangsan");
        var mine = await own.GetAsync("/Me/Meetings");
        mine.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mine.Content.ReadAsStringAsync()).ShouldNotContain("尚未关联党员档案");
    }

    [Fact]
    public async Task A_member_kept_in_a_party_group_gets_the_member_role_on_the_branch_where_the_role_fits()
    {
        await App.ExecAsync($"UPDATE members SET org_id = {World.A1Group.Id} WHERE id = {MemberA1}");
        var uid = await AddUserAsync("zhangsan");
        var sec = await App.SignedInAsync("branchsec");
        var r = await AppFactory.PostFormAsync(sec, $"/Members/Account/{MemberA1}?handler=Link", new() { ["UserId"] = Id(uid) }, $"/Members/Account/{MemberA1}");
        (await r.Content.ReadAsStringAsync()).ShouldContain("已关联账号");
        (await MemberGrantsAsync(uid, World.A1.Id)).ShouldBe(1);
        (await MemberGrantsAsync(uid, World.A1Group.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task The_system_administrator_links_from_the_account_page_and_unlinking_revokes_the_member_role()
    {
        var uid = await AddUserAsync("lisi");
        var sys = await App.SignedInAsync("sys");
        (await sys.GetStringAsync("/Admin/Users")).ShouldContain($"/Admin/UserMember/{uid}");
        var hits = await sys.GetStringAsync($"/Admin/UserMember/{uid}?q=测试党员5");
        hits.ShouldContain("乙一党支部");
        hits.ShouldNotContain("1380000000", customMessage: "no phone on the account side");

        var r = await AppFactory.PostFormAsync(sys, $"/Admin/UserMember/{uid}?handler=Link&memberId={MemberB1}", new(), $"/Admin/UserMember/{uid}");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        (await LinkedMemberAsync(uid)).ShouldBe(MemberB1);
        (await MemberGrantsAsync(uid, World.B1.Id)).ShouldBe(1);

        var un = await AppFactory.PostFormAsync(sys, $"/Admin/UserMember/{uid}?handler=Unlink", new(), $"/Admin/UserMember/{uid}");
        un.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LinkedMemberAsync(uid)).ShouldBeNull();
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE user_id = {uid}")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'account.unlink_member' AND entity_id = '{uid}' AND actor_name = 'sys'")).ShouldBe(1);
    }

    [Fact]
    public async Task One_account_per_member_and_one_member_per_account_also_in_the_database()
    {
        var first = await AddUserAsync("first");
        var second = await AddUserAsync("second");
        var other = await AddMemberAsync(World.A1, "王五", 311, null);
        var api = await App.BearerAsync("orgadmin");
        var ok = await api.PostAsJsonAsync($"/api/v1/members/{MemberA1}/account", new { userId = first });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());

        var memberTaken = await api.PostAsJsonAsync($"/api/v1/members/{MemberA1}/account", new { userId = second });
        memberTaken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonAsync(memberTaken)).GetProperty("detail").GetString()!.ShouldContain("已关联账号");
        var accountTaken = await api.PostAsJsonAsync($"/api/v1/members/{other}/account", new { userId = first });
        accountTaken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonAsync(accountTaken)).GetProperty("detail").GetString()!.ShouldContain("已关联其他党员");

        // the database refuses a second link even when written around the use case
        var ex = await Should.ThrowAsync<Npgsql.PostgresException>(() => App.ExecAsync($"UPDATE users SET member_id = {MemberA1} WHERE id = {second}"));
        ex.SqlState.ShouldBe(Npgsql.PostgresErrorCodes.UniqueViolation);

        var none = await api.PostAsJsonAsync($"/api/v1/members/{other}/account", new { });
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(none)).GetProperty("errors").GetProperty("userId")[0].GetString()!.ShouldContain("请选择要关联的账号");

        (await api.DeleteAsync($"/api/v1/members/{MemberA1}/account")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.DeleteAsync($"/api/v1/members/{MemberA1}/account")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PostAsJsonAsync($"/api/v1/members/{MemberA1}/account", new { userId = second })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Administrator_accounts_are_never_linked_to_a_member()
    {
        var api = await App.BearerAsync("orgadmin");
        foreach (var admin in new[] { "sys", "sec", "aud" })
        {
            var r = await api.PostAsJsonAsync($"/api/v1/members/{MemberA1}/account", new { userId = World.UserIds[admin] });
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, admin);
            (await JsonAsync(r)).GetProperty("errors").GetProperty("userId")[0].GetString()!.ShouldContain("三员分立");
        }
        (await App.ScalarAsync("SELECT count(*) FROM users WHERE member_id IS NOT NULL")).ShouldBe(0);
        // from the account side the page refuses at once
        var sys = await App.SignedInAsync("sys");
        (await sys.GetStringAsync($"/Admin/UserMember/{World.UserIds["aud"]}?q=测试")).ShouldContain("三员分立");
        var post = await AppFactory.PostFormAsync(sys, $"/Admin/UserMember/{World.UserIds["sec"]}?handler=Link&memberId={MemberA1}", new(), $"/Admin/UserMember/{World.UserIds["sec"]}");
        (await post.Content.ReadAsStringAsync()).ShouldContain("三员分立");
        // and a linked account is never made an administrator
        var linked = await AddUserAsync("linked");
        (await api.PostAsJsonAsync($"/api/v1/members/{MemberA1}/account", new { userId = linked })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sec = await App.SignedInAsync("sec");
        var grant = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(linked), ["role"] = nameof(Role.AuditAdmin), ["orgId"] = "" }, "/Admin/Grants");
        (await grant.Content.ReadAsStringAsync()).ShouldContain("已关联党员的账号不能担任");
    }

    [Fact]
    public async Task A_secretary_may_not_take_an_account_that_works_outside_their_scope()
    {
        var elsewhere = await AddUserAsync("elsewhere", Role.Member, World.B1);
        var api = await App.BearerAsync("branchsec");
        var r = await api.PostAsJsonAsync($"/api/v1/members/{MemberA1}/account", new { userId = elsewhere });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(r)).GetProperty("errors").GetProperty("userId")[0].GetString()!.ShouldContain("管理的组织以外");
        (await LinkedMemberAsync(elsewhere)).ShouldBeNull();
    }

    // ---- bulk creation ----

    [Fact]
    public async Task Bulk_creation_by_mobile_number_reports_each_skipped_row_and_returns_each_password_once()
    {
        var withMobile = await AddMemberAsync(World.A1, "赵一", 401, "13912345671");
        var dashed = await AddMemberAsync(World.A1, "钱二", 403, "139-1234-5672");
        var landline = await AddMemberAsync(World.A1, "孙三", 405, "0531-88886666");
        var noPhone = await AddMemberAsync(World.A1, "李四", 407, null);
        var linkedBefore = await AddUserAsync("already");
        await App.ExecAsync($"UPDATE users SET member_id = {MemberA1} WHERE id = {linkedBefore}");

        var api = await App.BearerAsync("branchsec");
        var r = await api.PostAsJsonAsync($"/api/v1/members/accounts?org={World.A1.Id}", new { allWithoutAccount = true, scheme = "mobile" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var rows = (await JsonAsync(r)).GetProperty("rows").EnumerateArray().ToDictionary(x => x.GetProperty("memberId").GetInt64());
        rows.Count.ShouldBe(4, "the member who already has an account is not among 'all without an account'");
        rows[withMobile].GetProperty("outcome").GetString().ShouldBe("已开通");
        rows[withMobile].GetProperty("userName").GetString().ShouldBe("139****5671");
        rows[dashed].GetProperty("outcome").GetString().ShouldBe("已开通");
        rows[landline].GetProperty("outcome").GetString().ShouldBe("跳过");
        rows[landline].GetProperty("reason").GetString()!.ShouldContain("未登记手机号");
        rows[noPhone].GetProperty("outcome").GetString().ShouldBe("跳过");
        var password = rows[withMobile].GetProperty("oneTimePassword").GetString()!;
        PasswordPolicy.Check(password).ShouldBeEmpty();

        // linked, 普通党员 on the branch, must change the password; nothing queued, nothing in clear in the audit trail
        var uid = await App.ScalarAsync("SELECT id FROM users WHERE user_name = '13912345671'");
        (await LinkedMemberAsync(uid)).ShouldBe(withMobile);
        (await MemberGrantsAsync(uid, World.A1.Id)).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM users WHERE id = {uid} AND must_change_password")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM users WHERE user_name = '13912345672'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM outbox_messages")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE strpos(coalesce(after::text, '') || coalesce(before::text, '') || coalesce(actor_name, ''), '{password}') > 0")).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE coalesce(after::text, '') || coalesce(before::text, '') LIKE '%13912345671%'")).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'account.bulk_create' AND after->>'created' = '2' AND after->>'skipped' = '2'")).ShouldBe(1);

        // a second run finds nobody left to serve with a mobile number, and says so per row
        var again = await api.PostAsJsonAsync($"/api/v1/members/accounts?org={World.A1.Id}", new { memberIds = new[] { withMobile, noPhone }, scheme = "mobile" });
        var againRows = (await JsonAsync(again)).GetProperty("rows").EnumerateArray().ToDictionary(x => x.GetProperty("memberId").GetInt64());
        againRows[withMobile].GetProperty("reason").GetString().ShouldBe("已有账号");
        againRows[noPhone].GetProperty("outcome").GetString().ShouldBe("跳过");

        // the new member signs in with the mobile number and is made to change the one-time password first
        var member = await App.SignedInAsync("13912345671", password);
        var gated = await member.GetAsync("/Me/Meetings");
        gated.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        gated.Headers.Location!.ToString().ShouldBe("/Account/ChangePassword");
        var changed = await AppFactory.PostFormAsync(member, "/Account/ChangePassword",
            new() { ["Current"] = password, ["New"] = "Nova@Pass2026", ["Confirm"] = "Nova@Pass2026" });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var mine = await member.GetAsync("/Me/Meetings");
        mine.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mine.Content.ReadAsStringAsync()).ShouldNotContain("尚未关联党员档案");
    }

    [Fact]
    public async Task The_roster_page_shows_the_passwords_once_and_the_prefix_scheme_numbers_on()
    {
        await AddMemberAsync(World.A1, "周六", 501, null);
        await AddMemberAsync(World.A1, "吴七", 503, "13700000007");
        await AddUserAsync("a1zb001");
        var sec = await App.SignedInAsync("branchsec");
        (await sec.GetStringAsync($"/Members?org={World.A1.Id}")).ShouldContain("批量开通账号");
        var form = await sec.GetStringAsync($"/Members/Accounts?org={World.A1.Id}");
        form.ShouldContain("周六");
        form.ShouldContain("137****0007");
        form.ShouldNotContain("13700000007");

        var r = await AppFactory.PostFormAsync(sec, $"/Members/Accounts?org={World.A1.Id}",
            new() { ["AllWithoutAccount"] = "true", ["Scheme"] = nameof(UserNameScheme.PrefixSequence), ["Prefix"] = "a1zb", ["SendSms"] = "false" },
            $"/Members/Accounts?org={World.A1.Id}");
        var html = await r.Content.ReadAsStringAsync();
        r.Headers.CacheControl!.NoStore.ShouldBeTrue();
        html.ShouldContain("只显示这一次");
        html.ShouldContain("a1zb002");
        html.ShouldContain("a1zb003");
        html.ShouldContain("a1zb004", customMessage: "three members without an account: the seeded one and the two added");
        html.ShouldContain("print-slips");
        var shown = System.Text.RegularExpressions.Regex.Matches(html, "class=\"font-monospace text-nowrap one-time-password\">([^<]+)<")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Where(p => p != "—").ToList();
        shown.Count.ShouldBe(3);
        // the page shown again has no password: it was never stored
        var later = await sec.GetStringAsync($"/Members/Accounts?org={World.A1.Id}");
        foreach (var p in shown) later.ShouldNotContain(p);
        later.ShouldContain("a1zb002");

        var bad = await AppFactory.PostFormAsync(sec, $"/Members/Accounts?org={World.A1.Id}",
            new() { ["AllWithoutAccount"] = "true", ["Scheme"] = nameof(UserNameScheme.PrefixSequence), ["Prefix"] = "13" }, $"/Members/Accounts?org={World.A1.Id}");
        (await bad.Content.ReadAsStringAsync()).ShouldContain("用户名前缀须以字母开头");
    }

    [Fact]
    public async Task Passwords_queued_to_the_sms_outbox_are_not_returned_nor_audited()
    {
        var m = await AddMemberAsync(World.A1, "郑八", 601, "13600000008");
        var api = await App.BearerAsync("branchsec");
        var r = await api.PostAsJsonAsync($"/api/v1/members/accounts?org={World.A1.Id}", new { memberIds = new[] { m, MemberA1 }, scheme = "mobile", sendSms = true });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var rows = (await JsonAsync(r)).GetProperty("rows").EnumerateArray().ToDictionary(x => x.GetProperty("memberId").GetInt64());
        rows[m].GetProperty("outcome").GetString().ShouldBe("已开通");
        rows[m].GetProperty("oneTimePassword").ValueKind.ShouldBe(JsonValueKind.Null);
        rows[MemberA1].GetProperty("outcome").GetString().ShouldBe("已开通", "the seeded member's 1380000000x is a mobile number");
        (await App.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE channel = '短信' AND phone = '13600000008' AND text LIKE '%一次性密码%'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE coalesce(after::text, '') LIKE '%一次性密码%'")).ShouldBe(0);

        // one account from the member record, by SMS too
        var single = await AddMemberAsync(World.A1, "冯九", 603, "13600000009");
        var one = await api.PostAsJsonAsync($"/api/v1/members/{single}/account", new { useMobile = true, sendSms = true });
        one.StatusCode.ShouldBe(HttpStatusCode.Created, await one.Content.ReadAsStringAsync());
        var body = await JsonAsync(one);
        body.GetProperty("oneTimePassword").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("sentBySms").GetBoolean().ShouldBeTrue();
        (await App.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE phone = '13600000009'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_secretary_cannot_create_accounts_for_another_branch()
    {
        var api = await App.BearerAsync("branchsec");
        (await api.PostAsJsonAsync($"/api/v1/members/accounts?org={World.B1.Id}", new { allWithoutAccount = true, scheme = "mobile" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // another branch's member is answered as a missing one (no existence oracle)
        (await api.PostAsJsonAsync($"/api/v1/members/{MemberB1}/account", new { useMobile = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.DeleteAsync($"/api/v1/members/{MemberB1}/account")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // another branch's member smuggled into this branch's batch
        var smuggled = await api.PostAsJsonAsync($"/api/v1/members/accounts?org={World.A1.Id}", new { memberIds = new[] { MemberB1 }, scheme = "mobile" });
        smuggled.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(smuggled)).GetProperty("errors").GetProperty("memberIds")[0].GetString()!.ShouldContain("不在甲一党支部");
        // a 党委 is not a branch
        var committee = await api.PostAsJsonAsync($"/api/v1/members/accounts?org={World.A.Id}", new { allWithoutAccount = true, scheme = "mobile" });
        committee.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await App.ScalarAsync("SELECT count(*) FROM users WHERE member_id IS NOT NULL")).ShouldBe(0);
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Members/Accounts?org={World.B1.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    // ---- leaving and moving ----

    private async Task<(long UserId, HttpClient Token)> MemberAccountAsync(long memberId, string userName)
    {
        var uid = await AddUserAsync(userName);
        (await (await App.BearerAsync("orgadmin")).PostAsJsonAsync($"/api/v1/members/{memberId}/account", new { userId = uid })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (uid, await App.BearerAsync(userName));
    }

    [Fact]
    public async Task Leaving_the_party_disables_the_account_and_ends_its_sessions_while_stopping_membership_keeps_it()
    {
        var (uid, token) = await MemberAccountAsync(MemberA1, "leaver");
        var cookie = await App.SignedInAsync("leaver");
        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var api = await App.BearerAsync("orgadmin");
        var before = await api.GetFromJsonAsync<JsonElement>($"/api/v1/members/{MemberA1}?full=true");
        object Body(string status) => new
        {
            name = before.GetProperty("name").GetString(), idNumber = before.GetProperty("idNumber").GetString(), category = "正式党员",
            joinedAt = before.GetProperty("joinedAt").GetString(), confirmedAt = before.GetProperty("confirmedAt").GetString(),
            phone = before.GetProperty("phone").GetString(), partyStatus = status, partyStatusDate = "2026-01-05", partyStatusReason = "按规定处理", changeReason = "支部大会决定",
        };

        var stopped = await api.PutAsJsonAsync($"/api/v1/members/{MemberA1}", Body("停止党籍"));
        stopped.StatusCode.ShouldBe(HttpStatusCode.OK, await stopped.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM users WHERE id = {uid} AND NOT is_disabled")).ShouldBe(1);
        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var left = await api.PutAsJsonAsync($"/api/v1/members/{MemberA1}", Body("出党"));
        left.StatusCode.ShouldBe(HttpStatusCode.OK, await left.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM users WHERE id = {uid} AND is_disabled")).ShouldBe(1);
        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await cookie.GetAsync("/Me/Meetings");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await App.ScalarAsync($"SELECT count(*) FROM api_tokens WHERE user_id = {uid} AND revoked_at IS NULL")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'account.disabled_on_leaving' AND entity_id = '{uid}'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_transfer_inside_the_platform_moves_the_member_role_and_a_transfer_out_disables_the_account()
    {
        var (uid, _) = await MemberAccountAsync(MemberA1, "mover");
        (await MemberGrantsAsync(uid, World.A1.Id)).ShouldBe(1);
        var receiver = await AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var started = await (await App.BearerAsync("branchsec")).PostAsJsonAsync("/api/v1/transfers", new { memberId = MemberA1, toOrgId = World.B1.Id, reason = "工作调动" });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = (await JsonAsync(started)).GetProperty("id").GetInt64();
        (await (await App.BearerAsync("b1sec")).PostAsync($"/api/v1/transfers/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MemberGrantsAsync(uid, World.A1.Id)).ShouldBe(0);
        (await MemberGrantsAsync(uid, World.B1.Id)).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM users WHERE id = {uid} AND NOT is_disabled")).ShouldBe(1);
        receiver.ShouldBeGreaterThan(0);

        // out of the platform with a 介绍信
        var leaving = await AddMemberAsync(World.A1, "陈十", 701, null);
        var (outUid, outToken) = await MemberAccountAsync(leaving, "outgoing");
        var admin = await App.SignedInAsync("orgadmin");
        var range = await AppFactory.PostFormAsync(admin, $"/Transfers/Letters?handler=Range&org={World.A.Id}", new()
        {
            ["range.Prefix"] = "2026-", ["range.StartNumber"] = "1", ["range.EndNumber"] = "50",
        }, $"/Transfers/Letters?tab=ranges&org={World.A.Id}");
        (await range.Content.ReadAsStringAsync()).ShouldContain("已设置编号段");
        var lastMonth = TimeProvider.System.Today().AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var letter = await (await App.BearerAsync("orgadmin")).PostAsJsonAsync("/api/v1/transfers",
            new { memberId = leaving, kind = "转出", toOrgName = "中共某市某区某街道工作委员会", duesPaidTo = lastMonth, reason = "随配偶迁居" });
        letter.StatusCode.ShouldBe(HttpStatusCode.Created, await letter.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM users WHERE id = {outUid} AND is_disabled")).ShouldBe(1);
        (await outToken.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
