using System.Globalization;
using System.Net;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Abuse;

/// <summary>
/// Issue 12, item 5: a database superuser rewriting the audit trail. The hash chain alone verifies after each of these
/// attacks (asserted first, so each test shows what the checkpoints add); the signed checkpoints in the table and in the
/// copy file outside the database catch them and name what happened. Each test also checks the platform still serves.
/// </summary>
public sealed class AuditCheckpointAbuseTests(AppFactory app) : AppTest(app)
{
    private AuditCheckpointWriter Writer => App.Services.GetRequiredService<AuditCheckpointWriter>();
    private AuditCheckpointSettings Settings => App.Services.GetRequiredService<AuditCheckpointSettings>();

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Audit rows written through HTTP (each sign-in is audited), then a checkpoint of them.</summary>
    private async Task<AuditCheckpoint> RowsThenCheckpointAsync(int signIns)
    {
        for (var i = 0; i < signIns; i++) await App.SignedInAsync(i % 2 == 0 ? "mem" : "orgadmin");
        var c = await Writer.WriteAsync();
        c.ShouldNotBeNull();
        return c;
    }

    /// <summary>What a superuser does to hide an edit or a deletion: relink and rehash every row from <paramref name="fromId"/> on, in id order.</summary>
    private Task RecomputeHashesFromAsync(long fromId) => App.ExecAsync($"""
        SET session_replication_role = replica;
        DO $$
        DECLARE r record; prev varchar(64);
        BEGIN
          SELECT hash INTO prev FROM audit_log WHERE id < {N(fromId)} ORDER BY id DESC LIMIT 1;
          FOR r IN SELECT id FROM audit_log WHERE id >= {N(fromId)} ORDER BY id LOOP
            UPDATE audit_log SET prev_hash = prev WHERE id = r.id;
            UPDATE audit_log a SET hash = audit_row_hash(a) WHERE a.id = r.id RETURNING a.hash INTO prev;
          END LOOP;
        END $$;
        SET session_replication_role = origin;
        """);

    private async Task ChainAloneIsFooledAsync()
    {
        var chainOnly = await AuditChain.VerifyAsync(App.ConnectionString, null);
        chainOnly.Ok.ShouldBeTrue("the attack is one the hash chain alone does not see: " + chainOnly.Message);
    }

    private async Task StillServesAsync()
    {
        (await App.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await App.SignedInAsync("mem");
    }

    [Fact]
    public async Task An_untouched_trail_verifies_with_every_checkpoint_checked()
    {
        await RowsThenCheckpointAsync(2);
        (await Writer.WriteAsync()).ShouldBeNull("nothing new since the last checkpoint");
        await RowsThenCheckpointAsync(2);
        await App.SignedInAsync("mem"); // rows after the last checkpoint are fine

        var r = await AuditChain.VerifyAsync(App.ConnectionString, Settings);
        r.Ok.ShouldBeTrue(r.Message);
        r.Checkpoints.ShouldBe(2);
        r.Message.ShouldContain("2 个签名检查点均相符（数据库 2 个，副本文件 2 个）");
        File.ReadAllLines(Settings.CopyFile).Length.ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM audit_checkpoints")).ShouldBe(2);
    }

    [Fact]
    public async Task An_edited_row_with_every_later_hash_recomputed_is_named_by_the_next_checkpoint()
    {
        var first = await RowsThenCheckpointAsync(2);
        var second = await RowsThenCheckpointAsync(3);
        var third = await RowsThenCheckpointAsync(1);
        var victim = await App.ScalarAsync($"SELECT id FROM audit_log WHERE id > {N(first.AuditId)} ORDER BY id OFFSET 1 LIMIT 1");
        victim.ShouldBeLessThanOrEqualTo(second.AuditId);

        await App.ExecAsync("SET session_replication_role = replica; UPDATE audit_log SET after = '{\"note\": \"forged\"}'::jsonb WHERE id = " + N(victim) + "; SET session_replication_role = origin;");
        await RecomputeHashesFromAsync(victim);
        await ChainAloneIsFooledAsync();

        var r = await AuditChain.VerifyAsync(App.ConnectionString, Settings);
        r.Ok.ShouldBeFalse();
        r.Problems[0].Chinese.ShouldBe(
            $"检查点（截至第 {second.AuditId} 号记录，{second.When}）记下的哈希与该记录现在的哈希不符：第 {first.AuditId + 1} 至 {second.AuditId} 号记录之间有记录被改写（其后的哈希被重新计算）");
        r.Problems[0].English.ShouldContain($"between audit rows {first.AuditId + 1} and {second.AuditId} was rewritten");
        r.Problems.ShouldContain(f => f.Chinese == "共 2 个检查点与现有记录不符", "the third checkpoint does not match either");
        r.Problems.ShouldNotContain(f => f.Chinese.Contains($"截至第 {first.AuditId} 号"), "the checkpoint before the edit still matches");
        third.AuditId.ShouldBeGreaterThan(second.AuditId);
        await StillServesAsync();
    }

    [Fact]
    public async Task Deleting_the_last_rows_before_a_checkpoint_is_named_with_the_number_of_rows_deleted()
    {
        var first = await RowsThenCheckpointAsync(2);
        var last = await RowsThenCheckpointAsync(3);
        var deleted = await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE id > {N(first.AuditId)}");
        await App.ExecAsync($"SET session_replication_role = replica; DELETE FROM audit_log WHERE id > {N(first.AuditId)}; SET session_replication_role = origin;");
        await ChainAloneIsFooledAsync();

        var r = await AuditChain.VerifyAsync(App.ConnectionString, Settings);
        r.Ok.ShouldBeFalse();
        r.Problems.ShouldHaveSingleItem().Chinese.ShouldBe(
            $"检查点（截至第 {last.AuditId} 号记录，{last.When}）所指的第 {last.AuditId} 号记录已不存在；检查点记录 {last.RowCount} 行，现只有 {last.RowCount - deleted} 行：有 {deleted} 行被删除");
        await StillServesAsync();
    }

    [Fact]
    public async Task Deleting_rows_in_the_middle_and_relinking_the_rest_is_named_with_the_number_of_rows_deleted()
    {
        var first = await RowsThenCheckpointAsync(2);
        var second = await RowsThenCheckpointAsync(4);
        var gone = await App.ScalarAsync($"SELECT count(*) FROM (SELECT id FROM audit_log WHERE id > {N(first.AuditId)} AND id < {N(second.AuditId)} ORDER BY id LIMIT 2) x");
        gone.ShouldBe(2);
        await App.ExecAsync($"""
            SET session_replication_role = replica;
            DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE id > {N(first.AuditId)} AND id < {N(second.AuditId)} ORDER BY id LIMIT 2);
            SET session_replication_role = origin;
            """);
        await RecomputeHashesFromAsync(first.AuditId + 1);
        await ChainAloneIsFooledAsync();

        var r = await AuditChain.VerifyAsync(App.ConnectionString, Settings);
        r.Ok.ShouldBeFalse();
        r.Problems.ShouldHaveSingleItem().Chinese.ShouldBe(
            $"检查点（截至第 {second.AuditId} 号记录，{second.When}）：检查点记录 {second.RowCount} 行，现只有 {second.RowCount - 2} 行：有 2 行被删除（第 {first.AuditId + 1} 至 {second.AuditId} 号记录之间）");
        await StillServesAsync();
    }

    [Fact]
    public async Task Deleting_the_checkpoints_from_the_table_too_is_caught_from_the_copy_file()
    {
        var first = await RowsThenCheckpointAsync(2);
        var last = await RowsThenCheckpointAsync(3);
        await App.ExecAsync($"""
            SET session_replication_role = replica;
            DELETE FROM audit_log WHERE id > {N(first.AuditId)};
            DELETE FROM audit_checkpoints WHERE audit_id > {N(first.AuditId)};
            SET session_replication_role = origin;
            """);
        await ChainAloneIsFooledAsync();

        var r = await AuditChain.VerifyAsync(App.ConnectionString, Settings);
        r.Ok.ShouldBeFalse();
        r.Checkpoints.ShouldBe(2);
        r.Problems.Select(p => p.Chinese).ShouldBe([
            $"副本文件中的检查点（截至第 {last.AuditId} 号记录，{last.When}）在数据库检查点表中缺失：检查点表被删改",
            $"检查点（截至第 {last.AuditId} 号记录，{last.When}）所指的第 {last.AuditId} 号记录已不存在；检查点记录 {last.RowCount} 行，现只有 {first.RowCount} 行：有 {last.RowCount - first.RowCount} 行被删除",
        ]);
        await StillServesAsync();
    }

    [Fact]
    public async Task A_checkpoint_forged_without_the_key_fails_its_signature()
    {
        await RowsThenCheckpointAsync(2);
        var victim = await App.ScalarAsync("SELECT min(id) FROM audit_log");
        await App.ExecAsync($"""SET session_replication_role = replica; UPDATE audit_log SET actor_name = 'someone-else' WHERE id = {N(victim)}; SET session_replication_role = origin;""");
        await RecomputeHashesFromAsync(victim);
        // the superuser writes the checkpoint the rewritten chain would need, signed with a key of their own
        var last = await App.ScalarAsync("SELECT max(id) FROM audit_log");
        var rows = await App.ScalarAsync("SELECT count(*) FROM audit_log");
        await App.ExecAsync($"""
            SET session_replication_role = replica;
            DELETE FROM audit_checkpoints;
            SET session_replication_role = origin;
            INSERT INTO audit_checkpoints (audit_id, row_count, last_hash, created_at, signature)
            SELECT {N(last)}, {N(rows)}, hash, now(), encode(sha256(convert_to(hash || 'a key of their own', 'UTF8')), 'hex') FROM audit_log WHERE id = {N(last)};
            """);
        File.Delete(Settings.CopyFile); // even with no copy to compare against
        await ChainAloneIsFooledAsync();

        var r = await AuditChain.VerifyAsync(App.ConnectionString, Settings);
        r.Ok.ShouldBeFalse();
        r.Problems.ShouldHaveSingleItem().Chinese.ShouldStartWith($"数据库中的检查点（截至第 {last} 号记录，");
        r.Problems[0].Chinese.ShouldEndWith("签名无效：检查点被伪造或篡改");
        await StillServesAsync();
    }
}
