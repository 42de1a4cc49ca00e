using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Abuse;

/// <summary>
/// Issue 12 item 2: the dashboard collapsed under 100 connections (synchronous database calls starved the thread pool).
/// The load itself is measured by bench/load.sh; here: the guard that refuses a synchronous call, a crowd of views that
/// all answer, and the dashboard's cached figures following every write (audited or not).
/// </summary>
public sealed class LoadAbuseTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task A_synchronous_database_call_is_refused_under_strict_queries_and_its_async_form_is_not()
    {
        var e = await Should.ThrowAsync<InvalidOperationException>(() => App.WithDbAsync(db => Task.FromResult(db.Members.Count())));
        e.Message.ShouldContain("Synchronous database call");
        await Should.ThrowAsync<InvalidOperationException>(() => App.WithDbAsync(db => Task.FromResult(db.Organizations.ToList().Count)));
        await Should.ThrowAsync<NotSupportedException>(() => App.WithDbAsync(db => Task.FromResult(db.SaveChanges())));

        (await App.WithDbAsync(db => db.Members.CountAsync())).ShouldBeGreaterThan(0);
        (await App.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_hundred_parallel_dashboard_views_all_answer_and_the_app_stays_ready()
    {
        var web = await App.SignedInAsync("orgadmin");
        var expected = Num(await web.GetStringAsync($"/?org={World.A.Id}"), "stat-members");

        var views = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var r = await web.GetAsync($"/?org={World.A.Id}");
            return (r.StatusCode, Html: await r.Content.ReadAsStringAsync());
        }));

        views.Select(v => v.StatusCode).Distinct().ShouldBe([HttpStatusCode.OK]);
        views.ShouldAllBe(v => Num(v.Html, "stat-members") == expected);
        (await App.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_dashboard_figures_follow_every_write_even_one_without_an_audit_row()
    {
        var web = await App.SignedInAsync("orgadmin");
        var url = $"/?org={World.A.Id}";
        var before = await web.GetStringAsync(url);
        Num(await web.GetStringAsync(url), "stat-members").ShouldBe(Num(before, "stat-members")); // the figures again, now from the cache

        // through the application (audited)
        var id = await App.WithDbAsync(async db =>
        {
            var m = new Member
            {
                OrgId = World.A1.Id, Name = "并发测试党员", Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110105", new DateOnly(1990, 5, 6), 402),
                BirthDate = new DateOnly(1990, 5, 6), Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2015, 7, 1), ConfirmedAt = new DateOnly(2016, 7, 1),
                PartyStatus = PartyStatus.正常, CreatedAt = App.Clock.GetUtcNow(),
            };
            db.Members.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });
        var added = await web.GetStringAsync(url);
        Num(added, "stat-members").ShouldBe(Num(before, "stat-members") + 1);
        var probationary = Num(added, "stat-probationary");

        // behind the application's back (no audit row): still seen at once
        await App.ExecAsync($"UPDATE members SET category = '预备党员', confirmed_at = NULL WHERE id = {id}");
        Num(await web.GetStringAsync(url), "stat-probationary").ShouldBe(probationary + 1);
    }

    [Fact]
    public async Task The_member_list_total_follows_every_write_even_one_without_an_audit_row()
    {
        var api = await App.BearerAsync("orgadmin");
        async Task<long> TotalAsync(string query = "")
        {
            using var doc = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"/api/v1/members?org={World.A.Id}&pageSize=5{query}"));
            return doc.RootElement.GetProperty("total").GetInt64();
        }
        var before = await TotalAsync();
        (await TotalAsync()).ShouldBe(before); // counted again under the same snapshot: from the cache
        var women = await TotalAsync("&gender=女");

        var id = await App.WithDbAsync(async db =>
        {
            var m = new Member
            {
                OrgId = World.A1.Id, Name = "计数测试党员", Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110105", new DateOnly(1991, 5, 6), 404),
                BirthDate = new DateOnly(1991, 5, 6), Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2015, 7, 1), ConfirmedAt = new DateOnly(2016, 7, 1),
                PartyStatus = PartyStatus.正常, CreatedAt = App.Clock.GetUtcNow(),
            };
            db.Members.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });
        (await TotalAsync()).ShouldBe(before + 1);
        (await TotalAsync("&gender=女")).ShouldBe(women + 1); // each filter has its own total

        // behind the application's back (no audit row): still seen at once
        await App.ExecAsync($"UPDATE members SET gender = '男' WHERE id = {id}");
        (await TotalAsync("&gender=女")).ShouldBe(women);
        (await TotalAsync()).ShouldBe(before + 1);
    }

    private static int Num(string html, string id)
    {
        var m = Regex.Match(html, $"id=\"{id}\">(\\d+)");
        m.Success.ShouldBeTrue($"#{id} not found");
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
