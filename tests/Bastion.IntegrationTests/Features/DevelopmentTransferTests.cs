using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// 发展党员 转出/转入 between branches (decision 0014): to a branch outside the sender's scope the 转出 waits for the
/// receiving side, which accepts (the steps keep their dates, the scans move, the training time continues) or refuses
/// (the case is back with the sender); the sender may withdraw; nothing is recorded on a waiting case; inside the
/// sender's scope the move is immediate. All users of the world are granted on A: B1 is outside their scope.
/// </summary>
public sealed class DevelopmentTransferTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);
    private static readonly string IdNumber = ChineseIdNumber.Compose("110105", D("1998-05-05"), 123);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7, 7];

    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(10, 0)) - TimeProvider.System.GetUtcNow();

    private static async Task<JsonElement> OkAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<string> FailsAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(expected, body);
        return body;
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient c, long caseId, object body) => c.PostAsJsonAsync($"/api/v1/development/cases/{caseId}/steps", body);

    /// <summary>A case in A1: applied 2024-03-01, 谈话 2024-03-08, 积极分子 2024-04-10 (the 12 months count from here), 备案, 联系人; a scan of step 3.</summary>
    private async Task<long> ActivistAsync(HttpClient branch, HttpClient committee, bool withContact = true)
    {
        var opened = await OkAsync(await branch.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "李转出", idNumber = IdNumber, appliedOn = "2024-03-01" }), HttpStatusCode.Created);
        var id = opened.GetProperty("id").GetInt64();
        await OkAsync(await StepAsync(branch, id, new { step = 2, on = "2024-03-08", talker = "张一" }));
        await OkAsync(await StepAsync(branch, id, new { step = 3, on = "2024-04-10", recommendation = "党员推荐" }));
        if (!withContact) return id;
        await OkAsync(await StepAsync(committee, id, new { step = 4, on = "2024-04-15" }));
        await OkAsync(await StepAsync(branch, id, new { step = 5, on = "2024-04-20", memberIds = new[] { World.MemberInOrg[World.A1.Id] } }));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "推荐表.png" }, { new StringContent("3"), "step" } };
        await OkAsync(await branch.PostAsync($"/api/v1/development/cases/{id}/documents", form), HttpStatusCode.Created);
        return id;
    }

    private static Task<HttpResponseMessage> TransferAsync(HttpClient c, long caseId, long toOrgId, string on = "2024-05-01") =>
        c.PostAsJsonAsync($"/api/v1/development/cases/{caseId}/transfer", new { toOrgId, on, reason = "工作调动" });

    private Task<long> NotificationsAsync(string userName, string like) =>
        App.ScalarAsync($"SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.user_name = '{userName}' AND n.title LIKE '%{like}%'");

    [Fact]
    public async Task A_transfer_out_of_the_senders_scope_waits_and_once_accepted_the_steps_scans_and_training_time_continue_at_the_receiver()
    {
        SetToday(D("2024-06-01"));
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var (branch, committee, receiver) = (await App.BearerAsync("branchsec"), await App.BearerAsync("orgadmin"), await App.BearerAsync("b1sec"));
        var id = await ActivistAsync(branch, committee);

        // 转出 to B1 (outside the secretary's scope): 202, the case stays in A1 as it was, waiting
        var sent = await OkAsync(await TransferAsync(branch, id, World.B1.Id), HttpStatusCode.Accepted);
        (sent.GetProperty("id").GetInt64(), sent.GetProperty("orgId").GetInt64(), sent.GetProperty("state").GetString()).ShouldBe((id, World.A1.Id, "入党积极分子"));
        var transfer = sent.GetProperty("transfer");
        (transfer.GetProperty("state").GetString(), transfer.GetProperty("toOrgId").GetInt64()).ShouldBe(("待接收", World.B1.Id));
        var transferId = transfer.GetProperty("id").GetInt64();
        (await NotificationsAsync("b1sec", "发展党员转入待接收")).ShouldBe(1, "the receiving branch's secretary is told");

        // nothing is recorded on a waiting case, and it cannot be sent twice
        (await FailsAsync(await StepAsync(branch, id, new { step = 6, on = "2024-05-20", note = "考察" }), HttpStatusCode.Conflict)).ShouldContain("正在转出至乙一党支部");
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "再传.png" } })
            await FailsAsync(await branch.PostAsync($"/api/v1/development/cases/{id}/documents", form), HttpStatusCode.Conflict);
        await FailsAsync(await TransferAsync(branch, id, World.B1.Id), HttpStatusCode.Conflict);
        await FailsAsync(await branch.PostAsJsonAsync($"/api/v1/development/cases/{id}/withdraw", new { on = "2024-05-20", reason = "撤回" }), HttpStatusCode.Conflict);

        // the receiver sees it waiting, with the steps to review; the sender sees it going out
        var incoming = await OkAsync(await receiver.GetAsync($"/api/v1/development/transfers?org={World.B1.Id}"));
        incoming.GetArrayLength().ShouldBe(1);
        (incoming[0].GetProperty("canDecide").GetBoolean(), incoming[0].GetProperty("steps").GetArrayLength(), incoming[0].GetProperty("documents").GetInt32()).ShouldBe((true, 5, 1));
        incoming[0].GetProperty("idNumber").GetString().ShouldBe(Masking.IdNumber(IdNumber));
        (await OkAsync(await branch.GetAsync($"/api/v1/development/transfers?org={World.A.Id}&direction=out")))[0].GetProperty("canWithdraw").GetBoolean().ShouldBeTrue();
        (await OkAsync(await branch.GetAsync($"/api/v1/development/transfers?org={World.A.Id}"))).GetArrayLength().ShouldBe(0, "nothing comes into A");

        // nobody without scope over B1 accepts: not the sender, not the 党委 of A
        await FailsAsync(await branch.PostAsync($"/api/v1/development/transfers/{transferId}/accept", null), HttpStatusCode.NotFound);
        await FailsAsync(await committee.PostAsync($"/api/v1/development/transfers/{transferId}/accept", null), HttpStatusCode.NotFound);

        var accepted = await OkAsync(await receiver.PostAsync($"/api/v1/development/transfers/{transferId}/accept", null));
        var newId = accepted.GetProperty("id").GetInt64();
        (accepted.GetProperty("orgId").GetInt64(), accepted.GetProperty("transferredFromId").GetInt64(), accepted.GetProperty("state").GetString()).ShouldBe((World.B1.Id, id, "入党积极分子"));
        var steps = accepted.GetProperty("steps");
        steps.EnumerateArray().Select(s => s.GetProperty("on").GetString()).ShouldBe(["2024-03-01", "2024-03-08", "2024-04-10", "2024-04-15", "2024-04-20"]);
        steps.EnumerateArray().All(s => s.GetProperty("carriedOver").GetBoolean()).ShouldBeTrue();
        (await App.WithDbAsync(db => db.Set<DevelopmentCase>().AsNoTracking().FirstAsync(x => x.Id == id))).State.ShouldBe(DevelopmentState.转出);
        (await NotificationsAsync("branchsec", "已转入")).ShouldBe(1, "the sender is told");
        await FailsAsync(await receiver.PostAsync($"/api/v1/development/transfers/{transferId}/accept", null), HttpStatusCode.Conflict);

        // the scan travelled with the case (one file, not two): the receiver lists and downloads it, the sender no longer
        var documents = await OkAsync(await receiver.GetAsync($"/api/v1/development/cases/{newId}/documents"));
        (documents.GetArrayLength(), documents[0].GetProperty("step").GetString()).ShouldBe((1, "3"));
        var documentId = documents[0].GetProperty("id").GetInt64();
        (await (await receiver.GetAsync($"/api/v1/development/cases/{newId}/documents?file={documentId}")).Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        (await App.ScalarAsync("SELECT count(*) FROM development_documents")).ShouldBe(1);
        (await OkAsync(await branch.GetAsync($"/api/v1/development/cases/{id}/documents"))).GetArrayLength().ShouldBe(0);
        await FailsAsync(await branch.GetAsync($"/api/v1/development/cases/{id}/documents?file={documentId}"), HttpStatusCode.NotFound);
        await FailsAsync(await branch.GetAsync($"/api/v1/development/cases/{newId}/documents?file={documentId}"), HttpStatusCode.NotFound);
        // … a 党委 over both branches still sees it
        await App.AddUserAsync("radmin", Role.OrgAdmin, World.R);
        (await (await (await App.BearerAsync("radmin")).GetAsync($"/api/v1/development/cases/{newId}/documents?file={documentId}")).Content.ReadAsByteArrayAsync()).ShouldBe(Png);

        // the training time continues: the 12 months count from the 支委会 of 2024-04-10 in the first branch
        SetToday(D("2025-04-20"));
        receiver = await App.BearerAsync("b1sec");
        await OkAsync(await StepAsync(receiver, newId, new { step = 6, on = "2024-09-01", note = "转入前后表现良好" }));
        await OkAsync(await StepAsync(receiver, newId, new { step = 6, on = "2025-03-01", note = "继续考察" }));
        var early = await FailsAsync(await StepAsync(receiver, newId, new { step = 7, on = "2025-04-09" }), HttpStatusCode.UnprocessableEntity);
        var problem = JsonDocument.Parse(early).RootElement;
        (problem.GetProperty("detail").GetString(), problem.GetProperty("earliestOn").GetString()).ShouldBe(("培养考察未满一年，最早可于2025-04-10确定", "2025-04-10"));
        await OkAsync(await StepAsync(receiver, newId, new { step = 7, on = "2025-04-10" }));

        // every state change is audited, without the ID number in clear
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'development_transfers'")).ShouldBeGreaterThanOrEqualTo(2);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'development.documents_moved'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE concat(before::text, after::text) LIKE '%{IdNumber}%'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_transfer_leaves_the_case_with_the_sender_as_it_was_and_a_withdrawn_one_cannot_be_accepted()
    {
        SetToday(D("2024-06-01"));
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var (branch, committee, receiver) = (await App.BearerAsync("branchsec"), await App.BearerAsync("orgadmin"), await App.BearerAsync("b1sec"));
        var id = await ActivistAsync(branch, committee, withContact: false);

        var transferId = (await OkAsync(await TransferAsync(branch, id, World.B1.Id), HttpStatusCode.Accepted)).GetProperty("transfer").GetProperty("id").GetInt64();
        (await FailsAsync(await receiver.PostAsJsonAsync($"/api/v1/development/transfers/{transferId}/refuse", new { reason = " " }), HttpStatusCode.BadRequest)).ShouldContain("请说明退回的原因");
        var refused = await OkAsync(await receiver.PostAsJsonAsync($"/api/v1/development/transfers/{transferId}/refuse", new { reason = "本人未在我单位工作" }));
        (refused.GetProperty("state").GetString(), refused.GetProperty("decisionNote").GetString()).ShouldBe(("已退回", "本人未在我单位工作"));
        (await NotificationsAsync("branchsec", "被退回")).ShouldBe(1);
        await FailsAsync(await receiver.PostAsync($"/api/v1/development/transfers/{transferId}/accept", null), HttpStatusCode.Conflict);

        // back at the sender, as it was: the next step is recorded there
        var back = await OkAsync(await branch.GetAsync($"/api/v1/development/cases/{id}"));
        (back.GetProperty("orgId").GetInt64(), back.GetProperty("state").GetString(), back.GetProperty("transfer").GetProperty("state").GetString()).ShouldBe((World.A1.Id, "入党积极分子", "已退回"));
        await OkAsync(await StepAsync(committee, id, new { step = 4, on = "2024-05-10" }));

        // sent again and withdrawn by the sender: the receiver can no longer accept
        var again = (await OkAsync(await TransferAsync(branch, id, World.B1.Id, "2024-05-20"), HttpStatusCode.Accepted)).GetProperty("transfer").GetProperty("id").GetInt64();
        await FailsAsync(await receiver.PostAsync($"/api/v1/development/cases/{id}/transfer/withdraw", null), HttpStatusCode.NotFound);
        var withdrawn = await OkAsync(await branch.PostAsync($"/api/v1/development/cases/{id}/transfer/withdraw", null));
        (withdrawn.GetProperty("state").GetString(), withdrawn.GetProperty("transfer").GetProperty("state").GetString()).ShouldBe(("入党积极分子", "已撤回"));
        (await FailsAsync(await receiver.PostAsync($"/api/v1/development/transfers/{again}/accept", null), HttpStatusCode.Conflict)).ShouldContain("已撤回");
        await FailsAsync(await branch.PostAsync($"/api/v1/development/cases/{id}/transfer/withdraw", null), HttpStatusCode.Conflict);
        (await App.ScalarAsync($"SELECT count(*) FROM development_cases WHERE id_number = '{IdNumber}'")).ShouldBe(1, "no case was opened at the receiver");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'development_transfers'")).ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public async Task A_transfer_to_a_branch_inside_the_senders_scope_is_immediate_and_the_scans_move_with_it()
    {
        SetToday(D("2024-06-01"));
        var a2 = await App.WithDbAsync(async db =>
        {
            var orgId = await db.NextOrganizationIdAsync();
            var o = new Organization { Id = orgId, Name = "甲二党支部", Type = OrgType.党支部, ParentId = World.A.Id, Path = OrgRules.ChildPath(World.A.Path, orgId), CreatedAt = DateTimeOffset.UtcNow };
            db.Organizations.Add(o);
            await db.SaveChangesAsync();
            return o;
        });
        var (branch, committee) = (await App.BearerAsync("branchsec"), await App.BearerAsync("orgadmin"));
        var id = await ActivistAsync(branch, committee);
        var moved = await OkAsync(await TransferAsync(branch, id, a2.Id));
        (moved.GetProperty("orgId").GetInt64(), moved.GetProperty("transferredFromId").GetInt64(), moved.GetProperty("transfer").GetProperty("state").GetString()).ShouldBe((a2.Id, id, "已接收"));
        (await OkAsync(await branch.GetAsync($"/api/v1/development/cases/{moved.GetProperty("id").GetInt64()}/documents"))).GetArrayLength().ShouldBe(1);
        (await OkAsync(await branch.GetAsync($"/api/v1/development/cases/{id}"))).GetProperty("state").GetString().ShouldBe("转出");
    }
}
