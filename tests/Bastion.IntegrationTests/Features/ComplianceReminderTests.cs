using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bastion.IntegrationTests.Features;

public sealed class ComplianceReminderTests(AppFactory app) : AppTest(app)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 14, 30, 0, China);
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private int _second;

    private Task AddMeetingAsync(Organization org, MeetingKinds kinds, DateTimeOffset heldAt) => App.WithDbAsync(async db =>
    {
        db.Add(new Meeting
        {
            OrgId = org.Id, Kinds = kinds, State = MeetingState.已召开, HeldAt = heldAt.AddSeconds(_second++).ToUniversalTime(), Topic = "测试会议",
            Expected = 10, Present = 8, Absent = 2, QuorumMet = true, CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return 0;
    });

    /// <summary>Everything A1 (with its 党小组) owes in 2026Q3; without the 党员大会 and 党课 when <paramref name="general"/> is false.</summary>
    private async Task A1FullQuarterAsync(bool general = true)
    {
        foreach (var month in new[] { 7, 8, 9 })
        {
            await AddMeetingAsync(World.A1, MeetingKinds.支部委员会 | MeetingKinds.主题党日, At(2026, month, 10));
            await AddMeetingAsync(World.A1Group, MeetingKinds.党小组会, At(2026, month, 12));
        }
        if (general) await AddMeetingAsync(World.A1, MeetingKinds.支部党员大会 | MeetingKinds.党课, At(2026, 8, 20));
    }

    private async Task BackdateAsync()
    {
        foreach (var o in new[] { World.A1, World.A1Group, World.B1 })
            await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {o.Id}");
    }

    private async Task<long> AddUserAsync(string userName, Role role, Organization org, string? phone = null, bool disabled = false)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var u = new AppUser { UserName = userName, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true, PhoneNumber = phone, IsDisabled = disabled };
        (await users.CreateAsync(u, AppFactory.Password)).Succeeded.ShouldBeTrue();
        db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = role, OrgId = org.Id, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return u.Id;
    }

    private IOptions<ComplianceSettings> Config => App.Services.GetRequiredService<IOptions<ComplianceSettings>>();

    private Task<ComplianceReminders.Result> RunAsync(DateOnly day) => App.WithDbAsync(db => ComplianceReminders.RunAsync(db, Config, App.Clock, day));

    private Task<List<Notification>> NotificationsAsync() => App.WithDbAsync(db => db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync());
    private Task<List<OutboxMessage>> OutboxAsync() => App.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(n => n.Id).ToListAsync());

    [Fact]
    public async Task A_branch_missing_meetings_reminds_its_secretaries_once_ten_days_before_the_quarter_ends()
    {
        await BackdateAsync();
        await A1FullQuarterAsync();
        var b1Sec = await AddUserAsync("b1sec", Role.BranchSecretary, World.B1, phone: "13800138000");
        var b1Wx = await AddUserAsync("b1wx", Role.BranchSecretary, World.B1);
        var b1Mem = await AddUserAsync("b1mem", Role.Member, World.B1);
        var b1Gone = await AddUserAsync("b1gone", Role.BranchSecretary, World.B1, disabled: true);
        var bAdmin = await AddUserAsync("badmin", Role.OrgAdmin, World.B);
        var a1Sec = await AddUserAsync("a1sec", Role.BranchSecretary, World.A1); // A1 is compliant

        (await RunAsync(D(2026, 9, 19))).ShouldBe(new ComplianceReminders.Result(0, 0, 0)); // 11 days left
        (await RunAsync(D(2026, 9, 20))).ShouldBe(new ComplianceReminders.Result(1, 2, 2)); // 10 days left (a Sunday)
        (await RunAsync(D(2026, 9, 20))).ShouldBe(new ComplianceReminders.Result(0, 0, 0)); // run twice the same day
        (await RunAsync(D(2026, 9, 27))).ShouldBe(new ComplianceReminders.Result(0, 0, 0)); // once a month

        var sent = await NotificationsAsync();
        sent.Select(n => n.UserId).Order().ShouldBe(new[] { b1Sec, b1Wx }.Order());
        sent.ShouldNotContain(n => n.UserId == a1Sec || n.UserId == b1Mem || n.UserId == b1Gone || n.UserId == bAdmin);
        sent.ShouldAllBe(n => n.OrgId == World.B1.Id && n.Url == $"/Compliance/Branch/{World.B1.Id}?period=2026-09");
        sent[0].Title.ShouldBe("组织生活提醒：乙一党支部距9月30日本季度结束还有10天，尚有4项未完成");
        sent[0].Body!.Split("；").ShouldBe([
            "2026年9月未召开支部委员会",
            "2026年第3季度未召开支部党员大会",
            "2026年第3季度未召开党课",
            "2026年9月未召开主题党日",
        ], ignoreOrder: true);

        var outbox = await OutboxAsync();
        outbox.Count.ShouldBe(2);
        outbox.ShouldAllBe(m => m.SentAt == null && m.Text.Contains("乙一党支部") && m.Text.Contains("2026年第3季度未召开支部党员大会") && m.Text.Contains($"/Compliance/Branch/{World.B1.Id}"));
        var sms = outbox.Single(m => m.UserId == b1Sec);
        (sms.Channel, sms.Phone).ShouldBe(("短信", "13800138000"));
        var wx = outbox.Single(m => m.UserId == b1Wx);
        (wx.Channel, wx.Phone).ShouldBe(("微信", (string?)null));
        (await App.ScalarAsync($"SELECT count(*) FROM compliance_reminders_sent WHERE org_id = {World.B1.Id} AND key = 'due:2026-09'")).ShouldBe(1);

        // next month's window starts again; B1 has now held everything October asks of it except the 主题党日
        await AddMeetingAsync(World.B1, MeetingKinds.支部委员会, At(2026, 10, 5));
        (await RunAsync(D(2026, 10, 21))).ShouldBe(new ComplianceReminders.Result(2, 3, 3)); // A1 held nothing in October yet
        var october = (await NotificationsAsync()).Skip(2).Where(n => n.OrgId == World.B1.Id).ToList();
        october.Count.ShouldBe(2);
        october[0].Title.ShouldBe("组织生活提醒：乙一党支部距10月31日本月结束还有10天，尚有1项未完成");
        october[0].Body.ShouldBe("2026年10月未召开主题党日");

        // the secretary reads it in the notification list
        var page = await (await App.SignedInAsync("b1sec")).GetStringAsync("/Notifications");
        page.ShouldContain("乙一党支部距9月30日本季度结束还有10天");
    }

    [Fact]
    public async Task A_compliant_branch_and_a_branch_created_this_month_get_nothing()
    {
        await BackdateAsync();
        await A1FullQuarterAsync();
        await AddUserAsync("a1sec", Role.BranchSecretary, World.A1);
        await AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        await App.ExecAsync($"UPDATE organizations SET created_at = '2026-09-18' WHERE id = {World.B1.Id}"); // owes nothing of September
        (await RunAsync(D(2026, 9, 22))).ShouldBe(new ComplianceReminders.Result(0, 0, 0));
        (await NotificationsAsync()).ShouldBeEmpty();
        (await OutboxAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_instances_running_at_once_send_each_reminder_once()
    {
        await BackdateAsync();
        await AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        await AddUserAsync("radmin", Role.OrgAdmin, World.R);
        var day = D(2026, 9, 21); // a Monday: branch reminders and the weekly digest
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(day))));
        runs.Sum(r => r.Reminders).ShouldBe(1 + 1 + 1); // B1 (A1 has no secretary), the digests of R and of A (orgadmin)
        (await App.ScalarAsync("SELECT count(*) FROM compliance_reminders_sent")).ShouldBe(3);

        // the job's entry point: an advisory lock, and whoever comes second finds everything sent
        var locked = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            App.WithDbAsync(db => ComplianceReminderJob.RunLockedAsync(db, Config, App.Clock, day, CancellationToken.None)))));
        locked.OfType<ComplianceReminders.Result>().Sum(r => r.Reminders).ShouldBe(0);
        var notifications = await NotificationsAsync();
        notifications.Count.ShouldBe(notifications.Select(n => (n.UserId, n.OrgId, n.Title)).Distinct().Count());
        (await OutboxAsync()).Count.ShouldBe(notifications.Count);
    }

    [Fact]
    public async Task On_Mondays_superior_administrators_get_their_failing_and_warning_branches()
    {
        await BackdateAsync();
        await A1FullQuarterAsync(general: false);   // A1: the quarter's 党员大会 and 党课 still missing → 预警
        // B1 held nothing in July and August → 未达标
        var rAdmin = await AddUserAsync("radmin", Role.OrgAdmin, World.R, phone: "13900139000");
        var bAdmin = await AddUserAsync("badmin", Role.OrgAdmin, World.B);
        var uAdmin = await AddUserAsync("uadmin", Role.OrgAdmin, World.U);   // no branches
        var rSec = await AddUserAsync("rsec", Role.BranchSecretary, World.R); // not an administrator
        var aAdmin = World.UserIds["orgadmin"];                                // OrgAdmin on A

        (await RunAsync(D(2026, 9, 22))).ShouldBe(new ComplianceReminders.Result(0, 0, 0)); // a Tuesday
        (await RunAsync(D(2026, 9, 21))).ShouldBe(new ComplianceReminders.Result(3, 3, 3)); // Monday: R, A, B
        (await RunAsync(D(2026, 9, 21))).ShouldBe(new ComplianceReminders.Result(0, 0, 0));

        var sent = (await NotificationsAsync()).ToDictionary(n => n.UserId);
        sent.Keys.Order().ShouldBe(new[] { rAdmin, bAdmin, aAdmin }.Order());
        sent.ShouldNotContainKey(uAdmin);
        sent.ShouldNotContainKey(rSec);
        sent[rAdmin].Title.ShouldBe("组织生活周报：测试集团党委2026年第3季度有1个支部未达标、1个支部预警");
        sent[rAdmin].Body.ShouldBe("未达标：乙一党支部；预警：甲一党支部");
        sent[rAdmin].Url.ShouldBe($"/Compliance?org={World.R.Id}&period=2026Q3");
        sent[aAdmin].Title.ShouldBe("组织生活周报：甲公司党委2026年第3季度有0个支部未达标、1个支部预警");
        sent[aAdmin].Body.ShouldBe("预警：甲一党支部");
        sent[bAdmin].Body.ShouldBe("未达标：乙一党支部");
        sent[bAdmin].OrgId.ShouldBe(World.B.Id);

        var outbox = await OutboxAsync();
        outbox.Count.ShouldBe(3);
        var sms = outbox.Single(m => m.UserId == rAdmin);
        (sms.Channel, sms.Phone).ShouldBe(("短信", "13900139000"));
        sms.Text.ShouldContain("未达标：乙一党支部；预警：甲一党支部");

        // the next Monday sends again; when everything is held, nothing is sent
        await AddMeetingAsync(World.A1, MeetingKinds.支部党员大会 | MeetingKinds.党课, At(2026, 9, 23));
        (await RunAsync(D(2026, 9, 28))).ShouldBe(new ComplianceReminders.Result(2, 2, 2)); // R and B (B1 still failing); A is fine now
        (await NotificationsAsync()).Skip(3).Select(n => n.UserId).Order().ShouldBe(new[] { rAdmin, bAdmin }.Order());
    }

    [Fact]
    public void The_reminder_job_is_registered_but_switched_off_in_tests()
    {
        App.Services.GetServices<IHostedService>().OfType<ComplianceReminderJob>().ShouldHaveSingleItem();
        ComplianceReminderJob.IsEnabled(App.Services.GetRequiredService<IOptions<JobSettings>>().Value).ShouldBeFalse();
        ComplianceReminders.ReminderDays(Config.Value).ShouldBe(ComplianceReminders.DefaultReminderDays);
    }

    [Fact]
    public void Long_lists_of_names_are_cut_after_twenty()
    {
        ComplianceReminders.Names(["甲", "乙"]).ShouldBe("甲、乙");
        var many = Enumerable.Range(1, 25).Select(i => $"第{i}支部").ToList();
        var s = ComplianceReminders.Names(many);
        s.ShouldEndWith("第20支部等25个");
        s.ShouldNotContain("第21支部");
    }
}
