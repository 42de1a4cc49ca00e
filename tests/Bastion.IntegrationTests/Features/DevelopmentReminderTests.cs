using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.Features.Development.Reminders;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The daily 发展党员 reminders with the app's clock moved: the 谈话 a week before and once overdue to the branch
/// secretary, the 审批 to the 党委's administrators too, 预备期满 30 days before; never twice, nothing personal but the name.
/// </summary>
public sealed class DevelopmentReminderTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(7, 15)) - TimeProvider.System.GetUtcNow();

    /// <summary>The job's run on the app's clock's day (under its advisory lock, as the hosted job does).</summary>
    private Task<DevelopmentReminders.Result?> RunAsync() =>
        App.WithDbAsync(db => DevelopmentReminderJob.RunLockedAsync(db, App.Clock, App.Clock.Today(), CancellationToken.None));

    private Task<long> NotificationsAsync(string user) =>
        App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds[user]} AND title LIKE '发展党员提醒%'");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // the test world grants every role on 甲公司党委; a branch secretary of 甲一党支部 receives the branch's reminders
        await App.ExecAsync($"INSERT INTO role_grants (user_id, role, org_id, granted_at) VALUES ({World.UserIds["branchsec"]}, '{Role.BranchSecretary}', {World.A1.Id}, now())");
    }

    [Fact]
    public async Task The_talk_is_reminded_a_week_before_and_once_overdue_to_the_branch_secretary_and_never_twice()
    {
        var id = await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "李申请", 30, DevelopmentState.申请人, ("1", "2026-03-10", null));
        SetToday(D("2026-04-02"));
        (await RunAsync())!.Reminders.ShouldBe(0);
        (await NotificationsAsync("branchsec")).ShouldBe(0);

        SetToday(D("2026-04-03"));
        var r = (await RunAsync())!;
        (r.Reminders, r.Notifications, r.Outbox).ShouldBe((1, 1, 1));
        var n = await App.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(x => x.UserId == World.UserIds["branchsec"]));
        n.Title.ShouldBe("发展党员提醒：李申请的入党谈话将于2026-04-10到期");
        n.Url.ShouldBe($"/Development/Case/{id}");
        n.OrgId.ShouldBe(World.A1.Id);
        (await NotificationsAsync("orgadmin")).ShouldBe(0, "a branch step goes to the branch");
        var outbox = await App.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync());
        outbox.Text.ShouldStartWith("【发展党员】发展党员提醒：李申请的入党谈话将于2026-04-10到期");
        outbox.Text.ShouldNotContain(DevelopmentDocumentTests.IdOf(30));

        // the job runs twice the same day, and again the next day: nothing new
        (await RunAsync())!.Reminders.ShouldBe(0);
        SetToday(D("2026-04-04"));
        (await RunAsync())!.Reminders.ShouldBe(0);
        (await NotificationsAsync("branchsec")).ShouldBe(1);

        // overdue: once
        SetToday(D("2026-04-11"));
        (await RunAsync())!.Reminders.ShouldBe(1);
        (await RunAsync())!.Reminders.ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM notifications WHERE title = '发展党员提醒：李申请的入党谈话已超期'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM compliance_reminders_sent WHERE key LIKE 'dev:{id}:%'")).ShouldBe(2);

        // once talked, nothing more
        await App.ExecAsync($"INSERT INTO development_steps (case_id, org_id, step, \"on\", recorded_at) VALUES ({id}, {World.A1.Id}, '2', '2026-04-12', now())");
        await App.ExecAsync($"UPDATE development_cases SET state = '{DevelopmentState.申请人已谈话}' WHERE id = {id}");
        SetToday(D("2026-05-20"));
        (await RunAsync())!.Reminders.ShouldBe(0);
    }

    [Fact]
    public async Task The_approval_goes_to_the_secretary_and_the_committee_administrators_and_the_end_of_probation_30_days_before()
    {
        await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "赵待批", 31, DevelopmentState.预备党员待审批, ("1", "2024-01-05", null), ("15", "2026-06-20", null));
        await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "钱预备", 32, DevelopmentState.预备党员, ("1", "2024-01-05", null), ("15", "2025-08-20", null), ("17", "2025-09-01", null));
        // a closed case is never reminded
        await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "孙撤回", 33, DevelopmentState.撤回申请, ("1", "2026-09-01", null));

        SetToday(D("2026-09-12"));
        (await RunAsync())!.Reminders.ShouldBe(0);
        SetToday(D("2026-09-13"));
        var r = (await RunAsync())!;
        (r.Reminders, r.Notifications).ShouldBe((1, 2));
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE title = '发展党员提醒：赵待批的接收预备党员审批将于2026-09-20到期' AND user_id IN ({World.UserIds["branchsec"]}, {World.UserIds["orgadmin"]})")).ShouldBe(2);

        SetToday(D("2026-09-21"));
        (await RunAsync())!.Reminders.ShouldBe(1);
        (await NotificationsAsync("orgadmin")).ShouldBe(2);

        // 钱预备: 预备期满 2026-08-20 has passed; a probation ending 2026-10-20 is reminded from 09-20
        await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "周预备", 34, DevelopmentState.预备党员, ("1", "2024-01-05", null), ("15", "2025-10-20", null), ("17", "2025-11-01", null));
        SetToday(D("2026-09-20"));
        (await RunAsync())!.Reminders.ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM notifications WHERE title = '发展党员提醒：周预备的预备期将于2026-10-20期满'")).ShouldBe(1);
        (await NotificationsAsync("orgadmin")).ShouldBe(2, "预备期满 goes to the branch");
        (await App.ScalarAsync("SELECT count(*) FROM notifications WHERE title LIKE '%钱预备%' OR title LIKE '%孙撤回%'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_case_waiting_for_the_receiving_branch_is_not_reminded_and_once_accepted_the_receiving_branch_is()
    {
        var id = await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "吴转接", 35, DevelopmentState.申请人, ("1", "2026-03-10", null));
        await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "郑留下", 36, DevelopmentState.申请人, ("1", "2026-03-10", null));
        SetToday(D("2026-04-01"));
        // B1 is outside the branch secretary's scope: the 转出 waits for B1
        var sent = await (await App.BearerAsync("branchsec")).PostAsJsonAsync($"/api/v1/development/cases/{id}/transfer", new { toOrgId = World.B1.Id, on = "2026-04-01", reason = "工作调动" });
        var body = await sent.Content.ReadAsStringAsync();
        sent.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var transfer = JsonDocument.Parse(body).RootElement.GetProperty("transfer").GetProperty("id").GetInt64();
        var b1sec = await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);

        // both 谈话 fall due 2026-04-10: only the case that stays is reminded, before and after the deadline
        SetToday(D("2026-04-03"));
        (await RunAsync())!.Reminders.ShouldBe(1);
        SetToday(D("2026-04-11"));
        (await RunAsync())!.Reminders.ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM notifications WHERE title LIKE '发展党员提醒：郑留下%'")).ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM notifications WHERE title LIKE '发展党员提醒：吴转接%'")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM compliance_reminders_sent WHERE key LIKE 'dev:{id}:%'")).ShouldBe(0);

        // accepted: a case of B1 like any other, reminded to B1's secretary
        var accepted = await (await App.BearerAsync("b1sec")).PostAsync($"/api/v1/development/transfers/{transfer}/accept", null);
        body = await accepted.Content.ReadAsStringAsync();
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var moved = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
        (await RunAsync())!.Reminders.ShouldBe(1);
        var n = await App.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(x => x.UserId == b1sec && x.Title.StartsWith("发展党员提醒")));
        (n.Title, n.Url, n.OrgId).ShouldBe(("发展党员提醒：吴转接的入党谈话已超期", $"/Development/Case/{moved}", World.B1.Id));
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE title LIKE '发展党员提醒：吴转接%' AND user_id = {World.UserIds["branchsec"]}")).ShouldBe(0);
        (await RunAsync())!.Reminders.ShouldBe(0);
    }
}
