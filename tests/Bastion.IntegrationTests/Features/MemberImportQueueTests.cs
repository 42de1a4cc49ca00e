using System.Net;
using System.Text.RegularExpressions;
using Bastion.Features.Members.Import;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static Bastion.IntegrationTests.Infrastructure.RosterFileBuilder;

namespace Bastion.IntegrationTests.Features;

/// <summary>The import page's checks and imports run from the queue of the hosted <see cref="ImportWorker"/>.</summary>
public sealed class MemberImportQueueTests(AppFactory app) : AppTest(app)
{
    private byte[] Roster() => Build(MemberImportTests.GoodAndBadRows(World.A1.Name));

    private ImportWorker Worker => App.Services.GetServices<IHostedService>().OfType<ImportWorker>().Single();

    private async Task<long> JobAsync(ImportState state, DateTimeOffset? startedAt) => await App.WithDbAsync(async db =>
    {
        var job = new ImportJob
        {
            OrgId = World.A.Id, FileName = "花名册.xlsx", Content = Roster(), State = state, CreatedBy = "orgadmin",
            CreatedAt = App.Clock.GetUtcNow(), StartedAt = startedAt, RequestedById = World.UserIds["orgadmin"], RequestedBy = "orgadmin",
        };
        db.Set<ImportJob>().Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    });

    private Task<long> CountAsync(string where) => App.ScalarAsync($"SELECT count(*) FROM import_jobs WHERE {where}");

    private async Task<bool> EventuallyAsync(string where, int seconds = 30)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (await CountAsync(where) > 0) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private static string StatusUrl(string jobUrl) => jobUrl.Replace("/Members/Import?", "/Members/Import?handler=Status&", StringComparison.Ordinal);

    [Fact]
    public async Task A_started_job_no_worker_holds_is_marked_failed_with_the_reason_the_page_shows_a_held_one_is_left_and_a_queued_one_is_run()
    {
        var abandoned = await JobAsync(ImportState.导入中, App.Clock.GetUtcNow());
        var checking = await JobAsync(ImportState.校验中, App.Clock.GetUtcNow());
        // another live instance runs this one: it holds the job's lock (taken before the started job is visible, as a
        // worker does); its own connection, not a pooled one, so that closing it ends the session as a dead instance's does
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(App.ConnectionString) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        long held;
        await using (var tx = await other.BeginTransactionAsync())
        {
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO import_jobs (org_id, kind, file_name, content, state, done, total, created_by, created_at, started_at)
                VALUES ($1, '花名册', '花名册.xlsx', $2, '导入中', 0, 0, 'orgadmin', now(), now()) RETURNING id
                """, other, tx))
            {
                insert.Parameters.AddWithValue(World.A.Id);
                insert.Parameters.AddWithValue(Roster());
                held = (long)(await insert.ExecuteScalarAsync())!;
            }
            await using (var lockIt = new NpgsqlCommand($"SELECT pg_advisory_lock(hashtext('import_jobs'), ({held} % 2147483647)::int)", other, tx))
                await lockIt.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        var queued = await JobAsync(ImportState.校验中, null);
        var members = await App.ScalarAsync("SELECT count(*) FROM members");

        await Worker.FailAbandonedAsync(CancellationToken.None);
        App.Services.GetRequiredService<ImportQueue>().Notify();

        (await CountAsync($"id = {abandoned} AND state = '失败' AND failure = '{ImportWorker.ImportInterrupted}' AND finished_at IS NOT NULL")).ShouldBe(1);
        (await CountAsync($"id = {checking} AND state = '失败' AND failure = '{ImportWorker.CheckInterrupted}'")).ShouldBe(1);
        (await CountAsync($"id = {held} AND state = '导入中' AND failure IS NULL")).ShouldBe(1, "a job another instance is running is not touched");
        (await EventuallyAsync($"id = {queued} AND state = '已校验' AND started_at IS NOT NULL")).ShouldBeTrue("a job still queued is run, not failed");
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(members);

        var c = await App.SignedInAsync("orgadmin");
        var status = await c.GetStringAsync($"/Members/Import?handler=Status&org={World.A.Id}&job={abandoned}");
        status.ShouldContain("id=\"import-failed\"");
        status.ShouldContain("系统在导入过程中重启，本次导入未完成，未写入任何数据，请重新上传");
        (await c.GetStringAsync($"/Members/Import?handler=Status&org={World.A.Id}&job={checking}")).ShouldContain("系统在校验过程中重启，本次校验未完成，请重新上传");

        // once that instance is gone (its connection closed, so its lock released), the next look fails its job too
        await other.CloseAsync();
        // the server ends that session (and frees its lock) after the client has gone: wait for it, as a later look would
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await App.ScalarAsync($"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ({held} % 2147483647)::int::oid") > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await Worker.FailAbandonedAsync(CancellationToken.None);
        (await CountAsync($"id = {held} AND state = '失败' AND failure = '{ImportWorker.ImportInterrupted}'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_page_import_is_checked_and_written_through_the_queue_in_the_name_of_who_confirmed_it()
    {
        var c = await App.SignedInAsync("orgadmin");
        var page = await c.GetStringAsync($"/Members/Import?org={World.A.Id}");
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(Roster()), "file", "花名册.xlsx");
        var upload = await c.PostAsync($"/Members/Import?handler=Upload&org={World.A.Id}", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var job = long.Parse(Regex.Match(upload.Headers.Location!.ToString(), @"job=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        (await EventuallyAsync($"id = {job} AND state = '已校验' AND requested_by = 'orgadmin' AND started_at IS NOT NULL")).ShouldBeTrue();

        // another manager of the organization confirms it
        var sec = await App.SignedInAsync("branchsec");
        var commit = await AppFactory.PostFormAsync(sec, $"/Members/Import?handler=Commit&org={World.A.Id}&job={job}", new(), $"/Members/Import?org={World.A.Id}&job={job}");
        commit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await EventuallyAsync($"id = {job} AND state = '已完成' AND requested_by = 'branchsec' AND failure IS NULL")).ShouldBeTrue();
        (await App.ScalarAsync("SELECT count(*) FROM members WHERE name IN ('周一', '沈九')")).ShouldBe(2);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'members.import' AND actor_id = {World.UserIds["branchsec"]} AND after->>'by' = 'branchsec'")).ShouldBe(1);
        (await sec.GetStringAsync(StatusUrl(upload.Headers.Location!.ToString()))).ShouldContain("已导入 2 名党员");

        // a second confirmation of the same job is refused as before
        var again = await AppFactory.PostFormAsync(sec, $"/Members/Import?handler=Commit&org={World.A.Id}&job={job}", new(), $"/Members/Import?org={World.A.Id}&job={job}");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain("该文件尚未校验完成或已经导入");
    }
}
