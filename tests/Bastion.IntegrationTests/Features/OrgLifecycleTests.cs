using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Organizations;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>The organization lifecycle: rename, move, merge, dissolve, history; 联合党支部 units; 联系点 and visits.</summary>
public sealed class OrgLifecycleTests(AppFactory app) : AppTest(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Details(Organization o) => $"/Organizations/Details/{o.Id}";

    /// <summary>An OrgAdmin granted on the root R (so both A's and B's subtrees are in scope).</summary>
    private async Task<HttpClient> RootAdminAsync()
    {
        using (var scope = App.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var u = new AppUser { UserName = "rootadmin", DisplayName = "集团党委管理员", CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
            (await users.CreateAsync(u, AppFactory.Password)).Succeeded.ShouldBeTrue();
            db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = Role.OrgAdmin, OrgId = World.R.Id, GrantedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        return await App.BearerAsync("rootadmin");
    }

    private Task<Organization> OrgAsync(long id) => App.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id));

    private async Task<Organization> CreateAsync(HttpClient c, Organization parent, string name, OrgType type)
    {
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{parent.Id}/children", new { name, type = type.ToString() });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return await OrgAsync((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    private Task<long> AddMemberAsync(Organization org, string name, int seq) => App.WithDbAsync(async db =>
    {
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110105", new DateOnly(1986, 4, 7), seq),
            BirthDate = new DateOnly(1986, 4, 7), Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2012, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private Task<List<OrgHistory>> HistoryAsync(long orgId) =>
        App.WithDbAsync(db => db.Set<OrgHistory>().AsNoTracking().Where(h => h.OrgId == orgId).OrderBy(h => h.Id).ToListAsync());

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage r)
    {
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    private static async Task<List<string>> TreeNamesAsync(HttpClient c, Organization root, bool includeDissolved = false) =>
        (await c.GetFromJsonAsync<List<JsonElement>>($"/api/v1/organizations?org={root.Id}{(includeDissolved ? "&includeDissolved=true" : "")}"))!
            .Select(n => n.GetProperty("name").GetString()!).ToList();

    // ---- move ----

    [Fact]
    public async Task Lifecycle_changes_and_liaison_dates_follow_the_injected_clock()
    {
        App.Clock.Offset = TimeSpan.FromDays(40);
        var c = await RootAdminAsync();
        var r = await c.PatchAsJsonAsync($"/api/v1/organizations/{World.A1.Id}", new { name = "时钟测试党支部", reason = "机构调整" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await HistoryAsync(World.A1.Id)).Single().At.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(39));

        // a link dated the clock's today (40 days ahead of the machine's) is not "later than today"
        var today = App.Clock.Today();
        var link = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/liaisons",
            new { personName = "时钟测试", branchId = World.A1.Id, linkedOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        link.StatusCode.ShouldBe(HttpStatusCode.Created, await link.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM liaison_links WHERE org_id = {World.A1.Id} AND linked_on = '{today:yyyy-MM-dd}'")).ShouldBe(1);
    }

    [Fact]
    public async Task Moving_a_branch_rewrites_the_paths_of_its_whole_subtree_and_its_members_stay()
    {
        var c = await RootAdminAsync();
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/move", new { parentId = World.B.Id, reason = "业务划转", approvalNo = "集团党委〔2026〕8号" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parentName").GetString().ShouldBe(World.B.Name);

        var a1 = await OrgAsync(World.A1.Id);
        var group = await OrgAsync(World.A1Group.Id);
        (a1.ParentId, a1.Path).ShouldBe((World.B.Id, $"{World.B.Path}.{World.A1.Id}"));
        group.Path.ShouldBe($"{World.B.Path}.{World.A1.Id}.{World.A1Group.Id}");
        group.ParentId.ShouldBe(World.A1.Id);
        (await App.ScalarAsync($"SELECT count(*) FROM organizations WHERE path <@ '{World.B.Path}'")).ShouldBe(4);
        (await App.ScalarAsync($"SELECT count(*) FROM organizations WHERE path <@ '{World.A.Path}'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT org_id FROM members WHERE id = {World.MemberInOrg[World.A1.Id]}")).ShouldBe(World.A1.Id);

        var history = await HistoryAsync(World.A1.Id);
        history.Count.ShouldBe(1);
        var h = history[0];
        (h.Action, h.OldValue, h.NewValue, h.RelatedOrgId, h.Reason, h.ApprovalNo, h.ActorName)
            .ShouldBe((OrgHistoryAction.调整隶属, World.A.Name, World.B.Name, (long?)World.B.Id, "业务划转", "集团党委〔2026〕8号", "rootadmin"));
        // the bulk path update of the descendants is in the audit trail too
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'org_history' AND org_id = {World.A1.Id}")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'organizations' AND entity_id = '{World.A1.Id}' AND after ->> 'descendants_moved' = '1'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_subtree_filter_follows_a_move_at_once()
    {
        var branchSecretary = await App.BearerAsync("branchsec"); // granted on A
        (await TreeNamesAsync(branchSecretary, World.A)).ShouldContain(World.A1.Name);
        var before = await branchSecretary.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A.Id}");
        before.GetProperty("total").GetInt32().ShouldBe(2);

        var root = await RootAdminAsync();
        (await root.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/move", new { parentId = World.B.Id, reason = "划转", approvalNo = "文号1" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await TreeNamesAsync(branchSecretary, World.A)).ShouldBe([World.A.Name]);
        (await branchSecretary.GetAsync($"/api/v1/organizations/{World.A1.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // a member now out of sight is answered as a missing one (no existence oracle)
        (await branchSecretary.GetAsync($"/api/v1/members/{World.MemberInOrg[World.A1.Id]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await branchSecretary.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A.Id}")).GetProperty("total").GetInt32().ShouldBe(1);
        var page = await (await App.SignedInAsync("branchsec")).GetAsync(Details(World.A1Group));
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Moving_into_its_own_subtree_under_a_wrong_type_or_into_a_dissolved_organization_is_refused()
    {
        var c = await RootAdminAsync();
        async Task<string> Refusal(Organization org, Organization parent)
        {
            var r = await c.PostAsJsonAsync($"/api/v1/organizations/{org.Id}/move", new { parentId = parent.Id, reason = "试调整", approvalNo = "文号" });
            return (await ErrorsOf(r)).GetProperty("parentId")[0].GetString()!;
        }
        (await Refusal(World.A, World.A1)).ShouldBe("不能调整到本组织或其下级组织之下");
        (await Refusal(World.A, World.A)).ShouldBe("不能调整到本组织或其下级组织之下");
        (await Refusal(World.A1, World.B1)).ShouldBe("党支部下不能设立党支部");
        (await Refusal(World.A1Group, World.B)).ShouldBe("党委下不能设立党小组");
        (await Refusal(World.A1, World.A)).ShouldBe($"{World.A1.Name}已隶属于{World.A.Name}");

        var empty = await CreateAsync(c, World.B, "待撤销党委", OrgType.党委);
        (await c.PostAsJsonAsync($"/api/v1/organizations/{empty.Id}/dissolve", new { reason = "机构调整", approvalNo = "文号2" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Refusal(World.A1, empty)).ShouldBe("待撤销党委已撤销，不能作为上级组织");

        (await OrgAsync(World.A.Id)).Path.ShouldBe(World.A.Path);
        (await OrgAsync(World.A1.Id)).Path.ShouldBe(World.A1.Path);
        (await App.ScalarAsync("SELECT count(*) FROM org_history WHERE action = '调整隶属'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_move_needs_a_reason_and_an_approval_number_and_writes_nothing_without_them()
    {
        var c = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(c, World.A, "甲二党总支", OrgType.党总支);
        var errors = await ErrorsOf(await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/move", new { parentId = a2.Id, reason = " " }));
        errors.GetProperty("reason")[0].GetString().ShouldBe("请填写调整原因");
        errors.GetProperty("approvalNo")[0].GetString()!.ShouldStartWith("请填写批准文号");
        (await OrgAsync(World.A1.Id)).ParentId.ShouldBe(World.A.Id);

        var ok = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/move", new { parentId = a2.Id, reason = "归口管理", approvalNo = "甲党〔2026〕3号" });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OrgAsync(World.A1Group.Id)).Path.ShouldBe($"{a2.Path}.{World.A1.Id}.{World.A1Group.Id}");
    }

    [Fact]
    public async Task Moving_or_merging_into_an_organization_outside_the_callers_scope_is_403_and_changes_nothing()
    {
        var c = await App.BearerAsync("orgadmin"); // granted on A; B is outside
        var move = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/move", new { parentId = World.B.Id, reason = "划转", approvalNo = "文号" });
        move.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await move.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain(World.B.Name);
        var merge = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/merge", new { targetId = World.B1.Id, reason = "合并", approvalNo = "文号" });
        merge.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // and the other way round: the organization being changed must be in scope (the endpoint's own check)
        (await c.PostAsJsonAsync($"/api/v1/organizations/{World.B1.Id}/move", new { parentId = World.A.Id, reason = "划转", approvalNo = "文号" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await OrgAsync(World.A1.Id)).Path.ShouldBe(World.A1.Path);
        (await OrgAsync(World.A1.Id)).Status.ShouldBe(OrgStatus.正常);
        (await App.ScalarAsync("SELECT count(*) FROM org_history")).ShouldBe(0);

        // the page does the same
        var page = await App.SignedInAsync("orgadmin");
        (await AppFactory.PostFormAsync(page, $"{Details(World.A1)}?handler=Move",
            new() { ["Move.TargetId"] = World.B.Id.ToString(CultureInfo.InvariantCulture), ["Move.Reason"] = "划转", ["Move.ApprovalNo"] = "文号" }, Details(World.A1)))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await OrgAsync(World.A1.Id)).ParentId.ShouldBe(World.A.Id);
    }

    [Fact]
    public async Task The_move_form_offers_only_allowed_parents_and_moves_through_the_page()
    {
        var api = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(api, World.A, "甲二党总支", OrgType.党总支);
        var c = await App.SignedInAsync("orgadmin");
        var html = await c.GetStringAsync(Details(World.A1));
        var form = html[html.IndexOf("id=\"move-org\"", StringComparison.Ordinal)..html.IndexOf("id=\"merge-org\"", StringComparison.Ordinal)];
        form.ShouldContain($"value=\"{a2.Id}\"");
        form.ShouldNotContain($"value=\"{World.A.Id}\""); // the current parent
        form.ShouldNotContain($"value=\"{World.A1Group.Id}\""); // its own subtree
        form.ShouldNotContain($"value=\"{World.B.Id}\""); // outside the scope

        var bad = await AppFactory.PostFormAsync(c, $"{Details(World.A1)}?handler=Move",
            new() { ["Move.TargetId"] = a2.Id.ToString(CultureInfo.InvariantCulture), ["Move.Reason"] = "", ["Move.ApprovalNo"] = "" }, Details(World.A1));
        var badHtml = await bad.Content.ReadAsStringAsync();
        badHtml.ShouldContain("请填写调整原因");
        badHtml.ShouldContain("请填写批准文号");
        (await OrgAsync(World.A1.Id)).ParentId.ShouldBe(World.A.Id);

        var ok = await AppFactory.PostFormAsync(c, $"{Details(World.A1)}?handler=Move",
            new() { ["Move.TargetId"] = a2.Id.ToString(CultureInfo.InvariantCulture), ["Move.Reason"] = "归口管理", ["Move.ApprovalNo"] = "甲党〔2026〕5号" }, Details(World.A1));
        var okHtml = await ok.Content.ReadAsStringAsync();
        okHtml.ShouldContain("已调整隶属关系");
        okHtml.ShouldContain("甲党〔2026〕5号"); // in the history table
        okHtml.ShouldContain($"上级组织：<a href=\"/Organizations/Details/{a2.Id}\">{a2.Name}</a>");
        (await OrgAsync(World.A1.Id)).ParentId.ShouldBe(a2.Id);
    }

    // ---- merge ----

    [Fact]
    public async Task Merging_moves_the_members_and_children_into_the_target_and_dissolves_the_source()
    {
        var c = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(c, World.A, "甲二党支部", OrgType.党支部);
        var extra = await AddMemberAsync(World.A1, "赵合并", 331);
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/merge", new { targetId = a2.Id, reason = "支部整合", approvalNo = "甲党〔2026〕9号" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var merged = await r.Content.ReadFromJsonAsync<JsonElement>();
        merged.GetProperty("movedMembers").GetInt32().ShouldBe(2);
        merged.GetProperty("movedChildren").GetInt32().ShouldBe(1);

        var source = await OrgAsync(World.A1.Id);
        (source.Status, source.MergedIntoId).ShouldBe((OrgStatus.已撤销, (long?)a2.Id));
        source.DissolvedAt.ShouldNotBeNull();
        var group = await OrgAsync(World.A1Group.Id);
        (group.ParentId, group.Path).ShouldBe((a2.Id, $"{a2.Path}.{World.A1Group.Id}"));
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE org_id = {a2.Id} AND id IN ({extra}, {World.MemberInOrg[World.A1.Id]})")).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE org_id = {World.A1.Id}")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {extra} AND field = '所在党支部' AND new_value = '甲二党支部'")).ShouldBe(1);

        var sourceHistory = (await HistoryAsync(World.A1.Id)).Single();
        (sourceHistory.Action, sourceHistory.RelatedOrgId, sourceHistory.Reason, sourceHistory.ApprovalNo)
            .ShouldBe((OrgHistoryAction.合并, (long?)a2.Id, "支部整合", "甲党〔2026〕9号"));
        (await HistoryAsync(a2.Id)).ShouldContain(h => h.Action == OrgHistoryAction.合并 && h.RelatedOrgId == World.A1.Id);
        (await HistoryAsync(World.A1Group.Id)).Single().Action.ShouldBe(OrgHistoryAction.调整隶属);

        var detail = await c.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{World.A1.Id}");
        detail.GetProperty("status").GetString().ShouldBe("已撤销");
        detail.GetProperty("mergedIntoName").GetString().ShouldBe("甲二党支部");
        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync(Details(World.A1));
        page.ShouldContain("id=\"merged-into\"");
        page.ShouldNotContain("id=\"org-changes\""); // nothing more to change on a dissolved organization
    }

    [Fact]
    public async Task Grants_on_a_dissolved_or_merged_organization_are_withdrawn_and_their_holders_told()
    {
        var c = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(c, World.A, "甲二党支部", OrgType.党支部);
        var mem = World.UserIds["mem"];
        var now = DateTimeOffset.UtcNow;
        await App.WithDbAsync(async db =>
        {
            db.RoleGrants.Add(new RoleGrant { UserId = mem, Role = Role.BranchSecretary, OrgId = World.A1Group.Id, GrantedAt = now });
            db.RoleGrants.Add(new RoleGrant { UserId = mem, Role = Role.OrgAdmin, OrgId = World.A1.Id, GrantedAt = now });
            await db.SaveChangesAsync();
            return 0;
        });

        (await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1Group.Id}/dissolve", new { reason = "党小组撤并", approvalNo = "甲一支〔2026〕1号" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE org_id = {World.A1Group.Id}")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {mem} AND title = '您在{World.A1Group.Name}的“支部书记/支委”授权已收回'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'role_grants' AND action = 'delete'")).ShouldBe(1);

        (await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/merge", new { targetId = a2.Id, reason = "支部整合", approvalNo = "甲党〔2026〕9号" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE org_id = {World.A1.Id}")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE org_id = {a2.Id}")).ShouldBe(0); // authority does not pass by itself
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {mem} AND body LIKE '甲一党支部已并入甲二党支部（甲党〔2026〕9号）%'")).ShouldBe(1);
        // the other grants of the account stay
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE user_id = {mem} AND org_id = {World.A.Id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Merging_is_refused_into_itself_its_own_subtree_or_where_its_children_may_not_sit()
    {
        var c = await App.BearerAsync("orgadmin");
        async Task<string> Refusal(Organization source, long target) =>
            (await ErrorsOf(await c.PostAsJsonAsync($"/api/v1/organizations/{source.Id}/merge", new { targetId = target, reason = "整合", approvalNo = "文号" })))
                .GetProperty("targetId")[0].GetString()!;
        (await Refusal(World.A1, World.A1.Id)).ShouldBe("不能合并到本组织");
        (await Refusal(World.A1, World.A1Group.Id)).ShouldBe("不能合并到本组织的下级组织");
        var general = await CreateAsync(c, World.A, "甲二党总支", OrgType.党总支);
        (await Refusal(World.A1, general.Id)).ShouldContain("党总支下不能设立党小组");
        (await Refusal(World.A1, 999_999)).ShouldBe("目标组织不存在");
        (await App.ScalarAsync($"SELECT count(*) FROM organizations WHERE status = '已撤销'")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT org_id FROM members WHERE id = {World.MemberInOrg[World.A1.Id]}")).ShouldBe(World.A1.Id);
    }

    // ---- dissolve ----

    [Fact]
    public async Task Dissolving_is_refused_while_children_or_members_remain_and_says_what_to_move_first()
    {
        var c = await App.BearerAsync("orgadmin");
        var errors = await ErrorsOf(await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/dissolve", new { reason = "撤并", approvalNo = "文号" }));
        var message = errors.GetProperty("org")[0].GetString()!;
        message.ShouldContain(World.A1Group.Name);
        message.ShouldContain("党员1名");
        (await OrgAsync(World.A1.Id)).Status.ShouldBe(OrgStatus.正常);

        var noApproval = await ErrorsOf(await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1Group.Id}/dissolve", new { reason = "撤并" }));
        noApproval.GetProperty("approvalNo")[0].GetString()!.ShouldStartWith("请填写批准文号");
        (await OrgAsync(World.A1Group.Id)).Status.ShouldBe(OrgStatus.正常);
    }

    [Fact]
    public async Task A_dissolved_organization_is_kept_with_its_history_and_hidden_from_the_tree_unless_asked_for()
    {
        var c = await App.BearerAsync("orgadmin");
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1Group.Id}/dissolve", new { reason = "党小组撤并", approvalNo = "甲一支〔2026〕1号" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("已撤销");
        (await App.ScalarAsync($"SELECT count(*) FROM organizations WHERE id = {World.A1Group.Id}")).ShouldBe(1);
        var h = (await HistoryAsync(World.A1Group.Id)).Single();
        (h.Action, h.Reason, h.ApprovalNo, h.ActorName).ShouldBe((OrgHistoryAction.撤销, "党小组撤并", "甲一支〔2026〕1号", "orgadmin"));

        (await TreeNamesAsync(c, World.A)).ShouldNotContain(World.A1Group.Name);
        (await TreeNamesAsync(c, World.A, includeDissolved: true)).ShouldContain(World.A1Group.Name);
        var tree = await c.GetFromJsonAsync<JsonElement>($"/api/v1/orgs/{World.A.Id}/tree");
        tree.GetProperty("children")[0].GetProperty("hasChildren").GetBoolean().ShouldBeFalse();

        var page = await App.SignedInAsync("orgadmin");
        var hidden = await page.GetStringAsync("/Organizations");
        hidden.ShouldNotContain(World.A1Group.Name);
        var shown = await page.GetStringAsync("/Organizations?dissolved=true");
        shown.ShouldContain(World.A1Group.Name);
        shown.ShouldContain("已撤销");
        var detail = await page.GetStringAsync(Details(World.A1Group));
        detail.ShouldContain("id=\"org-dissolved\"");
        detail.ShouldContain("党小组撤并");
        detail.ShouldContain("甲一支〔2026〕1号");

        // nothing new goes under it, and its name is free again among the active siblings
        var child = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1Group.Id}/children", new { name = "新小组", type = "党小组" });
        (await ErrorsOf(child)).GetProperty("parentId")[0].GetString().ShouldBe("上级组织已撤销，不能新建下级组织");
        (await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/children", new { name = World.A1Group.Name, type = "党小组" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Dissolving_through_the_page_shows_the_refusal_beside_the_form()
    {
        var c = await App.SignedInAsync("orgadmin");
        var r = await AppFactory.PostFormAsync(c, $"{Details(World.A1)}?handler=Dissolve",
            new() { ["Dissolve.Reason"] = "撤并", ["Dissolve.ApprovalNo"] = "文号" }, Details(World.A1));
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"dissolve-refused\"");
        html.ShouldContain("请先将其调整到其他组织");
        (await OrgAsync(World.A1.Id)).Status.ShouldBe(OrgStatus.正常);
        var member = await App.SignedInAsync("mem");
        (await AppFactory.PostFormAsync(member, $"{Details(World.A1Group)}?handler=Dissolve",
            new() { ["Dissolve.Reason"] = "撤并", ["Dissolve.ApprovalNo"] = "文号" }, Details(World.A1Group))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await OrgAsync(World.A1Group.Id)).Status.ShouldBe(OrgStatus.正常);
    }

    // ---- rename ----

    [Fact]
    public async Task Renaming_keeps_names_unique_among_active_siblings_and_records_the_old_name()
    {
        var c = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(c, World.A, "甲二党支部", OrgType.党支部);
        var clash = await ErrorsOf(await c.PatchAsJsonAsync($"/api/v1/organizations/{World.A1.Id}", new { name = "甲二党支部", reason = "规范名称" }));
        clash.GetProperty("name")[0].GetString().ShouldBe("同一上级组织下已有同名组织");
        var noReason = await ErrorsOf(await c.PatchAsJsonAsync($"/api/v1/organizations/{World.A1.Id}", new { name = "甲一第一党支部" }));
        noReason.GetProperty("reason")[0].GetString().ShouldBe("请填写调整原因");
        (await OrgAsync(World.A1.Id)).Name.ShouldBe(World.A1.Name);

        var ok = await c.PatchAsJsonAsync($"/api/v1/organizations/{World.A1.Id}", new { name = "甲一第一党支部", reason = "规范名称" });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString().ShouldBe("甲一第一党支部");
        var h = (await HistoryAsync(World.A1.Id)).Single();
        (h.Action, h.OldValue, h.NewValue, h.Reason, h.ApprovalNo).ShouldBe((OrgHistoryAction.更名, World.A1.Name, "甲一第一党支部", "规范名称", (string?)null));

        // a dissolved sibling's name may be taken again
        (await c.PostAsJsonAsync($"/api/v1/organizations/{a2.Id}/dissolve", new { reason = "撤销", approvalNo = "文号" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await c.PatchAsJsonAsync($"/api/v1/organizations/{World.A1.Id}", new { name = "甲二党支部", reason = "再次更名" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Creating_a_child_writes_its_history_row()
    {
        var c = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(c, World.A, "甲二党支部", OrgType.党支部);
        var h = (await HistoryAsync(a2.Id)).Single();
        (h.Action, h.RelatedOrgId, h.Reason).ShouldBe((OrgHistoryAction.新建, (long?)World.A.Id, CreateOrganization.DefaultReason));
    }

    // ---- 联合党支部 ----

    [Fact]
    public async Task A_joint_branch_lists_at_most_five_units_and_the_sixth_is_refused()
    {
        var api = await App.BearerAsync("orgadmin");
        var joint = await CreateAsync(api, World.A, "甲公司后勤联合党支部", OrgType.联合党支部);
        var c = await App.SignedInAsync("orgadmin");
        Task<HttpResponseMessage> Add(string name) => AppFactory.PostFormAsync(c, $"{Details(joint)}?handler=AddUnit", new() { ["unitName"] = name }, Details(joint));
        for (var i = 1; i <= 5; i++)
            (await (await Add($"第{i}单位")).Content.ReadAsStringAsync()).ShouldContain($"已登记覆盖单位“第{i}单位”");
        var sixth = await (await Add("第6单位")).Content.ReadAsStringAsync();
        sixth.ShouldContain("联合党支部最多覆盖5个单位，已有5个");
        (await App.ScalarAsync($"SELECT count(*) FROM org_joint_units WHERE org_id = {joint.Id} AND removed_at IS NULL")).ShouldBe(5);
        (await App.ScalarAsync($"SELECT count(*) FROM org_joint_units WHERE name = '第6单位'")).ShouldBe(0);
        (await (await Add("第1单位")).Content.ReadAsStringAsync()).ShouldContain("联合党支部最多覆盖5个单位"); // still full

        var page = await c.GetStringAsync(Details(joint));
        page.ShouldContain("覆盖单位（5 / 5）");
        var unitId = await App.ScalarAsync($"SELECT id FROM org_joint_units WHERE org_id = {joint.Id} AND name = '第3单位'");
        (await (await AppFactory.PostFormAsync(c, $"{Details(joint)}?handler=RemoveUnit", new() { ["unitId"] = unitId.ToString(CultureInfo.InvariantCulture) }, Details(joint)))
            .Content.ReadAsStringAsync()).ShouldContain("已移除该单位");
        (await App.ScalarAsync($"SELECT count(*) FROM org_joint_units WHERE org_id = {joint.Id}")).ShouldBe(5); // kept, marked removed
        (await (await Add("第6单位")).Content.ReadAsStringAsync()).ShouldContain("已登记覆盖单位“第6单位”");

        // only a 联合党支部 lists units
        var plain = await (await AppFactory.PostFormAsync(c, $"{Details(World.A1)}?handler=AddUnit", new() { ["unitName"] = "某单位" }, Details(World.A1))).Content.ReadAsStringAsync();
        plain.ShouldNotContain("已登记覆盖单位");
        (await App.ScalarAsync($"SELECT count(*) FROM org_joint_units WHERE org_id = {World.A1.Id}")).ShouldBe(0);
    }

    [Fact]
    public async Task Units_and_liaisons_work_through_the_api_with_the_pages_rules()
    {
        var api = await App.BearerAsync("orgadmin");
        var joint = await CreateAsync(api, World.A, "甲公司后勤联合党支部", OrgType.联合党支部);
        for (var i = 1; i <= 5; i++)
            (await api.PostAsJsonAsync($"/api/v1/organizations/{joint.Id}/units", new { name = $"第{i}单位" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var sixth = await api.PostAsJsonAsync($"/api/v1/organizations/{joint.Id}/units", new { name = "第6单位" });
        sixth.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sixth.Content.ReadAsStringAsync()).ShouldContain("联合党支部最多覆盖5个单位");
        var units = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/organizations/{joint.Id}/units");
        units!.Count.ShouldBe(5);
        var third = units.Single(u => u.GetProperty("name").GetString() == "第3单位").GetProperty("id").GetInt64();
        (await api.DeleteAsync($"/api/v1/organizations/{joint.Id}/units/{third}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.DeleteAsync($"/api/v1/organizations/{joint.Id}/units/{third}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/organizations/{joint.Id}/units"))!.Count(u => u.GetProperty("removedAt").ValueKind == JsonValueKind.Null).ShouldBe(4);

        var today = App.Clock.Today();
        var future = await api.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/liaisons", new { personName = "王建国", post = "党委书记", branchId = World.A1.Id, linkedOn = Iso(today.AddDays(1)) });
        future.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await future.Content.ReadAsStringAsync()).ShouldContain("联系日期不能晚于今天");
        var linked = await api.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/liaisons", new { personName = "王建国", post = "党委书记", branchId = World.A1.Id, linkedOn = Iso(today) });
        linked.StatusCode.ShouldBe(HttpStatusCode.Created, await linked.Content.ReadAsStringAsync());
        var link = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asCommittee")[0];
        link.GetProperty("branchName").GetString().ShouldBe(World.A1.Name);
        var linkId = link.GetProperty("id").GetInt64();

        var visit = await api.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/visits", new { linkId, visitDate = Iso(today), content = "指导三会一课规范化", problems = "会议记录不完整" });
        visit.StatusCode.ShouldBe(HttpStatusCode.Created, await visit.Content.ReadAsStringAsync());
        var branch = await api.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{World.A1.Id}/liaisons");
        (branch.GetProperty("asBranch").GetArrayLength(), branch.GetProperty("visits")[0].GetProperty("problems").GetString()).ShouldBe((1, "会议记录不完整"));

        (await api.PostAsync($"/api/v1/organizations/{World.A.Id}/liaisons/{linkId}/end", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var ended = await api.PostAsync($"/api/v1/organizations/{World.A.Id}/liaisons/{linkId}/end", null);
        (await ended.Content.ReadAsStringAsync()).ShouldContain("该联系点已解除");
    }

    // ---- capabilities ----

    [Fact]
    public async Task Capabilities_follow_the_type_and_a_dissolved_organization_has_none()
    {
        var c = await App.BearerAsync("orgadmin");
        var temporary = await CreateAsync(c, World.A, "项目临时党支部", OrgType.临时党支部);
        async Task<JsonElement> Caps(Organization o) => (await c.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{o.Id}")).GetProperty("capabilities");

        var t = await Caps(temporary);
        foreach (var p in new[] { "canDevelopMembers", "canCollectDues", "canDiscipline", "canHoldElection" })
            t.GetProperty(p).GetBoolean().ShouldBeFalse(p);
        var branch = await Caps(World.A1);
        foreach (var p in new[] { "canDevelopMembers", "canCollectDues", "canDiscipline", "canHoldElection" })
            branch.GetProperty(p).GetBoolean().ShouldBeTrue(p);
        (await Caps(World.A1Group)).GetProperty("canDevelopMembers").GetBoolean().ShouldBeFalse();

        (await App.WithDbAsync(db => db.CapabilityRefusalAsync(temporary.Id, OrgCapability.收缴党费))).ShouldBe("临时党支部不能收缴党费");
        (await App.WithDbAsync(db => db.CapabilityRefusalAsync(World.A1.Id, OrgCapability.发展党员))).ShouldBeNull();

        (await c.PostAsJsonAsync($"/api/v1/organizations/{temporary.Id}/dissolve", new { reason = "项目结束", approvalNo = "文号" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.WithDbAsync(db => db.CapabilityRefusalAsync(temporary.Id, OrgCapability.发展党员))).ShouldBe("项目临时党支部已撤销，不能发展党员");
        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync(Details(World.A1));
        page.ShouldContain("id=\"org-capabilities\"");
    }

    // ---- 联系点 ----

    [Fact]
    public async Task A_leader_is_linked_to_one_branch_and_linking_again_moves_the_link_with_history()
    {
        var api = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(api, World.A, "甲二党支部", OrgType.党支部);
        var c = await App.SignedInAsync("orgadmin");
        var today = App.Clock.Today();
        Task<HttpResponseMessage> Link(Organization branch, string? date = null) => AppFactory.PostFormAsync(c, $"{Details(World.A)}?handler=Link", new()
        {
            ["Link.PersonName"] = "王建国", ["Link.Post"] = "党委书记", ["Link.BranchId"] = branch.Id.ToString(CultureInfo.InvariantCulture),
            ["Link.UserName"] = "branchsec", ["Link.LinkedOn"] = date ?? Iso(today),
        }, Details(World.A));

        (await (await Link(World.A1, Iso(today.AddDays(-30)))).Content.ReadAsStringAsync()).ShouldContain("已设置王建国的联系点");
        (await (await Link(World.A1)).Content.ReadAsStringAsync()).ShouldContain("王建国已联系甲一党支部");
        (await (await Link(World.B1)).Content.ReadAsStringAsync()).ShouldContain($"请选择{World.A.Name}下属的党支部");
        (await (await Link(a2, Iso(today.AddDays(1)))).Content.ReadAsStringAsync()).ShouldContain("联系日期不能晚于今天");
        (await App.ScalarAsync("SELECT count(*) FROM liaison_links")).ShouldBe(1);

        var moved = await (await Link(a2)).Content.ReadAsStringAsync();
        moved.ShouldContain("已设置王建国的联系点");
        (await App.ScalarAsync("SELECT count(*) FROM liaison_links WHERE ended_on IS NULL")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT org_id FROM liaison_links WHERE ended_on IS NULL")).ShouldBe(a2.Id);
        (await App.ScalarAsync($"SELECT count(*) FROM liaison_links WHERE org_id = {World.A1.Id} AND ended_on IS NOT NULL AND end_reason LIKE '%甲二党支部%'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM liaison_links WHERE user_id = {World.UserIds["branchsec"]}")).ShouldBe(2);

        var committee = await c.GetStringAsync(Details(World.A));
        var table = committee[committee.IndexOf("id=\"liaison-table\"", StringComparison.Ordinal)..committee.IndexOf("id=\"liaison-history\"", StringComparison.Ordinal)];
        table.ShouldContain("王建国");
        table.ShouldContain(a2.Name);
        table.ShouldNotContain(World.A1.Name);
        committee[committee.IndexOf("id=\"liaison-history\"", StringComparison.Ordinal)..].ShouldContain(World.A1.Name);

        // a branch is not a committee: no links are set from it
        (await AppFactory.PostFormAsync(c, $"{Details(World.A1)}?handler=Link", new() { ["Link.PersonName"] = "李四", ["Link.BranchId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture) }, Details(World.A1)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM liaison_links WHERE person_name = '李四'")).ShouldBe(0);
    }

    [Fact]
    public async Task Guidance_visits_are_logged_on_the_branch_with_no_date_in_the_future()
    {
        var c = await App.SignedInAsync("orgadmin");
        var today = App.Clock.Today();
        (await AppFactory.PostFormAsync(c, $"{Details(World.A)}?handler=Link", new()
        {
            ["Link.PersonName"] = "王建国", ["Link.BranchId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture), ["Link.LinkedOn"] = Iso(today.AddDays(-60)),
        }, Details(World.A))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var linkId = await App.ScalarAsync("SELECT id FROM liaison_links");
        Task<HttpResponseMessage> Visit(DateOnly date, string content, string problems = "") => AppFactory.PostFormAsync(c, $"{Details(World.A1)}?handler=Visit", new()
        {
            ["Visit.LinkId"] = linkId.ToString(CultureInfo.InvariantCulture), ["Visit.VisitDate"] = Iso(date), ["Visit.Content"] = content, ["Visit.Problems"] = problems,
        }, Details(World.A1));

        (await (await Visit(today.AddDays(1), "指导三会一课")).Content.ReadAsStringAsync()).ShouldContain("走访日期不能晚于今天");
        (await (await Visit(today, "")).Content.ReadAsStringAsync()).ShouldContain("请填写指导内容");
        (await (await Visit(today.AddDays(-90), "早于联系")).Content.ReadAsStringAsync()).ShouldContain("联系本支部期间");
        (await App.ScalarAsync("SELECT count(*) FROM liaison_visits")).ShouldBe(0);

        var ok = await (await Visit(today.AddDays(-3), "指导支部规范开展三会一课", "会议记录不完整")).Content.ReadAsStringAsync();
        ok.ShouldContain("已记录走访指导情况");
        var visits = ok[ok.IndexOf("id=\"visit-table\"", StringComparison.Ordinal)..];
        visits.ShouldContain("指导支部规范开展三会一课");
        visits.ShouldContain("会议记录不完整");
        ok.ShouldContain("联系本支部的领导：");
        (await App.ScalarAsync($"SELECT org_id FROM liaison_visits")).ShouldBe(World.A1.Id);
        (await c.GetStringAsync(Details(World.A))).ShouldContain("1 次");

        // read-only users see the log but no form
        var member = await (await App.SignedInAsync("mem")).GetStringAsync(Details(World.A1));
        member.ShouldContain("指导支部规范开展三会一课");
        member.ShouldNotContain("id=\"record-visit\"");
    }

    [Fact]
    public async Task Dissolving_or_merging_a_branch_ends_its_current_liaison_links()
    {
        var api = await App.BearerAsync("orgadmin");
        var a2 = await CreateAsync(api, World.A, "甲二党支部", OrgType.党支部);
        var c = await App.SignedInAsync("orgadmin");
        (await AppFactory.PostFormAsync(c, $"{Details(World.A)}?handler=Link", new()
        {
            ["Link.PersonName"] = "王建国", ["Link.BranchId"] = a2.Id.ToString(CultureInfo.InvariantCulture),
        }, Details(World.A))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostAsJsonAsync($"/api/v1/organizations/{a2.Id}/merge", new { targetId = World.A1.Id, reason = "整合", approvalNo = "文号" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM liaison_links WHERE ended_on IS NULL")).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM liaison_links")).ShouldBe(1);
    }
}
