using System.Net;
using System.Net.Http.Json;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Security;

public sealed class AuditTrailTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task A_state_change_writes_its_audit_row_with_actor_org_before_after_and_ip()
    {
        var c = await App.BearerAsync("orgadmin");
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/children", new { name = "甲二党支部", type = "党支部" });
        r.StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT actor_name, org_id, action, after->>'name', client_ip, result, before FROM audit_log WHERE entity = 'organizations' AND action = 'create' AND actor_name = 'orgadmin'", conn);
        await using var rd = await cmd.ExecuteReaderAsync();
        (await rd.ReadAsync()).ShouldBeTrue();
        rd.GetString(0).ShouldBe("orgadmin");
        rd.IsDBNull(1).ShouldBeFalse();
        rd.GetString(3).ShouldBe("甲二党支部");
        rd.GetString(5).ShouldBe("success");
        rd.IsDBNull(6).ShouldBeTrue();
    }

    [Fact]
    public async Task A_refused_change_writes_nothing()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM audit_log");
        var orgsBefore = await App.ScalarAsync("SELECT count(*) FROM organizations");
        var c = await App.BearerAsync("orgadmin");
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A1.Id}/children", new { name = new string('长', 101), type = "党委" });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        problem.GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("组织名称不能超过100个字");
        problem.GetProperty("errors").GetProperty("type")[0].GetString().ShouldBe("党支部下不能设立党委");
        (await App.ScalarAsync("SELECT count(*) FROM organizations")).ShouldBe(orgsBefore);
        // only the token request itself was audited
        (await App.ScalarAsync("SELECT count(*) FROM audit_log")).ShouldBe(before + 2);
    }

    [Fact]
    public async Task The_audit_table_refuses_update_delete_and_truncate()
    {
        await App.SignedInAsync("mem");
        foreach (var sql in new[] { "UPDATE audit_log SET result = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            var e = await Should.ThrowAsync<PostgresException>(() => App.ExecAsync(sql));
            e.MessageText.ShouldContain("只能追加");
        }
    }

    [Fact]
    public async Task The_chain_verifies_and_a_tampered_row_is_named()
    {
        await App.SignedInAsync("mem");
        await App.SignedInAsync("orgadmin");
        var ok = await AuditChain.VerifyAsync(App.ConnectionString, App.Services.GetRequiredService<AuditCheckpointSettings>());
        ok.Ok.ShouldBeTrue(ok.Message);
        ok.Rows.ShouldBeGreaterThan(3);

        var victim = await App.ScalarAsync("SELECT id FROM audit_log ORDER BY id OFFSET 2 LIMIT 1");
        await App.ExecAsync($"SET session_replication_role = replica; UPDATE audit_log SET actor_name = 'someone-else' WHERE id = {victim}; SET session_replication_role = origin;");
        var bad = await AuditChain.VerifyAsync(App.ConnectionString, App.Services.GetRequiredService<AuditCheckpointSettings>());
        bad.Ok.ShouldBeFalse();
        bad.FirstBrokenId.ShouldBe(victim);
        bad.Message.ShouldContain(victim.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var sibling = await App.ScalarAsync($"SELECT min(id) FROM audit_log WHERE id > {victim}");
        await App.ExecAsync($"SET session_replication_role = replica; DELETE FROM audit_log WHERE id <= {victim}; SET session_replication_role = origin;");
        var gap = await AuditChain.VerifyAsync(App.ConnectionString, App.Services.GetRequiredService<AuditCheckpointSettings>());
        gap.FirstBrokenId.ShouldBe(sibling, "a deleted row breaks the link of the next one");
    }

    [Fact]
    public async Task Concurrent_writers_keep_one_unbroken_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => App.SignedInAsync(i % 2 == 0 ? "mem" : "orgadmin")));
        var r = await AuditChain.VerifyAsync(App.ConnectionString, App.Services.GetRequiredService<AuditCheckpointSettings>());
        r.Ok.ShouldBeTrue(r.Message);
    }

    [Fact]
    public async Task Only_the_audit_administrator_reads_the_audit_log()
    {
        var auditor = await App.SignedInAsync("aud");
        var page = await auditor.GetAsync("/Audit?entity=users");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("审计日志");
        var verify = await AppFactory.PostFormAsync(auditor, "/Audit?handler=Verify", new(), "/Audit");
        (await verify.Content.ReadAsStringAsync()).ShouldContain("哈希链完整");
        foreach (var who in new[] { "sys", "sec", "orgadmin", "insp" })
            (await (await App.SignedInAsync(who)).GetAsync("/Audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
        var api = await App.BearerAsync("aud");
        var list = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?action=signin&size=5");
        list.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
    }
}
