using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>The record tabs of a member (党内职务, 奖惩, 家庭成员, photo) on /Members/Details.</summary>
public sealed partial class MemberRecordTabsTests(AppFactory app) : AppTest(app)
{
    private long MemberA1 => World.MemberInOrg[World.A1.Id];
    private string Details => $"/Members/Details/{MemberA1}";

    private Task<long> CountAsync(string table) => App.ScalarAsync($"SELECT count(*) FROM {table}");

    private Task<HttpResponseMessage> PostAsync(HttpClient c, string handler, Dictionary<string, string> fields, string query = "") =>
        AppFactory.PostFormAsync(c, $"{Details}?handler={handler}{query}", fields, Details);

    private static Dictionary<string, string> Reward(string kind, string title) => new()
    {
        ["RewardForm.Kind"] = kind, ["RewardForm.Date"] = "2024-05-06", ["RewardForm.Title"] = title,
        ["RewardForm.Issuer"] = "甲公司党委", ["RewardForm.DocNo"] = "甲党〔2024〕8号",
    };

    [Fact]
    public async Task Disciplinary_records_are_hidden_from_the_branch_secretary_and_shown_and_audited_for_the_org_admin()
    {
        var admin = await App.SignedInAsync("orgadmin");
        (await PostAsync(admin, "AddReward", Reward("奖励", "优秀共产党员"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostAsync(admin, "AddReward", Reward("惩处", "党内警告处分"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM member_rewards_penalties WHERE member_id = {MemberA1} AND org_id = {World.A1.Id}")).ShouldBe(2);

        var secretary = await App.SignedInAsync("branchsec");
        var hidden = await secretary.GetStringAsync(Details);
        hidden.ShouldContain("优秀共产党员");
        hidden.ShouldContain("惩处记录 1 条（无权查看详情）");
        hidden.ShouldNotContain("党内警告处分");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = '{Bastion.Features.Members.DisciplineRecords.ViewAction}'")).ShouldBe(0);

        var shown = await admin.GetStringAsync(Details + "?tab=rewards");
        shown.ShouldContain("党内警告处分");
        shown.ShouldNotContain("无权查看详情");
        shown.ShouldContain("本次查看已记入审计日志");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view_discipline' AND entity_id = '{MemberA1}' AND actor_name = 'orgadmin' AND org_id = {World.A1.Id} AND after->>'count' = '1'"))
            .ShouldBe(1);
    }

    [Fact]
    public async Task The_branch_secretary_can_neither_record_nor_remove_a_disciplinary_record()
    {
        var secretary = await App.SignedInAsync("branchsec");
        var refused = await PostAsync(secretary, "AddReward", Reward("惩处", "严重警告"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("您没有录入权限");
        (await CountAsync("member_rewards_penalties")).ShouldBe(0);

        var admin = await App.SignedInAsync("orgadmin");
        await PostAsync(admin, "AddReward", Reward("惩处", "严重警告"));
        var row = await App.ScalarAsync("SELECT id FROM member_rewards_penalties");
        (await PostAsync(secretary, "RemoveRow", [], $"&tab=rewards&rowId={row}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync("member_rewards_penalties")).ShouldBe(1);
        (await PostAsync(admin, "RemoveRow", [], $"&tab=rewards&rowId={row}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CountAsync("member_rewards_penalties")).ShouldBe(0);
        // the deletion is audited, the disciplinary record itself is not
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'member_rewards_penalties' AND action = 'delete' AND entity_id = '{row}' AND before->>'member_id' = '{MemberA1}'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE concat(before::text, after::text) LIKE '%严重警告%'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_party_post_ending_before_it_starts_is_refused_beside_the_field_and_nothing_is_written()
    {
        var c = await App.SignedInAsync("branchsec");
        var r = await PostAsync(c, "AddPost", new() { ["PostForm.Title"] = "支部书记", ["PostForm.OrgName"] = "甲一党支部", ["PostForm.StartDate"] = "2021-03-01", ["PostForm.EndDate"] = "2020-12-31" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("免职日期不能早于任职日期");
        html.ShouldContain("is-invalid");
        html.ShouldContain("id=\"PostForm_Title\" name=\"PostForm.Title\" value=\"支部书记\"", customMessage: "the typed values are kept");
        (await CountAsync("member_posts")).ShouldBe(0);

        var ok = await PostAsync(c, "AddPost", new() { ["PostForm.Title"] = "组织委员", ["PostForm.OrgName"] = "甲一党支部", ["PostForm.StartDate"] = "2021-03-01", ["PostForm.EndDate"] = "" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ok.Headers.Location!.ToString().ShouldContain("tab=posts");
        var page = await c.GetStringAsync(ok.Headers.Location!.ToString());
        page.ShouldContain("组织委员");
        page.ShouldContain("现任");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'member_posts' AND action = 'create' AND actor_name = 'branchsec' AND org_id = {World.A1.Id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Family_members_are_added_with_a_known_relation_and_removed()
    {
        var c = await App.SignedInAsync("branchsec");
        var bad = await PostAsync(c, "AddFamily", new() { ["FamilyForm.Name"] = "", ["FamilyForm.Relation"] = "朋友" });
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("请填写家庭成员姓名");
        html.ShouldContain("与本人关系请选择");
        (await CountAsync("member_family_members")).ShouldBe(0);

        (await PostAsync(c, "AddFamily", new() { ["FamilyForm.Name"] = "李芳", ["FamilyForm.Relation"] = "配偶", ["FamilyForm.Employer"] = "市第一中学", ["FamilyForm.Post"] = "教师", ["FamilyForm.PoliticalStatus"] = "群众" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await c.GetStringAsync(Details + "?tab=family")).ShouldContain("李芳");
        var row = await App.ScalarAsync("SELECT id FROM member_family_members");
        (await PostAsync(c, "RemoveRow", [], $"&tab=family&rowId={row}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CountAsync("member_family_members")).ShouldBe(0);
    }

    [Fact]
    public async Task Readers_without_member_manage_cannot_change_the_record()
    {
        var inspector = await App.SignedInAsync("insp");
        var page = await inspector.GetStringAsync(Details);
        page.ShouldNotContain("id=\"post-form\"");
        page.ShouldNotContain("id=\"photo-form\"");
        (await PostAsync(inspector, "AddPost", new() { ["PostForm.Title"] = "支部书记", ["PostForm.OrgName"] = "x", ["PostForm.StartDate"] = "2021-03-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync("member_posts")).ShouldBe(0);
    }

    // ---- photo ----

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private async Task<HttpResponseMessage> UploadAsync(HttpClient c, byte[] content, string fileName, string contentType)
    {
        var html = await c.GetStringAsync(Details);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "photo", fileName);
        return await c.PostAsync($"{Details}?handler=Photo", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task A_program_renamed_to_jpg_is_refused_by_its_content()
    {
        var c = await App.SignedInAsync("branchsec");
        var exe = new byte[4096];
        "MZ\x90\0\x03\0\0\0"u8.CopyTo(exe);
        var r = await UploadAsync(c, exe, "证件照.jpg", "image/jpeg");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("照片须为 JPEG 或 PNG 图片");
        html.ShouldContain("id=\"photo-error\"");
        (await CountAsync("member_photos")).ShouldBe(0);
    }

    [Fact]
    public async Task A_photo_above_two_megabytes_is_refused()
    {
        var c = await App.SignedInAsync("branchsec");
        var big = new byte[MemberRecordRules.PhotoMaxBytes + 1];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        var r = await UploadAsync(c, big, "big.jpg", "image/jpeg");
        (await r.Content.ReadAsStringAsync()).ShouldContain("照片不能超过2MB");
        (await CountAsync("member_photos")).ShouldBe(0);
    }

    [Fact]
    public async Task A_png_named_jpg_is_stored_as_png_served_like_the_member_record_and_audited_without_its_bytes()
    {
        var c = await App.SignedInAsync("branchsec");
        var r = await UploadAsync(c, Png, "photo.jpg", "application/octet-stream");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        (await c.GetStringAsync(Details)).ShouldContain("id=\"member-photo\"");

        var served = await c.GetAsync($"{Details}?handler=Photo");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(Png);

        var api = await App.BearerAsync("branchsec");
        (await api.GetByteArrayAsync($"/api/v1/members/{MemberA1}/photo")).ShouldBe(Png);
        // out of sight: answered as a missing member (no existence oracle)
        (await api.GetAsync($"/api/v1/members/{World.MemberInOrg[World.B1.Id]}/photo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await App.SignedInAsync("orgadmin")).GetAsync($"/Members/Details/{World.MemberInOrg[World.U.Id]}?handler=Photo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // the row proves a photo was stored, and holds neither its bytes, its length nor its hash
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'member_photos' AND action = 'create' AND after->>'content' = '{Bastion.Data.AuditClassification.ChangedMarker}'")).ShouldBe(1);
    }
}
