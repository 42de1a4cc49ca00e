using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class MemberImportJourneys(E2EFixture app) : JourneyTest(app)
{
    private static readonly string[] Header = ["姓名", "性别", "公民身份号码", "人员类别", "所在党支部", "入党日期", "转正日期"];

    private static FilePayload Roster(params object?[][] rows) => new()
    {
        Name = "一采区党支部花名册.xlsx",
        MimeType = Bastion.Web.Xlsx.ContentType,
        Buffer = Bastion.Web.Xlsx.Write("党员花名册", Header, rows.Select(r => (IReadOnlyList<object?>)r)),
    };

    [Fact]
    public Task A_secretary_imports_a_roster_with_an_error_fixes_it_commits_and_finds_the_new_member() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        page.Dialog += (_, d) => d.AcceptAsync();
        var seq = Random.Shared.Next(100, 400) * 2 + 1;
        var good = ChineseIdNumber.Compose("650102", new DateOnly(1991, 8, 12), seq - 1); // even: 女
        var second = ChineseIdNumber.Compose("650102", new DateOnly(1992, 9, 13), seq + 2);
        var wrong = second[..17] + (second[17] == '1' ? '2' : '1');

        await page.GotoAsync("/Members");
        await page.Locator("#import-link").ClickAsync();
        await page.WaitForURLAsync("**/Members/Import**");
        await j.ScreenshotAsync(page, "import-page");

        // first try: one ID number has a wrong check character
        await page.Locator("#file").SetInputFilesAsync(Roster(
            ["古丽娜", "女", good, "正式党员", "一采区党支部", "2014-07-01", "2015-07-01"],
            ["马骏驰", "男", wrong, "正式党员", "一采区党支部", "2016-07-01", "2017-07-01"]));
        await page.Locator("#import-upload").ClickAsync();
        await Expect(page.Locator("#import-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#import-errors")).ToContainTextAsync("校验码错误");
        await Expect(page.Locator("#import-errors")).ToContainTextAsync("公民身份号码");
        await j.ScreenshotAsync(page, "report-with-error");

        // fixed file: both rows valid; commit
        await page.Locator("#file").SetInputFilesAsync(Roster(
            ["古丽娜", "女", good, "正式党员", "一采区党支部", "2014-07-01", "2015-07-01"],
            ["马骏驰", "男", second, "正式党员", "一采区党支部", "2016-07-01", "2017-07-01"]));
        await page.Locator("#import-upload").ClickAsync();
        await Expect(page.Locator("#import-commit")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#import-errors")).ToHaveCountAsync(0);
        await page.Locator("#import-commit").ClickAsync();
        await Expect(page.Locator("#import-done")).ToContainTextAsync("已导入 2 名党员", new() { Timeout = 30_000 });
        await j.ScreenshotAsync(page, "imported");

        // the new member is found by the last digits of the ID number, masked in the list
        await page.GotoAsync("/Members?q=" + good[^6..]);
        var rows = page.Locator("#members tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("古丽娜");
        await Expect(rows.First).ToContainTextAsync("650102********");
        await j.ScreenshotAsync(page, "found");
    });

    /// <summary>An import of 一采区党支部 that was running (started, no worker holding it) when the platform stopped.</summary>
    private async Task<(long Org, long Job)> InterruptedImportAsync()
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "e2e");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "一采区党支部");
        var job = new ImportJob
        {
            OrgId = branch.Id, FileName = "一采区党支部花名册.xlsx", Content = Roster(["古丽娜", "女", "650102199108120020", "正式党员", "一采区党支部", "2014-07-01", "2015-07-01"]).Buffer,
            State = ImportState.导入中, CreatedBy = "secretary", CreatedAt = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow,
        };
        db.Set<ImportJob>().Add(job);
        await db.SaveChangesAsync();
        // what the worker does on start-up after a crash or a restart
        await App.Services.GetServices<IHostedService>().OfType<ImportWorker>().Single().FailAbandonedAsync(CancellationToken.None);
        return (branch.Id, job.Id);
    }

    public static TheoryData<Screen> Screens => new(Screen.Desktop, Screen.Phone);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task An_import_interrupted_by_a_restart_says_so_on_the_import_page(Screen screen) => JourneyAsync(async j =>
    {
        var (org, job) = await InterruptedImportAsync();
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        await page.GotoAsync($"/Members/Import?org={org}&job={job}");
        await Expect(page.Locator("#import-state")).ToHaveTextAsync("失败");
        await Expect(page.Locator("#import-failed")).ToHaveTextAsync(ImportWorker.ImportInterrupted);
        await j.ScreenshotAsync(page, "interrupted");
    }, screen, screen.ToString());

    [Fact]
    public Task The_term_reminder_list_shows_the_overdue_branch() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        await page.GotoAsync("/Terms?stage=逾期");
        var table = page.Locator("#term-reminders");
        await Expect(table).ToContainTextAsync(Bastion.Features.Terms.DemoTerms.OverdueBranch);
        await Expect(table.Locator("tr", new() { HasText = Bastion.Features.Terms.DemoTerms.OverdueBranch })).ToContainTextAsync("逾期");
        await j.ScreenshotAsync(page, "overdue");
    }, Screen.Phone);
}
