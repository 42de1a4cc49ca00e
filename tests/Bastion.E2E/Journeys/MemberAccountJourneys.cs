using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class MemberAccountJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    /// <summary>Two members of 一采区党支部 with a mobile number and no account yet (the last two by id: no other journey uses them).</summary>
    private async Task<(long Id, string Name, string Mobile)[]> MembersWithoutAccountAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "一采区党支部");
        var linked = db.Users.Where(u => u.MemberId != null).Select(u => u.MemberId!.Value);
        var candidates = await db.Members.AsNoTracking()
            .Where(m => m.OrgId == branch.Id && m.Phone != null && m.PartyStatus == PartyStatus.正常 && !linked.Contains(m.Id))
            .OrderByDescending(m => m.Id).Select(m => new { m.Id, m.Name, m.Phone }).Take(10).ToListAsync();
        return candidates.Select(c => (c.Id, c.Name, Mobile: MemberAccountRules.MobileUserName(c.Phone)))
            .Where(c => c.Mobile is not null).Take(2).Select(c => (c.Id, c.Name, c.Mobile!)).ToArray();
    }

    [Fact]
    public Task The_secretary_opens_accounts_for_two_members_and_one_signs_in_on_a_phone() => JourneyAsync(async j =>
    {
        var chosen = await MembersWithoutAccountAsync();
        chosen.Length.ShouldBe(2, "the demo branch has members with a mobile number and no account");

        // the secretary goes from the roster to 批量开通账号 and ticks two members
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "secretary");
        await desk.NavigatesByAsync(() => desk.GotoAsync("/Members"));
        await desk.NavigatesByAsync(() => desk.Locator("#bulk-accounts-link").ClickAsync());
        var bulk = new BulkAccountsPage(desk);
        await Expect(bulk.Form).ToBeVisibleAsync();
        await Expect(bulk.SchemeMobile).ToBeCheckedAsync();
        await Expect(bulk.ShowOnce).ToBeCheckedAsync();
        foreach (var m in chosen) await bulk.Member(m.Id).CheckAsync();
        await j.ScreenshotAsync(desk, "secretary-chooses");
        await bulk.SubmitAsync();
        await Expect(bulk.Created).ToHaveTextAsync("2");
        await Expect(bulk.PrintButton).ToBeVisibleAsync();
        await Expect(bulk.ResultRow(chosen[0].Id)).ToContainTextAsync("本人手机号 " + Masking.Phone(chosen[0].Mobile));
        var password = (await bulk.Password(chosen[0].Id).InnerTextAsync()).Trim();
        PasswordPolicy.Check(password).ShouldBeEmpty();
        await j.ScreenshotAsync(desk, "secretary-result");

        // shown once: the page opened again lists the accounts but no password
        await desk.NavigatesByAsync(() => desk.GotoAsync(BulkAccountsPage.Path));
        (await desk.ContentAsync()).ShouldNotContain(password);
        await Expect(desk.Locator("#roster-accounts")).ToContainTextAsync(Masking.Phone(chosen[0].Mobile));

        // the member's record leads to the linked account; a member without one is offered 关联账号 (new or existing)
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Members/Details/{chosen[0].Id}"));
        await Expect(desk.Locator("#member-account-link")).ToContainTextAsync(Masking.Phone(chosen[0].Mobile));
        await desk.NavigatesByAsync(() => desk.Locator("#member-account-link").ClickAsync());
        await Expect(desk.Locator("#linked-user-name")).ToHaveTextAsync(Masking.Phone(chosen[0].Mobile));
        await Expect(desk.Locator("#unlink-account")).ToBeVisibleAsync();
        await j.ScreenshotAsync(desk, "secretary-linked-account");
        await desk.NavigatesByAsync(() => desk.GotoAsync(BulkAccountsPage.Path));
        var unlinked = desk.Locator("#roster-accounts tbody tr").Filter(new() { Has = desk.Locator("input[name=MemberIds]") }).First;
        var unlinkedId = await unlinked.Locator("input[name=MemberIds]").GetAttributeAsync("value");
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Members/Account/{unlinkedId}"));
        await Expect(desk.Locator("#create-member-account")).ToBeVisibleAsync();
        await Expect(desk.Locator("#link-existing")).ToBeVisibleAsync();
        await j.ScreenshotAsync(desk, "secretary-link-form");

        // the roster page works on the secretary's phone too
        var secretaryPhone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await secretaryPhone.NavigatesByAsync(() => secretaryPhone.GotoAsync(BulkAccountsPage.Path));
        await Expect(new BulkAccountsPage(secretaryPhone).Submit).ToBeVisibleAsync();
        (await secretaryPhone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "批量开通账号 scrolls sideways on a phone");
        await j.ScreenshotAsync(secretaryPhone, "secretary-phone");

        // the member signs in on a phone with the mobile number, must change the password first, then sees 我的组织生活
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), chosen[0].Mobile, password);
        var change = new ChangePasswordPage(phone);
        change.IsCurrent.ShouldBeTrue($"a new member account is sent to change its one-time password, not to {phone.Url}");
        await Expect(change.RequiredNotice).ToBeVisibleAsync();
        await j.ScreenshotAsync(phone, "member-must-change");
        await change.ChangeAsync(password, "Mine@Pass2026");
        await Expect(change.Changed).ToBeVisibleAsync();
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Me/Meetings"));
        await Expect(phone.Locator("main h1").First).ToHaveTextAsync("我的组织生活");
        await Expect(phone.Locator("#my-meetings-empty")).ToHaveCountAsync(0);
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "我的组织生活 scrolls sideways on a phone");
        await j.ScreenshotAsync(phone, "member-my-meetings");

        // the 系统管理员 sees the link on the account side, the mobile number masked
        var admin = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "admin");
        await admin.NavigatesByAsync(() => admin.GotoAsync("/Admin/Users?q=" + chosen[0].Mobile[..3]));
        await Expect(admin.Locator("#accounts")).ToContainTextAsync(chosen[0].Name);
        (await admin.ContentAsync()).ShouldNotContain(chosen[0].Mobile);
        await j.ScreenshotAsync(admin, "admin-accounts");

        // the same member on a desktop
        var memberDesk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), chosen[0].Mobile, "Mine@Pass2026");
        await memberDesk.NavigatesByAsync(() => memberDesk.GotoAsync("/Me/Meetings"));
        await Expect(memberDesk.Locator("#my-meetings-empty")).ToHaveCountAsync(0);
        await j.ScreenshotAsync(memberDesk, "member-desktop");
    });
}
