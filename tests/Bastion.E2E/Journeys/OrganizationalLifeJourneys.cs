using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Features.Compliance;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// Issue 4's acceptance test: a secretary plans and records a 支部党员大会 (with 主题党日), a member checks in by QR
/// on a phone, and the superior sees the branch turn from 预警 (or 进行中, early in the month) to 达标 for the month.
/// Setup makes 一采区党支部 owe this month's 主题党日 whatever the demo holds (its held 主题党日 of the month are called
/// off) and fills any other gap of the month with recorded meetings (or, for 书记讲党课 and 谈心谈话, which need more
/// than a meeting, an exemption), so the 主题党日 is the one thing the branch is missing.
/// </summary>
public sealed class OrganizationalLifeJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;
    private const string Branch = "一采区党支部";
    private const string FillerTopic = "组织生活旅程补录会议";

    private sealed record Setup(long BranchId, Period Month, ComplianceStatus Before, long MemberId, string MemberName);

    private async Task<Setup> MakeTheBranchOweThisMonthsThemeDayAsync()
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "e2e");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<ComplianceEngine>();
        var today = TimeProvider.System.Today();
        var month = Period.Containing(PeriodUnit.月, today);
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == Branch);
        var member = await db.Users.AsNoTracking().Where(u => u.UserName == "member").Select(u => u.MemberId!.Value).SingleAsync();
        var memberName = await db.Members.AsNoTracking().Where(m => m.Id == member).Select(m => m.Name).SingleAsync();

        // the branch did not hold this month's 主题党日, whatever the demo says
        DateTimeOffset Start(DateOnly d) => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
        var (from, to) = (Start(month.Start), Start(month.End.AddDays(1)));
        foreach (var m in await db.Set<Meeting>().Where(m => m.OrgId == branch.Id && m.HeldAt >= from && m.HeldAt < to && m.State == MeetingState.已召开
                                                             && (m.Kinds & MeetingKinds.主题党日) != 0).ToListAsync())
            m.State = MeetingState.已取消;
        await db.SaveChangesAsync();

        // everything else the month asks for is there, so the 主题党日 (and, in a quarter's last month, the 支部党员大会
        // this journey records too) is what decides the status
        var outcome = (await engine.EvaluateBranchAsync(branch.Id, month))!;
        var second = 0;
        void Held(long orgId, MeetingKinds kinds) => db.Add(new Meeting
        {
            OrgId = orgId, Kinds = kinds, State = MeetingState.已召开, Topic = FillerTopic, Expected = 10, Present = 9, Absent = 1, VotingExpected = 10, VotingPresent = 9,
            CommitteeExpected = 3, CommitteePresent = 3, QuorumMet = true, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "e2e",
            HeldAt = from.AddHours(1).AddSeconds(second++),
        });
        var journeyKinds = new[] { RuleKind.主题党日, RuleKind.支部党员大会 };
        foreach (var kind in outcome.Gaps.Select(g => g.Kind).Distinct().Except(journeyKinds))
        {
            switch (kind)
            {
                case RuleKind.党小组会:
                    foreach (var g in await db.Organizations.AsNoTracking().Where(o => o.ParentId == branch.Id && o.Type == OrgType.党小组).Select(o => o.Id).ToListAsync())
                        Held(g, MeetingKinds.党小组会);
                    break;
                case RuleKind.书记讲党课 or RuleKind.谈心谈话:
                    db.Add(new ComplianceExemption
                    {
                        OrgId = branch.Id, Kind = kind, FromDate = Period.OfYear(today.Year).Start, ToDate = Period.OfYear(today.Year).End,
                        Reason = "组织生活旅程测试：本旅程只看主题党日", CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "e2e",
                    });
                    break;
                default:
                    Held(branch.Id, ComplianceRules.MeetingKind(kind));
                    break;
            }
        }
        await db.SaveChangesAsync();

        outcome = (await engine.EvaluateBranchAsync(branch.Id, month))!;
        outcome.Gaps.Select(g => g.Kind).Except(journeyKinds).ShouldBeEmpty("setup should leave only the 主题党日 (and 支部党员大会) missing");
        outcome.Gaps.Select(g => g.Kind).ShouldContain(RuleKind.主题党日);
        // the engine's rule: a gap whose period ends within WarningDays of today is 预警, otherwise 进行中
        var before = ComplianceRules.GapStatus(month, today, engine.WarningDays);
        return new Setup(branch.Id, month, before, member, memberName);
    }

    /// <summary>Today (China) at about 30 minutes from now; late in the evening a few minutes ahead instead, never past 23:59.</summary>
    private static TimeOnly PlanTime(DateTimeOffset nowChina)
    {
        var now = TimeOnly.FromDateTime(nowChina.DateTime);
        var latest = new TimeOnly(23, 59);
        var inHalfAnHour = nowChina.AddMinutes(30);
        if (DateOnly.FromDateTime(inHalfAnHour.DateTime) == DateOnly.FromDateTime(nowChina.DateTime)) return TimeOnly.FromDateTime(inHalfAnHour.DateTime);
        var soon = now.AddMinutes(3);
        return soon < now ? latest : soon; // AddMinutes wraps past midnight
    }

    /// <summary>A few minutes ago, but not before today (China) began: the roster is taken on the meeting's day.</summary>
    private static TimeOnly HeldTime(DateTimeOffset nowChina)
    {
        var now = TimeOnly.FromDateTime(nowChina.DateTime);
        var earlier = now.AddMinutes(-4);
        return earlier > now ? TimeOnly.MinValue : new TimeOnly(earlier.Hour, earlier.Minute);
    }

    [Fact]
    public Task A_secretary_plans_and_records_a_party_congress_members_check_in_by_phone_and_the_branch_turns_compliant() => JourneyAsync(async j =>
    {
        var setup = await MakeTheBranchOweThisMonthsThemeDayAsync();
        var branchUrl = $"/Compliance/Branch/{setup.BranchId}?period={setup.Month.Code}";

        // the superior sees the branch short of its 主题党日 this month
        var superior = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "org");
        await superior.NavigatesByAsync(() => superior.GotoAsync(branchUrl));
        var compliance = new ComplianceBranchPage(superior);
        await Expect(compliance.Name).ToHaveTextAsync(Branch);
        await Expect(compliance.Status).ToHaveTextAsync(setup.Before.ToString());
        await Expect(compliance.Gaps).ToContainTextAsync($"{setup.Month.Label}未召开主题党日");
        await j.ScreenshotAsync(superior, "1-superior-before");

        // the secretary plans the meeting on 工作计划
        var nowChina = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, ChineseDates.China);
        var day = DateOnly.FromDateTime(nowChina.DateTime);
        var topic = "学习贯彻党的二十届四中全会精神" + Guid.NewGuid().ToString("N")[..4];
        var host = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "secretary");
        await host.NavigatesByAsync(() => host.GotoAsync(PlansPage.Path));
        var plans = new PlansPage(host);
        await Expect(host.Locator("#plans-title")).ToContainTextAsync(Branch);
        var form = host.Locator("#plan-form");
        await form.Locator("label", new() { HasText = "支部党员大会" }).ClickAsync();
        await form.Locator("label", new() { HasText = "主题党日" }).ClickAsync();
        await form.Locator("#Plan_Date").FillAsync(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.Locator("#Plan_Time").FillAsync(PlanTime(nowChina).ToString("HH:mm", CultureInfo.InvariantCulture));
        await form.Locator("#Plan_Place").FillAsync("一采区调度楼三楼会议室");
        await form.Locator("#Plan_Topic").FillAsync(topic);
        await host.NavigatesByAsync(() => form.Locator("#plan-submit").ClickAsync());
        await Expect(plans.Message).ToContainTextAsync($"已新建计划：{ChineseDates.Date(day)} {topic}");
        var row = plans.MonthList.Locator(".plan-row", new() { HasText = topic });
        await Expect(row).ToContainTextAsync("支部党员大会");
        await Expect(row).ToContainTextAsync("主题党日");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("计划");
        await Expect(plans.Day(day)).ToContainTextAsync("支部党员大会");
        var planId = long.Parse((await row.GetAttributeAsync("data-id"))!, CultureInfo.InvariantCulture);
        await j.ScreenshotAsync(host, "2-plan-created");

        // the host view shows the QR code; the member scans it on a phone and confirms
        await host.NavigatesByAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "签到码" }).ClickAsync());
        new Uri(host.Url).AbsolutePath.ShouldBe(CheckInHostPage.PathOf(planId));
        var board = new CheckInHostPage(host);
        await Expect(board.Qr).ToBeVisibleAsync();
        await Expect(board.Line(setup.MemberId)).ToHaveAttributeAsync("data-status", "未签到");
        var codeUrl = await board.CodeUrlAsync();
        await j.ScreenshotAsync(host, "3-host-before");

        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "member");
        await phone.NavigatesByAsync(() => phone.GotoAsync(codeUrl.PathAndQuery));
        var confirm = new CheckInMemberPage(phone);
        await Expect(confirm.Topic).ToHaveTextAsync(topic);
        await Expect(confirm.Confirm).ToBeInViewportAsync();
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "the check-in page scrolls sideways on a phone");
        await j.ScreenshotAsync(phone, "4-member-confirm");
        await phone.NavigatesByAsync(() => confirm.Confirm.TapAsync());
        await Expect(confirm.Done).ToContainTextAsync("签到成功");
        await j.ScreenshotAsync(phone, "5-member-done");

        await Expect(board.Line(setup.MemberId)).ToHaveAttributeAsync("data-status", "出席", new() { Timeout = 15_000 });
        await Expect(board.Line(setup.MemberId)).ToContainTextAsync("扫码签到");
        await Expect(board.Present).ToHaveTextAsync("1");
        await j.ScreenshotAsync(host, "6-host-after");

        // the secretary records the meeting from the plan once it has been held
        await host.NavigatesByAsync(() => host.Locator("#record-plan").ClickAsync());
        new Uri(host.Url).Query.ShouldBe($"?planId={planId}");
        var record = new RecordMeetingPage(host);
        await Expect(record.Topic).ToHaveValueAsync(topic);
        await Expect(record.Date).ToHaveValueAsync(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(host.Locator("#types input[value='支部党员大会']")).ToBeCheckedAsync();
        await Expect(host.Locator("#types input[value='主题党日']")).ToBeCheckedAsync();
        var checkedIn = host.Locator($"#attendance-checklist tbody tr[data-member='{setup.MemberId}']");
        await Expect(checkedIn).ToContainTextAsync("已签到");
        // choosing the date again reloads the roster (htmx): the scanned member stays checked in
        await record.ChooseDateAsync(day);
        await Expect(checkedIn).ToContainTextAsync("已签到");
        await Expect(checkedIn.Locator("input[type=radio]")).ToHaveCountAsync(0);
        await record.Time.FillAsync(HeldTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, ChineseDates.China)).ToString("HH:mm", CultureInfo.InvariantCulture));
        await record.Host.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await record.Recorder.SelectOptionAsync(new SelectOptionValue { Index = 2 });
        var hostId = await record.Host.InputValueAsync();
        var recorderId = await record.Recorder.InputValueAsync();
        var rows = host.Locator("#attendance-checklist tbody tr[data-member]");
        var count = await rows.CountAsync();
        count.ShouldBeGreaterThanOrEqualTo(4, "the branch roster should have a few members");
        string? leaveName = null;
        for (var i = 0; i < count; i++)
        {
            var r = rows.Nth(i);
            var id = await r.GetAttributeAsync("data-member");
            if (id == setup.MemberId.ToString(CultureInfo.InvariantCulture)) continue; // checked in by QR: no radios
            if (leaveName is null && id != hostId && id != recorderId)
            {
                leaveName = (await r.Locator("td").First.InnerTextAsync()).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
                await r.Locator("label", new() { HasText = "请假" }).ClickAsync();
                await r.Locator("input[name^='Input.Reason']").FillAsync("井下值班");
                continue;
            }
            await r.Locator("input[type=radio][value='出席']").CheckAsync();
        }
        leaveName.ShouldNotBeNull();
        await record.Minutes.FillAsync("传达学习全会精神，开展主题党日活动：重温入党誓词。");
        await host.EvaluateAsync("() => window.scrollTo(0, 0)"); // a full-page picture taken scrolled repeats the sticky header mid-page
        await j.ScreenshotAsync(host, "7-record-form");
        await host.NavigatesByAsync(record.SubmitAsync);

        var details = new MeetingDetailsPage(host);
        if (new Uri(host.Url).AbsolutePath == RecordMeetingPage.Path)
            throw new InvalidOperationException("The record was refused: " + string.Join(" | ", await host.Locator("#meeting-form .alert-danger, #meeting-form .invalid-feedback").AllInnerTextsAsync()));
        new Uri(host.Url).AbsolutePath.ShouldBe($"/Meetings/Details/{planId}");
        await Expect(details.Recorded).ToBeVisibleAsync();
        await Expect(details.Topic).ToHaveTextAsync(topic);
        await Expect(details.QuorumBadge).ToHaveTextAsync("有效");
        var scanned = details.Attendance.Filter(new() { HasText = setup.MemberName });
        await Expect(scanned).ToContainTextAsync("出席");
        await Expect(scanned).ToContainTextAsync("扫码");
        var onLeave = details.Attendance.Filter(new() { HasText = leaveName });
        await Expect(onLeave).ToContainTextAsync("请假");
        await Expect(onLeave).ToContainTextAsync("井下值班");
        await j.ScreenshotAsync(host, "8-meeting-details");

        // the superior now sees the branch compliant for the month
        await superior.NavigatesByAsync(() => superior.ReloadAsync());
        await Expect(compliance.Status).ToHaveTextAsync("达标");
        await Expect(compliance.Gaps).Not.ToContainTextAsync("主题党日");
        await Expect(compliance.Meetings).ToContainTextAsync(topic);
        await j.ScreenshotAsync(superior, "9-superior-after");

        // and the rollup counts it: 采矿党总支 → 一采区党支部 达标, no gap listed for it
        await superior.NavigatesByAsync(() => superior.GotoAsync($"{CompliancePage.Path}?period={setup.Month.Code}"));
        var rollup = new CompliancePage(superior);
        await Expect(rollup.Period).ToHaveValueAsync(setup.Month.Code);
        await superior.NavigatesByAsync(() => rollup.ChildLink("矿业公司党委").ClickAsync());
        await superior.NavigatesByAsync(() => rollup.ChildLink("采矿党总支").ClickAsync());
        await Expect(rollup.Scope).ToContainTextAsync("采矿党总支");
        var mine = rollup.Children.Locator("tr", new() { HasText = Branch });
        await Expect(mine.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Expect(mine.Locator("td").Nth(2)).ToHaveTextAsync("1");
        await Expect(mine.Locator("td").Nth(6)).ToHaveTextAsync("100% (1/1)"); // 达标率 with its denominator (the month's own items)
        await Expect(rollup.Gaps).Not.ToContainTextAsync(Branch);
        await j.ScreenshotAsync(superior, "10-general-branch-after");
    });
}
