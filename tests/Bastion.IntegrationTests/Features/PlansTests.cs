using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.Features.Plans;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bastion.IntegrationTests.Features;

/// <summary>工作计划 through HTTP: plans, the 主题党日 day, generating and copying, the subtree view and the API.</summary>
public sealed class PlansTests(AppFactory app) : AppTest(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateOnly Today => TimeProvider.System.Today();

    private static Dictionary<string, string> PlanFields(DateOnly date, string topic, params string[] types)
    {
        var f = new Dictionary<string, string> { ["Plan.Date"] = Iso(date), ["Plan.Time"] = "14:30", ["Plan.Topic"] = topic, ["Plan.Place"] = "党员活动室" };
        for (var i = 0; i < types.Length; i++) f[$"Plan.Types[{i}]"] = types[i];
        return f;
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient c, long org, string handler, Dictionary<string, string> fields, string extra = "") =>
        await AppFactory.PostFormAsync(c, $"/Plans?handler={handler}&org={org}{extra}", fields, $"/Plans?org={org}");

    private Task<List<Meeting>> MeetingsAsync(long org) =>
        App.WithDbAsync(db => db.Set<Meeting>().AsNoTracking().Where(m => m.OrgId == org).OrderBy(m => m.HeldAt).ToListAsync());

    private Task<long> AddMeetingAsync(long org, DateTimeOffset at, MeetingKinds kinds, MeetingState state, string topic) => App.WithDbAsync(async db =>
    {
        var m = new Meeting { OrgId = org, Kinds = kinds, State = state, HeldAt = at, Topic = topic, Place = "会议室", CreatedAt = DateTimeOffset.UtcNow };
        db.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    [Fact]
    public async Task The_api_creates_a_plan_with_the_pages_rules()
    {
        var api = await App.BearerAsync("branchsec");
        var day = Today.AddDays(5);
        var bad = await api.PostAsJsonAsync($"/api/v1/plans?org={World.A1.Id}", new { types = new[] { "支部党员大会", "茶话会" }, date = Iso(Today.AddDays(-1)), time = "14:30", topic = "" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("茶话会");
        (await MeetingsAsync(World.A1.Id)).ShouldBeEmpty();
        (await api.PostAsJsonAsync($"/api/v1/plans?org={World.A.Id}", new { types = new[] { "党课" }, date = Iso(day), time = "09:00", topic = "党课" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest); // a 党委 holds no branch plans

        var ok = await api.PostAsJsonAsync($"/api/v1/plans?org={World.A1.Id}", new { types = new[] { "支部党员大会", "党课" }, date = Iso(day), time = "14:30", topic = "季度党员大会", place = "活动室" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);
        var plan = (await MeetingsAsync(World.A1.Id)).ShouldHaveSingleItem();
        (plan.State, plan.Kinds, plan.Topic, plan.Place).ShouldBe((MeetingState.计划, MeetingKinds.支部党员大会 | MeetingKinds.党课, "季度党员大会", "活动室"));
        PlanRules.LocalDate(plan.HeldAt).ShouldBe(day);
    }

    [Fact]
    public async Task A_secretary_plans_a_meeting_that_counts_for_two_types_and_sees_it_in_the_month()
    {
        var c = await App.SignedInAsync("branchsec");
        var day = Today.AddDays(3);
        var res = await PostAsync(c, World.A1.Id, "Create", PlanFields(day, "学习贯彻全会精神", "主题党日", "党课"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.Content.ReadAsStringAsync()).ShouldContain("已新建计划");

        var plan = (await MeetingsAsync(World.A1.Id)).ShouldHaveSingleItem();
        plan.State.ShouldBe(MeetingState.计划);
        plan.Kinds.ShouldBe(MeetingKinds.主题党日 | MeetingKinds.党课);
        plan.HeldAt.ShouldBe(PlanRules.At(day, new TimeOnly(14, 30)));
        plan.Place.ShouldBe("党员活动室");
        plan.CreatedBy.ShouldBe("branchsec");

        var month = await c.GetStringAsync($"/Plans?org={World.A1.Id}&year={day.Year}&month={day.Month}");
        month.ShouldContain("学习贯彻全会精神");
        month.ShouldContain($"data-day=\"{Iso(day)}\"");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'meetings' AND entity_id = '{plan.Id}'")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_plan_in_the_past_without_types_or_topic_is_refused_with_messages_and_nothing_is_written()
    {
        var c = await App.SignedInAsync("branchsec");
        var html = await (await PostAsync(c, World.A1.Id, "Create", PlanFields(Today.AddDays(-1), " "))).Content.ReadAsStringAsync();
        html.ShouldContain("计划日期不能早于今天");
        html.ShouldContain("请至少选择一种会议类型");
        html.ShouldContain("请填写会议主题");
        html = await (await PostAsync(c, World.A1.Id, "Create", PlanFields(Today.AddDays(1), "x", "茶话会"))).Content.ReadAsStringAsync();
        html.ShouldContain("会议类型无效：茶话会");
        (await MeetingsAsync(World.A1.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_committee_cannot_hold_plans_of_its_own()
    {
        var c = await App.SignedInAsync("branchsec");
        var html = await (await PostAsync(c, World.A.Id, "Create", PlanFields(Today.AddDays(1), "党委会", "党课"))).Content.ReadAsStringAsync();
        html.ShouldContain("只有党支部");
        (await MeetingsAsync(World.A.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_inspector_may_view_plans_but_not_change_them()
    {
        var c = await App.SignedInAsync("insp");
        (await c.GetAsync($"/Plans?org={World.A1.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(c, World.A1.Id, "Create", PlanFields(Today.AddDays(1), "党课", "党课"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await MeetingsAsync(World.A1.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_plan_is_edited_and_cancelled_but_a_held_meeting_is_not()
    {
        var c = await App.SignedInAsync("branchsec");
        var plan = await AddMeetingAsync(World.A1.Id, PlanRules.At(Today.AddDays(5), new TimeOnly(9, 0)), MeetingKinds.支部委员会, MeetingState.计划, "支委会");
        var held = await AddMeetingAsync(World.A1.Id, PlanRules.At(Today.AddDays(-5), new TimeOnly(9, 0)), MeetingKinds.支部党员大会, MeetingState.已召开, "党员大会");

        var f = PlanFields(Today.AddDays(6), "支委会（改期）", "支部委员会");
        f["id"] = plan.ToString(CultureInfo.InvariantCulture);
        (await (await PostAsync(c, World.A1.Id, "Update", f)).Content.ReadAsStringAsync()).ShouldContain("计划已修改");
        f["id"] = held.ToString(CultureInfo.InvariantCulture);
        (await (await PostAsync(c, World.A1.Id, "Update", f)).Content.ReadAsStringAsync()).ShouldContain("只能修改计划中的会议");

        (await (await PostAsync(c, World.A1.Id, "Cancel", new() { ["id"] = held.ToString(CultureInfo.InvariantCulture) })).Content.ReadAsStringAsync())
            .ShouldContain("只能取消计划中的会议");
        (await (await PostAsync(c, World.A1.Id, "Cancel", new() { ["id"] = plan.ToString(CultureInfo.InvariantCulture) })).Content.ReadAsStringAsync())
            .ShouldContain("计划已取消");

        var rows = await MeetingsAsync(World.A1.Id);
        rows.Single(m => m.Id == plan).State.ShouldBe(MeetingState.已取消);
        rows.Single(m => m.Id == plan).Topic.ShouldBe("支委会（改期）");
        rows.Single(m => m.Id == held).State.ShouldBe(MeetingState.已召开);
        rows.Single(m => m.Id == held).Topic.ShouldBe("党员大会");
    }

    [Fact]
    public async Task A_plan_of_another_branch_cannot_be_cancelled_from_this_one()
    {
        var other = await AddMeetingAsync(World.B1.Id, PlanRules.At(Today.AddDays(5), new TimeOnly(9, 0)), MeetingKinds.党课, MeetingState.计划, "乙一党课");
        var secretary = await App.SignedInAsync("branchsec");
        (await (await PostAsync(secretary, World.A1.Id, "Cancel", new() { ["id"] = other.ToString(CultureInfo.InvariantCulture) })).Content.ReadAsStringAsync())
            .ShouldContain("计划不存在或不属于本支部");
        (await MeetingsAsync(World.B1.Id)).Single().State.ShouldBe(MeetingState.计划);
    }

    [Fact]
    public async Task The_theme_day_is_fixed_and_the_years_theme_days_are_generated_once()
    {
        var c = await App.SignedInAsync("branchsec");
        var bad = await (await PostAsync(c, World.A1.Id, "ThemeDay", new() { ["themeDay"] = "31" })).Content.ReadAsStringAsync();
        bad.ShouldContain("主题党日应固定在每月1日至28日之间");
        (await (await PostAsync(c, World.A1.Id, "Generate", new())).Content.ReadAsStringAsync()).ShouldContain("请先设置每月主题党日的固定日期");

        (await (await PostAsync(c, World.A1.Id, "ThemeDay", new() { ["themeDay"] = "20", ["themeTime"] = "15:00", ["themePlace"] = "三楼会议室" })).Content.ReadAsStringAsync())
            .ShouldContain("主题党日已固定为每月20日");

        // a month that already has one is skipped
        var year = Today.Year + 1;
        await AddMeetingAsync(World.A1.Id, PlanRules.At(new DateOnly(year, 4, 3), new TimeOnly(9, 0)), MeetingKinds.主题党日 | MeetingKinds.党课, MeetingState.计划, "四月");
        var html = await (await PostAsync(c, World.A1.Id, "Generate", new(), $"&year={year}")).Content.ReadAsStringAsync();
        html.ShouldContain($"已生成{year}年主题党日计划11个，跳过1个（已有主题党日）");

        var theme = (await MeetingsAsync(World.A1.Id)).Where(m => m.HeldAt.Year == year && m.Topic != "四月").ToList();
        theme.Count.ShouldBe(11);
        theme.ShouldAllBe(m => m.Kinds == MeetingKinds.主题党日 && m.State == MeetingState.计划 && m.Place == "三楼会议室");
        theme.Select(m => PlanRules.LocalDate(m.HeldAt).Day).Distinct().ShouldBe([20]);
        theme.Select(m => PlanRules.LocalTime(m.HeldAt)).Distinct().ShouldBe([new TimeOnly(15, 0)]);

        (await (await PostAsync(c, World.A1.Id, "Generate", new(), $"&year={year}")).Content.ReadAsStringAsync())
            .ShouldContain($"已生成{year}年主题党日计划0个，跳过12个（已有主题党日）");
    }

    [Fact]
    public async Task Generating_this_years_theme_days_skips_the_days_already_past()
    {
        var c = await App.SignedInAsync("branchsec");
        await PostAsync(c, World.A1.Id, "ThemeDay", new() { ["themeDay"] = "15" });
        await PostAsync(c, World.A1.Id, "Generate", new(), $"&year={Today.Year}");
        var expected = Enumerable.Range(1, 12).Count(m => new DateOnly(Today.Year, m, 15) >= Today);
        (await MeetingsAsync(World.A1.Id)).Count.ShouldBe(expected);
    }

    [Fact]
    public async Task Last_years_plans_are_copied_to_the_same_months_and_a_second_copy_skips_duplicates()
    {
        var c = await App.SignedInAsync("branchsec");
        await PostAsync(c, World.A1.Id, "ThemeDay", new() { ["themeDay"] = "8" });
        var source = Today.Year;
        await AddMeetingAsync(World.A1.Id, PlanRules.At(new DateOnly(source, 3, 15), new TimeOnly(14, 30)), MeetingKinds.主题党日, MeetingState.已召开, "三月主题党日");
        await AddMeetingAsync(World.A1.Id, PlanRules.At(new DateOnly(source, 5, 31), new TimeOnly(9, 0)), MeetingKinds.支部委员会, MeetingState.计划, "五月支委会");
        await AddMeetingAsync(World.A1.Id, PlanRules.At(new DateOnly(source, 6, 10), new TimeOnly(9, 0)), MeetingKinds.党课, MeetingState.已取消, "取消的党课");

        var html = await (await PostAsync(c, World.A1.Id, "Copy", new(), $"&year={source + 1}")).Content.ReadAsStringAsync();
        html.ShouldContain($"已从{source}年的2项安排复制2个计划");
        var copied = (await MeetingsAsync(World.A1.Id)).Where(m => m.HeldAt.Year == source + 1).ToList();
        copied.Select(m => (PlanRules.LocalDate(m.HeldAt), PlanRules.LocalTime(m.HeldAt), m.Kinds, m.Topic, m.State)).ShouldBe([
            (new DateOnly(source + 1, 3, 8), new TimeOnly(14, 30), MeetingKinds.主题党日, "三月主题党日", MeetingState.计划),
            (new DateOnly(source + 1, 5, 31), new TimeOnly(9, 0), MeetingKinds.支部委员会, "五月支委会", MeetingState.计划),
        ]);

        (await (await PostAsync(c, World.A1.Id, "Copy", new(), $"&year={source + 1}")).Content.ReadAsStringAsync())
            .ShouldContain("复制0个计划，跳过2个（重复）");
        (await (await PostAsync(c, World.A1.Id, "Copy", new(), $"&year={source + 3}")).Content.ReadAsStringAsync())
            .ShouldContain("只能复制到今年或明年");
    }

    [Fact]
    public async Task A_superior_sees_its_subtrees_plans_filtered_by_child_and_not_those_of_others()
    {
        var day = Today.AddDays(10);
        await AddMeetingAsync(World.A1.Id, PlanRules.At(day, new TimeOnly(9, 0)), MeetingKinds.党课, MeetingState.计划, "甲一党课");
        await AddMeetingAsync(World.B1.Id, PlanRules.At(day, new TimeOnly(9, 0)), MeetingKinds.党课, MeetingState.计划, "乙一党课");
        var c = await App.SignedInAsync("orgadmin");
        var page = await c.GetStringAsync($"/Plans?org={World.A.Id}&view=year&year={day.Year}");
        page.ShouldContain("甲一党课");
        page.ShouldContain("甲一党支部");
        page.ShouldNotContain("乙一党课");
        page.ShouldNotContain("id=\"plan-form\"");
        // a child that is not ours is ignored rather than followed
        (await c.GetStringAsync($"/Plans?org={World.A.Id}&view=year&year={day.Year}&child={World.B.Id}")).ShouldNotContain("乙一党课");
        (await c.GetStringAsync($"/Plans?org={World.A.Id}&view=year&year={day.Year}&child={World.A1.Id}")).ShouldContain("甲一党课");
        (await c.GetAsync($"/Plans?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_api_lists_the_planned_meetings_of_the_subtree_for_a_year()
    {
        var day = Today.AddDays(10);
        await AddMeetingAsync(World.A1.Id, PlanRules.At(day, new TimeOnly(9, 0)), MeetingKinds.党课 | MeetingKinds.主题党日, MeetingState.计划, "甲一党课");
        await AddMeetingAsync(World.A1.Id, PlanRules.At(day.AddDays(1), new TimeOnly(9, 0)), MeetingKinds.党课, MeetingState.已取消, "取消的");
        await AddMeetingAsync(World.B1.Id, PlanRules.At(day, new TimeOnly(9, 0)), MeetingKinds.党课, MeetingState.计划, "乙一党课");
        var api = await App.BearerAsync("branchsec");
        var list = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/plans?org={World.A.Id}&year={day.Year}");
        var item = list.ShouldHaveSingleItem();
        item.GetProperty("topic").GetString().ShouldBe("甲一党课");
        item.GetProperty("orgName").GetString().ShouldBe("甲一党支部");
        item.GetProperty("types").EnumerateArray().Select(t => t.GetString()).ShouldBe(["党课", "主题党日"]);
        item.GetProperty("state").GetString().ShouldBe("计划");
        (await api.GetAsync($"/api/v1/plans?org={World.B.Id}&year={day.Year}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.GetAsync($"/api/v1/plans?org={World.A.Id}&year=1900")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
