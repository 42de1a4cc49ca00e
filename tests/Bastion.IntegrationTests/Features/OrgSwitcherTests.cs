using System.Net;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The organization switcher in the top bar and the grant form's scope: a bounded list plus a search by name in the
/// caller's own scope, so a page stays small whatever the tenant's size (the bench's province tenant: 50,074 organizations).
/// </summary>
public sealed class OrgSwitcherTests(AppFactory app) : AppTest(app)
{
    private const string Deep = "深井三号党支部";
    private const string OtherBranch = "乙深井党支部";

    /// <summary>
    /// Under R: 40 党委 (丙01…丙40公司党委) of 10 branches each, and under 丙07 a 党总支 with the deep branch; under B a
    /// branch whose name looks like the deep one: 450 organizations in all, inserted in SQL.
    /// </summary>
    private async Task SeedLargeTenantAsync()
    {
        var seq = "nextval(pg_get_serial_sequence('organizations', 'id'))";
        await App.ExecAsync($"""
            WITH c AS (SELECT {seq} AS id, i FROM generate_series(1, 40) i)
            INSERT INTO organizations (id, name, type, parent_id, path, sort_order, status, created_at)
            SELECT id, format('丙%s公司党委', lpad(i::text, 2, '0')), '党委', {World.R.Id}, text2ltree('{World.R.Path}.' || id), 100 + i, '正常', now() FROM c;

            WITH p AS (SELECT id, path, name FROM organizations WHERE parent_id = {World.R.Id} AND name LIKE '丙%'),
                 c AS (SELECT {seq} AS id, p.id AS pid, p.path AS ppath, p.name AS pname, j FROM p CROSS JOIN generate_series(1, 10) j)
            INSERT INTO organizations (id, name, type, parent_id, path, sort_order, status, created_at)
            SELECT id, replace(pname, '党委', '') || '第' || j || '党支部', '党支部', pid, ppath || text2ltree(id::text), j, '正常', now() FROM c;

            WITH p AS (SELECT id, path FROM organizations WHERE name = '丙07公司党委'), c AS (SELECT {seq} AS id FROM p)
            INSERT INTO organizations (id, name, type, parent_id, path, sort_order, status, created_at)
            SELECT c.id, '丙七车间党总支', '党总支', p.id, p.path || text2ltree(c.id::text), 99, '正常', now() FROM p, c;

            WITH p AS (SELECT id, path FROM organizations WHERE name = '丙七车间党总支'), c AS (SELECT {seq} AS id FROM p)
            INSERT INTO organizations (id, name, type, parent_id, path, sort_order, status, created_at)
            SELECT c.id, '{Deep}', '党支部', p.id, p.path || text2ltree(c.id::text), 1, '正常', now() FROM p, c;

            WITH c AS (SELECT {seq} AS id)
            INSERT INTO organizations (id, name, type, parent_id, path, sort_order, status, created_at)
            SELECT c.id, '{OtherBranch}', '党支部', {World.B.Id}, text2ltree('{World.B.Path}.' || c.id), 9, '正常', now() FROM c;
            """);
        (await App.ScalarAsync("SELECT count(*) FROM organizations")).ShouldBe(450);
    }

    private static async Task<string> SearchAsync(HttpClient c, string q)
    {
        var r = await c.GetAsync("/Shell/OrgSearch?q=" + Uri.EscapeDataString(q));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await r.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_whole_tenant_account_gets_a_small_page_whatever_the_number_of_organizations()
    {
        await App.AddUserAsync("tenantadmin", Role.OrgAdmin, World.R);
        var c = await App.SignedInAsync("tenantadmin");
        var before = (await c.GetStringAsync("/Notifications")).Length;

        await SeedLargeTenantAsync();
        var html = await c.GetStringAsync("/Notifications");

        html.ShouldContain("id=\"switch-org\"");
        html.ShouldContain("id=\"org-search\"");
        html.Length.ShouldBeLessThan(200_000);
        // the switcher lists R, its first 30 children and says how many more there are — not the 400 branches below
        (html.Length - before).ShouldBeLessThan(12_000, $"the page grew from {before} to {html.Length} characters");
        html.ShouldContain("丙01公司党委");
        html.ShouldNotContain("丙01公司第1党支部");
        html.ShouldNotContain(Deep);
        html.ShouldContain("id=\"org-more\"");
    }

    [Fact]
    public async Task The_search_finds_a_deep_organization_by_name_and_switching_to_it_lists_its_ancestors()
    {
        await App.AddUserAsync("tenantadmin", Role.OrgAdmin, World.R);
        await SeedLargeTenantAsync();
        var c = await App.SignedInAsync("tenantadmin");

        var found = await SearchAsync(c, "深井三号");
        found.ShouldContain(Deep);
        found.ShouldContain("丙七车间党总支", customMessage: "a result names its parent");
        var id = await App.ScalarAsync($"SELECT id FROM organizations WHERE name = '{Deep}'");
        found.ShouldContain($"value=\"{id}\"");

        // at most 20 results, and it says so
        var many = await SearchAsync(c, "党支部");
        System.Text.RegularExpressions.Regex.Count(many, "name=\"orgId\"").ShouldBe(20);
        many.ShouldContain("只显示前 20 个结果");

        (await SearchAsync(c, "没有这个组织")).ShouldContain("未找到组织");

        var switched = await AppFactory.PostFormAsync(c, "/Shell/SwitchOrg", new() { ["orgId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = "/Notifications" }, "/Notifications");
        switched.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await c.GetStringAsync("/Notifications");
        html.ShouldContain($"id=\"current-org\">{Deep}<");
        html.ShouldContain("丙七车间党总支");
        html.ShouldContain("丙07公司党委");
        html.ShouldContain(World.R.Name);
        html.ShouldNotContain("丙08公司党委", customMessage: "a sibling of an ancestor is not an ancestor");
    }

    [Fact]
    public async Task The_search_never_returns_an_organization_outside_the_accounts_scope()
    {
        await SeedLargeTenantAsync();
        await App.AddUserAsync("a1sec", Role.BranchSecretary, World.A1);
        var branch = await App.SignedInAsync("a1sec");
        (await SearchAsync(branch, "深井")).ShouldContain("未找到组织");
        var own = await SearchAsync(branch, "党支部");
        own.ShouldContain(World.A1.Name);
        own.ShouldNotContain(World.B1.Name);
        own.ShouldNotContain(OtherBranch);
        own.ShouldNotContain("丙01公司第1党支部");
        (await SearchAsync(branch, World.B1.Name)).ShouldNotContain($"value=\"{World.B1.Id}\"");

        var orgadmin = await App.SignedInAsync("orgadmin"); // on A
        var fromA = await SearchAsync(orgadmin, "深井");
        fromA.ShouldNotContain(Deep);
        fromA.ShouldNotContain(OtherBranch);
        fromA.ShouldContain("未找到组织");
        (await SearchAsync(orgadmin, "甲")).ShouldContain(World.A1.Name);

        // an account without an organization to act in gets nothing
        var aud = await App.SignedInAsync("aud");
        (await SearchAsync(aud, "党")).ShouldContain("未找到组织");
    }

    [Fact]
    public async Task The_grant_form_finds_the_scope_by_name_instead_of_listing_every_organization()
    {
        await SeedLargeTenantAsync();
        var sec = await App.SignedInAsync("sec");
        var page = await sec.GetStringAsync("/Admin/Grants");
        page.ShouldContain("id=\"grant-org-search\"");
        System.Text.RegularExpressions.Regex.Count(page, "id=\"org-search\"").ShouldBe(1, "the switcher's search box and the form's have their own ids");
        page.ShouldContain($"{World.R.Name}（党委）");
        page.ShouldNotContain(Deep);
        page.ShouldNotContain("丙01公司第1党支部");

        var found = await sec.GetStringAsync("/Admin/Grants?handler=Orgs&q=" + Uri.EscapeDataString("深井") + "&role=" + nameof(Role.OrgAdmin));
        found.ShouldContain($"{Deep}（党支部） · 丙七车间党总支");
        found.ShouldContain($"{OtherBranch}（党支部）");
        found.ShouldNotContain("<html");
        // a 党委 role does not fit a branch: offered but disabled (the server checks again on granting)
        System.Text.RegularExpressions.Regex.IsMatch(found, "data-type=\"党支部\" disabled").ShouldBeTrue();
        var fits = await sec.GetStringAsync("/Admin/Grants?handler=Orgs&q=" + Uri.EscapeDataString(Deep) + "&role=" + nameof(Role.BranchSecretary));
        fits.ShouldNotContain("disabled=\"disabled\">" + Deep);
        fits.ShouldContain(Deep);
        (await sec.GetStringAsync("/Admin/Grants?handler=Orgs&q=" + Uri.EscapeDataString("没有这个组织"))).ShouldContain("未找到组织");

        var deepId = await App.ScalarAsync($"SELECT id FROM organizations WHERE name = '{Deep}'");
        var granted = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = World.UserIds["mem"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = nameof(Role.BranchSecretary), ["orgId"] = deepId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/Admin/Grants");
        (await granted.Content.ReadAsStringAsync()).ShouldContain("已授予角色");

        // the grant form's search is the 安全管理员's: others are refused
        (await (await App.SignedInAsync("orgadmin")).GetAsync("/Admin/Grants?handler=Orgs&q=x")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
