using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class TransferJourneys(E2EFixture app) : JourneyTest(app)
{
    private const string From = "一采区党支部";
    private const string To = "二采区党支部";
    /// <summary>A second branch secretary, of 二采区党支部, created here (the demo has one for 一采区 only).</summary>
    private const string Receiver = "secretary2";
    private const int PhoneWidth = 375;
    private static readonly SemaphoreSlim ReceiverOnce = new(1, 1);

    public static TheoryData<Screen> Screens => new(Screen.Desktop, Screen.Phone);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task Transfer_a_member_between_two_branches_as_two_different_users(Screen screen) => JourneyAsync(async j =>
    {
        await EnsureReceiverAsync();
        var (memberId, name) = await PickMemberAsync();

        // the 一采区 secretary opens the member and starts the transfer to 二采区
        var sender = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        await sender.GotoAsync($"/Members/Details/{memberId}");
        await Expect(sender.Locator("h1#member-name")).ToHaveTextAsync(name);
        await sender.NavigatesByAsync(() => sender.Locator("#member-transfer-start").ClickAsync());
        var start = new StartTransferPage(sender);
        await Expect(start.Title).ToContainTextAsync(name);
        await FitsAsync(j, sender, "start");
        await start.StartInternalAsync(To, "工作调动至二采区");
        var sent = new TransfersPage(sender);
        await Expect(sent.Message).ToContainTextAsync($"等待{To}接收");
        await Expect(sent.RowOf(name)).ToContainTextAsync("待接收");
        await FitsAsync(j, sender, "sent");

        // the 二采区 secretary finds it waiting, through the menu
        var receiver = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), Receiver);
        var shell = new ShellPage(receiver);
        if (screen == Screen.Phone) await shell.OpenPhoneMenuAsync();
        await receiver.NavigatesByAsync(() => shell.MenuLinks.Filter(new() { HasText = "组织关系转接" }).ClickAsync());
        new Uri(receiver.Url).AbsolutePath.ShouldBe(TransfersPage.Path);
        var inbox = new TransfersPage(receiver);
        await Expect(inbox.IncomingTab).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bactive\b"));
        await Expect(inbox.RowOf(name)).ToContainTextAsync(From);
        await Expect(inbox.RowOf(name)).ToContainTextAsync("0 天");
        await FitsAsync(j, receiver, "pending");

        await inbox.OpenDecisionAsync(name);
        var decide = new DecideTransferPage(receiver);
        await Expect(decide.Title).ToContainTextAsync(name);
        await Expect(decide.From).ToHaveTextAsync(From);
        await Expect(decide.To).ToHaveTextAsync(To);
        await FitsAsync(j, receiver, "decide");
        await decide.AcceptAsync();
        await Expect(inbox.Message).ToContainTextAsync($"已接收{name}的组织关系，现属{To}。");
        await Expect(inbox.RowOf(name)).ToHaveCountAsync(0);
        await FitsAsync(j, receiver, "accepted");

        // the member now belongs to 二采区: in its member list, with the move in the record's history
        await receiver.GotoAsync("/Members?q=" + Uri.EscapeDataString(name));
        await Expect(receiver.Locator("#members tbody tr").Filter(new() { HasText = name }).First).ToContainTextAsync(To);
        await receiver.GotoAsync($"/Members/Details/{memberId}");
        await Expect(receiver.Locator("dd a[href^='/Organizations/Details/']").First).ToHaveTextAsync(To);
        await Expect(receiver.Locator("#member-changes")).ToContainTextAsync("组织关系转接：工作调动至二采区");
        await FitsAsync(j, receiver, "member-moved");

        // and the sender sees it accepted
        await sender.GotoAsync("/Transfers?tab=out");
        await Expect(sent.RowOf(name).First).ToContainTextAsync("已接收");
        await j.ScreenshotAsync(sender, "sender-sees-accepted");
    }, screen, variant: screen.ToString().ToLowerInvariant());

    [Fact]
    public Task A_committee_sets_letter_numbers_and_a_secretary_issues_a_word_letter_and_records_its_receipt() => JourneyAsync(async j =>
    {
        var (memberId, name) = await PickMemberAsync();
        var prefix = "矿转" + Random.Shared.Next(1000, 9999) + "-";

        // the group's organization department sets a range for 矿业公司党委, the committee above 一采区
        var admin = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        var mining = await OrgIdAsync("矿业公司党委");
        await admin.GotoAsync($"/Transfers/Letters?tab=ranges&org={mining}");
        await admin.Locator("#Range_Prefix").FillAsync(prefix);
        await admin.Locator("#Range_StartNumber").FillAsync("1");
        await admin.Locator("#Range_EndNumber").FillAsync("200");
        await admin.NavigatesByAsync(() => admin.Locator("#add-range-submit").ClickAsync());
        await Expect(admin.Locator("#letters-message")).ToContainTextAsync($"{prefix}001—{prefix}200");
        await FitsAsync(j, admin, "range");

        // the 一采区 secretary issues the letter from the member's record
        var secretary = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        secretary.Dialog += (_, d) => d.AcceptAsync();
        await secretary.GotoAsync($"/Transfers/Start/{memberId}");
        await secretary.Locator("#Outward_ToOrgName").FillAsync("中共某市某区某街道工作委员会");
        await secretary.NavigatesByAsync(() => secretary.Locator("#start-outward-submit").ClickAsync());
        var message = secretary.Locator("#letters-message");
        await Expect(message).ToContainTextAsync($"已开具介绍信 {prefix}");
        await Expect(message).ToContainTextAsync($"{name}已记为“已转出”");
        await FitsAsync(j, secretary, "issued");

        // the Word letter downloads under its number
        var download = await secretary.RunAndWaitForDownloadAsync(() => secretary.Locator("#download-issued").ClickAsync());
        download.SuggestedFilename.ShouldStartWith($"组织关系介绍信-{prefix}");
        download.SuggestedFilename.ShouldEndWith(".docx");

        // the receipt comes back
        var row = secretary.Locator("#letters tbody tr").Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("待返回");
        await secretary.NavigatesByAsync(() => row.Locator(".receipt-form button").ClickAsync());
        await Expect(secretary.Locator("#letters-message")).ToContainTextAsync("的回执");
        await Expect(secretary.Locator("#letters tbody tr").Filter(new() { HasText = name })).ToContainTextAsync("已返回");
        await FitsAsync(j, secretary, "receipt");

        await secretary.GotoAsync("/Transfers?tab=outward");
        await Expect(new TransfersPage(secretary).RowOf(name)).ToContainTextAsync("已转出");
        await FitsAsync(j, secretary, "transferred-out");

        // the demo group's flags, seen from the group committee: a transfer waiting over 30 days, an overdue 回执
        await admin.GotoAsync($"/Transfers?org={await OrgIdAsync("冶炼厂党委")}");
        await Expect(admin.Locator("#long-waiting-alert")).ToBeVisibleAsync();
        await Expect(new TransfersPage(admin).Rows.Locator(".long-waiting")).ToHaveCountAsync(1);
        await FitsAsync(j, admin, "long-waiting");
        await admin.GotoAsync($"/Transfers/Letters?org={await OrgIdAsync("机关党委")}");
        await Expect(admin.Locator("#receipt-overdue-alert")).ToBeVisibleAsync();
        await FitsAsync(j, admin, "receipt-overdue");
    }, Screen.Phone);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task A_committee_member_moved_to_another_branch_leaves_a_vacancy_on_the_old_branchs_term_page(Screen screen) => JourneyAsync(async j =>
    {
        await EnsureReceiverAsync();
        var (memberId, name, post) = await PickCommitteeMemberAsync();
        var branch = await OrgIdAsync(From);

        var sender = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        await sender.GotoAsync($"/Terms/Org/{branch}");
        await Expect(sender.Locator("#committee tbody tr").Filter(new() { HasText = name })).ToContainTextAsync("在任");
        await sender.GotoAsync($"/Transfers/Start/{memberId}");
        await new StartTransferPage(sender).StartInternalAsync(To, "工作调动至二采区");

        var receiver = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), Receiver);
        await receiver.GotoAsync(TransfersPage.Path);
        var inbox = new TransfersPage(receiver);
        await inbox.OpenDecisionAsync(name);
        await new DecideTransferPage(receiver).AcceptAsync();
        await Expect(inbox.Message).ToContainTextAsync($"已接收{name}的组织关系");

        // the old branch's committee shows the post ended today and the vacancy
        await sender.GotoAsync($"/Terms/Org/{branch}");
        await Expect(sender.Locator("#vacancies")).ToContainTextAsync($"{post}（{name}于{ChineseDates.Date(TimeProvider.System.Today())}离任）");
        await Expect(sender.Locator("#committee tbody tr").Filter(new() { HasText = name })).ToContainTextAsync(ChineseDates.Date(TimeProvider.System.Today()));
        await FitsAsync(j, sender, "vacancy");
    }, screen, variant: screen.ToString().ToLowerInvariant());

    /// <summary>A linked committee member of 一采区's current term, the only holder of the post, with no account and never transferred.</summary>
    private async Task<(long Id, string Name, CommitteePost Post)> PickCommitteeMemberAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == From);
        var linked = db.Users.Where(u => u.MemberId != null).Select(u => u.MemberId!.Value);
        var transferred = db.Set<MemberTransfer>().Select(t => t.MemberId);
        var term = await db.Set<OrgTerm>().AsNoTracking().Where(t => t.OrgId == branch.Id && t.EndDate == null).Select(t => t.Id).SingleAsync();
        var open = db.Set<OrgTermMember>().Where(tm => tm.TermId == term && tm.LeftAt == null);
        var pick = await (from tm in open
                          join m in db.Members on tm.MemberId equals m.Id
                          where m.OrgId == branch.Id && m.PartyStatus == PartyStatus.正常 && !linked.Contains(m.Id) && !transferred.Contains(m.Id)
                                && tm.Post != CommitteePost.书记 && open.Count(o => o.Post == tm.Post) == 1
                          orderby tm.Post
                          select new { m.Id, m.Name, tm.Post }).FirstAsync();
        return (pick.Id, pick.Name, pick.Post);
    }

    private async Task<long> OrgIdAsync(string name)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Organizations.AsNoTracking().Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    /// <summary>On a phone nothing may make the page scroll sideways; then the screenshot of the step.</summary>
    private static async Task FitsAsync(Journey j, IPage page, string step)
    {
        if (j.Screen == Screen.Phone)
            (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, $"{step} scrolls sideways on a phone");
        await j.ScreenshotAsync(page, step);
    }

    private async Task EnsureReceiverAsync()
    {
        await ReceiverOnce.WaitAsync();
        try
        {
            using var scope = App.Services.CreateScope();
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<AuditActor>().Set(null, "e2e");
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync(Receiver) is not null) return;
            var db = sp.GetRequiredService<AppDbContext>();
            var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == To);
            var user = new AppUser { UserName = Receiver, DisplayName = "二采区支部书记", CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true };
            var created = await users.CreateAsync(user, E2EFixture.DemoPassword);
            created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
            db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = Role.BranchSecretary, OrgId = branch.Id, GrantedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        finally
        {
            ReceiverOnce.Release();
        }
    }

    /// <summary>A member of 一采区 with no account of their own and never transferred (each run moves a different one).</summary>
    private async Task<(long Id, string Name)> PickMemberAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == From);
        var linked = db.Users.Where(u => u.MemberId != null).Select(u => u.MemberId!.Value);
        var transferred = db.Set<MemberTransfer>().Select(t => t.MemberId);
        // not one whose 少交/免交 the dues journeys work on (DemoDuesRelief): the journeys share the demo
        var reduced = db.Set<DuesReduction>().Select(r => r.MemberId);
        var m = await db.Members.AsNoTracking()
            .Where(x => x.OrgId == branch.Id && x.PartyStatus == PartyStatus.正常 && !linked.Contains(x.Id) && !transferred.Contains(x.Id) && !reduced.Contains(x.Id))
            .OrderBy(x => x.Id).Select(x => new { x.Id, x.Name }).FirstAsync();
        return (m.Id, m.Name);
    }
}
