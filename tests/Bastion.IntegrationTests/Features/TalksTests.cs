using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>谈心谈话 through HTTP: recording with its checks, the year's list, coverage and follow-ups.</summary>
public sealed class TalksTests(AppFactory app) : AppTest(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateOnly Today => TimeProvider.System.Today();
    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>World's A1 member becomes 书记 of A1 from 2020; returns (secretary, another member of A1).</summary>
    private Task<(long Secretary, long Member)> SetUpAsync() => App.WithDbAsync(async db =>
    {
        var secretary = World.MemberInOrg[World.A1.Id];
        var term = new OrgTerm { OrgId = World.A1.Id, Number = 1, StartDate = new DateOnly(2020, 1, 1), DueDate = new DateOnly(2030, 1, 1), CreatedAt = DateTimeOffset.UtcNow };
        db.Add(term);
        await db.SaveChangesAsync();
        db.Add(new OrgTermMember { TermId = term.Id, Post = CommitteePost.书记, Name = "测试党员3", MemberId = secretary, AppointedAt = new DateOnly(2020, 1, 1) });
        var birth = new DateOnly(1990, 4, 4);
        var m = new Member
        {
            OrgId = World.A1.Id, Name = "谈话对象", Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110105", birth, 222), BirthDate = birth,
            Category = MemberCategory.预备党员, JoinedAt = new DateOnly(2015, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return (secretary, m.Id);
    });

    private static Dictionary<string, string> Fields(long talker, long member, DateOnly on, string topics, string? followUp = null) => new()
    {
        ["Talk.TalkerId"] = S(talker), ["Talk.MemberId"] = S(member), ["Talk.HeldOn"] = Iso(on), ["Talk.Topics"] = topics, ["Talk.FollowUp"] = followUp ?? "",
    };

    private async Task<string> PostAsync(HttpClient c, string handler, Dictionary<string, string> f, long? org = null)
    {
        var o = org ?? World.A1.Id;
        var res = await AppFactory.PostFormAsync(c, $"/Talks?handler={handler}&org={o}", f, $"/Talks?org={o}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await res.Content.ReadAsStringAsync();
    }

    private Task<List<Talk>> TalksAsync() => App.WithDbAsync(db => db.Set<Talk>().AsNoTracking().OrderBy(t => t.Id).ToListAsync());

    [Fact]
    public async Task A_committee_member_talks_with_a_member_and_the_coverage_shrinks()
    {
        var (secretary, member) = await SetUpAsync();
        var c = await App.SignedInAsync("branchsec");
        var before = await c.GetStringAsync($"/Talks?org={World.A1.Id}");
        before.ShouldContain("id=\"coverage-fraction\">0/2</span> 人");
        before.ShouldContain("谈话对象</span>");

        var html = await PostAsync(c, "Record", Fields(secretary, member, Today, "工作和思想情况", "关心家庭困难"));
        html.ShouldContain("已登记谈心谈话");
        html.ShouldContain("id=\"coverage-fraction\">1/2</span> 人");
        var talk = (await TalksAsync()).ShouldHaveSingleItem();
        (talk.OrgId, talk.TalkerMemberId, talk.MemberId, talk.HeldOn, talk.Topics, talk.FollowUp).ShouldBe((World.A1.Id, secretary, member, Today, "工作和思想情况", "关心家庭困难"));
        html.ShouldNotContain("谈话对象</span>");
    }

    [Fact]
    public async Task The_api_records_a_talk_and_refuses_bad_input_with_field_errors_writing_nothing()
    {
        var (secretary, member) = await SetUpAsync();
        var api = await App.BearerAsync("branchsec");
        var bad = await api.PostAsJsonAsync($"/api/v1/talks?org={World.A1.Id}", new { talkerId = member, memberId = secretary, heldOn = Iso(Today.AddDays(1)), topics = "" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadAsStringAsync();
        problem.ShouldContain("谈话日期不能晚于今天");
        (await TalksAsync()).ShouldBeEmpty();

        var ok = await api.PostAsJsonAsync($"/api/v1/talks?org={World.A1.Id}", new { talkerId = secretary, memberId = member, heldOn = Iso(Today), topics = "学习和工作情况" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await ok.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        var talk = (await TalksAsync()).ShouldHaveSingleItem();
        (talk.Id, talk.TalkerMemberId, talk.MemberId, talk.Topics).ShouldBe((id, secretary, member, "学习和工作情况"));

        // another branch's secretary scope: B1 is outside branchsec's grant
        (await api.PostAsJsonAsync($"/api/v1/talks?org={World.B1.Id}", new { talkerId = secretary, memberId = member, heldOn = Iso(Today), topics = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_talk_on_a_day_the_clock_has_not_reached_is_refused_until_the_clock_reaches_it()
    {
        var (secretary, member) = await SetUpAsync();
        var api = await App.BearerAsync("branchsec");
        var day = App.Clock.Today().AddDays(3);
        object Talk() => new { talkerId = secretary, memberId = member, heldOn = Iso(day), topics = "学习和工作情况" };
        var early = await api.PostAsJsonAsync($"/api/v1/talks?org={World.A1.Id}", Talk());
        early.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await early.Content.ReadAsStringAsync()).ShouldContain("谈话日期不能晚于今天");

        // "today" is the application's clock, not the machine's
        App.Clock.Advance(TimeSpan.FromDays(4));
        api = await App.BearerAsync("branchsec"); // a token lasts hours
        (await api.PostAsJsonAsync($"/api/v1/talks?org={World.A1.Id}", Talk())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await TalksAsync()).ShouldHaveSingleItem().HeldOn.ShouldBe(day);
    }

    [Fact]
    public async Task A_talker_off_the_committee_a_member_of_another_branch_a_future_date_and_missing_topics_are_refused()
    {
        var (secretary, member) = await SetUpAsync();
        var c = await App.SignedInAsync("branchsec");
        (await PostAsync(c, "Record", Fields(member, secretary, Today, "x"))).ShouldContain("谈话人须为谈话当日在任的支部委员");
        (await PostAsync(c, "Record", Fields(secretary, member, new DateOnly(2019, 6, 1), "x"))).ShouldContain("谈话人须为谈话当日在任的支部委员");
        (await PostAsync(c, "Record", Fields(secretary, World.MemberInOrg[World.B1.Id], Today, "x"))).ShouldContain("谈话对象须为谈话当日本支部的党员");
        (await PostAsync(c, "Record", Fields(secretary, member, Today.AddDays(1), "x"))).ShouldContain("谈话日期不能晚于今天");
        (await PostAsync(c, "Record", Fields(secretary, member, Today, "  "))).ShouldContain("请填写谈话内容");
        (await PostAsync(c, "Record", Fields(secretary, secretary, Today, "x"))).ShouldContain("谈话人和谈话对象不能是同一人");
        (await PostAsync(c, "Record", Fields(secretary, member, Today, "x"), World.A.Id)).ShouldContain("谈心谈话由党支部登记");
        (await TalksAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_member_who_left_before_the_date_is_not_on_that_days_roster()
    {
        var (secretary, member) = await SetUpAsync();
        await App.ExecAsync($"UPDATE member_memberships SET from_date = '{Iso(Today.AddDays(-2))}' WHERE member_id = {member}");
        var c = await App.SignedInAsync("branchsec");
        (await PostAsync(c, "Record", Fields(secretary, member, Today.AddDays(-10), "x"))).ShouldContain("谈话对象须为谈话当日本支部的党员");
        (await TalksAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_follow_up_is_edited_later_and_the_list_filters_by_member_and_year()
    {
        var (secretary, member) = await SetUpAsync();
        var c = await App.SignedInAsync("branchsec");
        await PostAsync(c, "Record", Fields(secretary, member, Today, "第一次谈话"));
        var id = (await TalksAsync()).Single().Id;
        (await PostAsync(c, "FollowUp", new() { ["id"] = S(id), ["followUp"] = "已协调解决" })).ShouldContain("已更新后续跟进");
        (await TalksAsync()).Single().FollowUp.ShouldBe("已协调解决");
        (await PostAsync(c, "FollowUp", new() { ["id"] = S(id), ["followUp"] = new string('长', 1001) })).ShouldContain("后续跟进不能超过1000个字");

        (await c.GetStringAsync($"/Talks?org={World.A1.Id}&member={member}")).ShouldContain("第一次谈话");
        (await c.GetStringAsync($"/Talks?org={World.A1.Id}&member={secretary}")).ShouldNotContain("第一次谈话");
        (await c.GetStringAsync($"/Talks?org={World.A1.Id}&year={Today.Year - 1}")).ShouldNotContain("第一次谈话");
        // the superior reads the subtree's talks
        (await c.GetStringAsync($"/Talks?org={World.A.Id}")).ShouldContain("第一次谈话");
    }

    [Fact]
    public async Task An_inspector_reads_talks_but_cannot_record_them()
    {
        var (secretary, member) = await SetUpAsync();
        var c = await App.SignedInAsync("insp");
        (await c.GetAsync($"/Talks?org={World.A1.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var res = await AppFactory.PostFormAsync(c, $"/Talks?handler=Record&org={World.A1.Id}", Fields(secretary, member, Today, "x"), $"/Talks?org={World.A1.Id}");
        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await TalksAsync()).ShouldBeEmpty();
    }
}
