using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

public sealed class OrganizationTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task A_child_organization_gets_its_materialized_path_and_appears_under_its_parent()
    {
        var c = await App.BearerAsync("orgadmin");
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/children", new { name = "甲一第二党小组", type = "党小组" });
        r.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await r.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        created.GetProperty("path").GetString().ShouldBe($"{World.A1.Path}.{id}");
        (await App.ScalarAsync($"SELECT count(*) FROM organizations WHERE path <@ '{World.A.Path}'")).ShouldBe(4);
        var detail = await c.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{World.A1.Id}");
        detail.GetProperty("children").EnumerateArray().Select(x => x.GetProperty("name").GetString()).ShouldContain("甲一第二党小组");
    }

    [Fact]
    public async Task Type_rules_and_duplicate_names_are_refused_with_field_messages()
    {
        var c = await App.BearerAsync("orgadmin");
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/children", new { name = "甲一党支部", type = "党小组" });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("name")[0].GetString().ShouldBe("同一上级组织下已有同名组织");
        errors.GetProperty("type")[0].GetString().ShouldBe("党委下不能设立党小组");
        var badType = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/children", new { name = "新支部", type = "3" });
        (await badType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("type")[0].GetString()!.ShouldStartWith("请选择组织类型");
    }

    [Fact]
    public async Task The_tree_page_shows_member_counts_and_the_detail_page_creates_children()
    {
        await App.WithDbAsync(async db =>
        {
            db.Members.Add(new Bastion.Domain.Member
            {
                OrgId = World.A1.Id, Name = "李四", Gender = Bastion.Domain.Gender.女,
                IdNumber = Bastion.Domain.ChineseIdNumber.Compose("370102", new DateOnly(1990, 3, 4), 222), BirthDate = new DateOnly(1990, 3, 4),
                Category = Bastion.Domain.MemberCategory.正式党员, JoinedAt = new DateOnly(2015, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var c = await App.SignedInAsync("orgadmin");
        var tree = await c.GetStringAsync("/Organizations");
        tree.ShouldContain(World.A1.Name);
        tree.ShouldContain("2 名党员"); // the test world's member of 甲一 and this one
        var page = await c.GetStringAsync("/Organizations?q=甲一");
        var search = page[page.IndexOf("id=\"org-tree\"", StringComparison.Ordinal)..];
        search.ShouldContain(World.A1.Name);
        search.ShouldNotContain(">" + World.A.Name + "<");

        var bad = await AppFactory.PostFormAsync(c, $"/Organizations/Details/{World.A1.Id}", new() { ["Name"] = "", ["Type"] = "党小组" });
        (await bad.Content.ReadAsStringAsync()).ShouldContain("请输入组织名称");
        var ok = await AppFactory.PostFormAsync(c, $"/Organizations/Details/{World.A1.Id}", new() { ["Name"] = "甲一第三党小组", ["Type"] = "党小组" });
        (await ok.Content.ReadAsStringAsync()).ShouldContain("已新建“甲一第三党小组”");

        var member = await App.SignedInAsync("mem");
        var readOnly = await member.GetStringAsync($"/Organizations/Details/{World.A1.Id}");
        readOnly.ShouldNotContain("新建下级组织");
        (await AppFactory.PostFormAsync(member, $"/Organizations/Details/{World.A1.Id}", new() { ["Name"] = "越权", ["Type"] = "党小组" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync("SELECT count(*) FROM organizations WHERE name = '越权'")).ShouldBe(0);
    }
}
