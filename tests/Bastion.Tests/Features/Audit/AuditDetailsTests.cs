using Bastion.Domain;
using Bastion.Features.Audit;

namespace Bastion.Tests.Features.Audit;

public class AuditDetailsTests
{
    [Fact]
    public void A_change_lists_the_changed_fields_with_chinese_names_first_and_counts_the_rest()
    {
        var fields = AuditDetails.Compare("members", """{"name":"张三","joined_at":"2015-07-01","is_mobile":false}""", """{"name":"张三","joined_at":"2015-08-01","is_mobile":true}""");
        var changed = fields.Where(f => f.Changed).ToList();
        changed.Select(f => f.Label).ShouldBe(["入党日期", "流动党员"], ignoreOrder: true);
        changed.Single(f => f.Name == "is_mobile").After.ShouldBe("是");
        fields.Count(f => !f.Changed).ShouldBe(1);
    }

    [Fact]
    public void Sign_in_details_and_account_events_written_in_English_read_in_Chinese()
    {
        var failure = AuditDetails.Compare("users", null, """{"detail":"wrong password"}""").Single();
        failure.Label.ShouldBe("说明");
        failure.After.ShouldBe("密码错误");
        AuditDetails.Compare("users", null, """{"detail":"unknown user"}""").Single().After.ShouldBe("用户名不存在");
        var bulk = AuditDetails.Compare("users", null, """{"delivery":"sms","scheme":"PrefixSequence"}""");
        bulk.Single(f => f.Name == "delivery").ShouldBe(new AuditDetails.Field("delivery", "密码交付", null, "短信发送", true));
        bulk.Single(f => f.Name == "scheme").After.ShouldBe("前缀加序号");
    }

    [Fact]
    public void Personal_data_is_masked_even_when_a_row_holds_it_in_clear()
    {
        var fields = AuditDetails.Compare("members", null, """{"id_number":"110105199001011234","mobile_contact":"13912345678","phone":"139****5678"}""");
        fields.Single(f => f.Name == "id_number").After.ShouldBe("110105********1234");
        fields.Single(f => f.Name == "mobile_contact").After.ShouldBe("139****5678");
        fields.Single(f => f.Name == "phone").After.ShouldBe("139****5678");
        var json = AuditDetails.Sanitize("users", """{"email":"zhangsan@example.com","user_name":"zs"}""")!;
        json.ShouldNotContain("zhangsan");
        json.ShouldContain("zs");
    }

    [Fact]
    public void Confidential_text_is_withheld_but_its_change_is_shown()
    {
        var fields = AuditDetails.Compare("member_rewards_penalties", """{"title":"党内警告","kind":"处分"}""", """{"title":"党内严重警告","kind":"处分"}""");
        var title = fields.Single(f => f.Name == "title");
        title.Changed.ShouldBeTrue();
        title.Before.ShouldBe(AuditDetails.WithheldText);
        title.After.ShouldBe(AuditDetails.WithheldText);
        AuditDetails.Summary("meetings", null, """{"minutes_html":"<p>讨论了某某同志的问题</p>"}""").ShouldNotContain("某某");
    }

    [Fact]
    public void A_field_recorded_only_as_changed_reads_as_changed_without_content()
    {
        var marker = Bastion.Data.AuditClassification.ChangedMarker;
        var fields = AuditDetails.Compare("inspection_findings", """{"state":"草稿"}""", $$"""{"state":"草稿","facts":"{{marker}}"}""");
        var facts = fields.Single(f => f.Name == "facts");
        facts.Changed.ShouldBeTrue();
        facts.Before.ShouldBeNull();
        facts.After.ShouldBe("已修改（内容不记录）");
        fields.Single(f => f.Name == "state").Changed.ShouldBeFalse();
        // a field the viewer would mask or withhold reads the same way; the API's JSON keeps the marker
        AuditDetails.Compare("import_jobs", null, $$"""{"report":"{{marker}}","phone":"{{marker}}"}""").Select(f => f.After).ShouldAllBe(a => a == AuditDetails.ChangedText);
        AuditDetails.Sanitize("members", $$"""{"party_status_reason":"{{marker}}"}""").ShouldBe($$"""{"party_status_reason":"{{marker}}"}""");
        AuditDetails.Summary("talks", """{"id":1}""", $$"""{"id":1,"topics":"{{marker}}"}""").ShouldBe("谈话内容：— → 已修改（内容不记录）");
    }

    [Fact]
    public void Older_rows_show_no_full_number_in_free_text_and_no_control_character_in_names()
    {
        var export = AuditDetails.Compare("members", null, """{"query":"?q=11010519491231002X&org=3","rows":1}""");
        export.Single(f => f.Name == "query").After.ShouldBe("?q=110105********002X&org=3");
        AuditDetails.Sanitize("members", """{"query":"?q=13912345678\r\n"}""").ShouldBe("""{"query":"?q=139****5678"}""");
        Bastion.Features.Audit.ListAuditEntries.Clean(new(1, DateTimeOffset.UnixEpoch, "ghost\r\nadmin", null, "signin", "users", null, null, null, null, "failure", null))
            .ActorName.ShouldBe("ghostadmin");
        Bastion.Features.Audit.ListAuditEntries.ExportRow(new(1, DateTimeOffset.UnixEpoch, "11010519491231002X", null, "signin", "users", null, null, null, null, "failure", null))[2]
            .ShouldBe("110105********002X");
    }

    [Fact]
    public void An_object_links_to_its_page_only_for_a_viewer_who_may_open_it()
    {
        var auditor = Roles.PermissionsOf(Role.AuditAdmin);
        var secretary = Roles.PermissionsOf(Role.BranchSecretary);
        AuditDetails.Object("meeting_attendance", "9685", null, """{"meeting_id":42,"member_id":7}""", auditor).ShouldBe(("会议出勤 9685", null));
        AuditDetails.Object("meeting_attendance", "9685", null, """{"meeting_id":42,"member_id":7}""", secretary).ShouldBe(("会议出勤 9685", "/Meetings/Details/42"));
        AuditDetails.Object("members", "7", null, null, secretary).Url.ShouldBe("/Members/Details/7");
        AuditDetails.Object("user_tokens", "3,[AspNetUserStore],AuthenticatorKey", null, null, auditor).Text.ShouldBe("账号 3 的身份验证器");
    }

    [Fact]
    public void Days_start_at_midnight_in_china()
    {
        ListAuditEntries.Start(new DateOnly(2026, 12, 7)).ShouldBe(new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.Zero));
        ListAuditEntries.Start(new DateOnly(2026, 12, 7)).Offset.ShouldBe(TimeSpan.Zero);
    }
}
