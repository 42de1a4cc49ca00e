using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Transfers;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// 转入 of a 公民身份号码 the platform already knows: a member who left with an outward 介绍信 comes back to the same
/// record; someone 出党 or still in the platform is refused.
/// </summary>
public sealed class TransferReturnTests(AppFactory app) : AppTest(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private string LastMonth => App.Clock.Today().AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    private static readonly DateOnly Birth = new(1988, 8, 8);

    /// <summary>A 正式党员 of the organization: 入党 2012-07-01, 转正 2013-07-01 (or a 预备党员 without a 转正日期).</summary>
    private Task<long> AddMemberAsync(Organization org, string name, int seq, bool probationary = false) => App.WithDbAsync(async db =>
    {
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.男, IdNumber = IdOf(seq), BirthDate = Birth,
            Category = probationary ? MemberCategory.预备党员 : MemberCategory.正式党员, JoinedAt = new DateOnly(2012, 7, 1),
            ConfirmedAt = probationary ? null : new DateOnly(2013, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private static string IdOf(int seq) => ChineseIdNumber.Compose("370102", Birth, seq);

    private async Task AddRangeAsync()
    {
        var c = await App.SignedInAsync("orgadmin");
        var r = await AppFactory.PostFormAsync(c, $"/Transfers/Letters?handler=Range&org={World.A.Id}", new()
        {
            ["range.Prefix"] = "2026-", ["range.StartNumber"] = "1", ["range.EndNumber"] = "500",
        }, $"/Transfers/Letters?tab=ranges&org={World.A.Id}");
        (await r.Content.ReadAsStringAsync()).ShouldContain("已设置编号段");
    }

    /// <summary>Issues the outward letter (转出) of the member through the API; returns the transfer id.</summary>
    private async Task<long> LeaveAsync(long memberId)
    {
        var r = await (await App.BearerAsync("orgadmin")).PostAsJsonAsync("/api/v1/transfers",
            new { memberId, kind = "转出", toOrgName = "中共某市某区某街道工作委员会", duesPaidTo = LastMonth, reason = "随配偶迁居" });
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    private Dictionary<string, string> ReturnForm(string idNumber, string name, string joined = "2012-07-01", string? confirmed = "2013-07-01",
        string category = "正式党员", string letterNo = "某街工委转字〔2026〕7号") => new()
        {
            ["Inward.FromOrgName"] = "中共某市某区某街道工作委员会", ["Inward.LetterNo"] = letterNo, ["Inward.LetterDate"] = Iso(App.Clock.Today()),
            ["Inward.DuesPaidTo"] = LastMonth, ["Form.Name"] = name, ["Form.IdNumber"] = idNumber, ["Form.Category"] = category,
            ["Form.JoinedAt"] = joined, ["Form.ConfirmedAt"] = confirmed ?? "", ["Form.PartyStatus"] = "正常", ["Form.Ethnicity"] = "汉族",
            ["Form.Phone"] = "13900001111", ["Form.Employer"] = "乙公司",
        };

    private Task<long> CountAsync(string sql) => App.ScalarAsync(sql);

    [Fact]
    public async Task A_member_who_left_with_a_letter_comes_back_to_the_same_record_in_another_branch_with_all_history()
    {
        await AddRangeAsync();
        var id = await AddMemberAsync(World.A1, "归来人", 501);
        // history kept on the record: an earlier post, a reward, a status change
        await App.ExecAsync($"INSERT INTO member_posts (member_id, org_id, title, org_name, start_date, end_date, created_at) VALUES ({id}, {World.A1.Id}, '组织委员', '甲一党支部', '2018-01-01', '2020-12-31', now())");
        await App.ExecAsync($"INSERT INTO member_rewards_penalties (member_id, org_id, kind, date, title, issuer, created_at) VALUES ({id}, {World.A1.Id}, '奖励', '2021-07-01', '优秀共产党员', '甲公司党委', now())");
        await App.ExecAsync($"INSERT INTO member_changes (member_id, org_id, field, old_value, new_value, reason, changed_by, changed_at) VALUES ({id}, {World.A1.Id}, '党籍状态', '正常', '失联', '长期失去联系', 'branchsec', now() - interval '3 years')");
        var outward = await LeaveAsync(id);
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var b1 = await App.BearerAsync("b1sec");
        (await b1.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.B1.Id}&q=归来人")).GetProperty("total").GetInt32().ShouldBe(0);
        var members = await CountAsync("SELECT count(*) FROM members");

        var pages = await App.SignedInAsync("b1sec");
        var r = await AppFactory.PostFormAsync(pages, $"/Transfers/Inward?org={World.B1.Id}", ReturnForm(IdOf(501), "归来人"));
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        r.Headers.Location!.ToString().ShouldBe($"/Members/Details/{id}?saved=1");

        // the same record, now in B1, with the letter's contact data; no second record
        (await CountAsync("SELECT count(*) FROM members")).ShouldBe(members);
        (await CountAsync($"SELECT count(*) FROM members WHERE id = {id} AND org_id = {World.B1.Id} AND phone = '13900001111' AND employer = '乙公司' AND joined_at = '2012-07-01'")).ShouldBe(1);
        var inward = await CountAsync($"SELECT id FROM member_transfers WHERE member_id = {id} AND kind = '转入' AND state = '已转入' AND letter_no = '某街工委转字〔2026〕7号' AND org_id = {World.B1.Id}");
        (await CountAsync($"SELECT count(*) FROM member_transfers WHERE id = {outward} AND state = '已转出' AND returned_transfer_id = {inward}")).ShouldBe(1);
        // all history kept, and the return recorded with both letter numbers
        (await CountAsync($"SELECT count(*) FROM member_posts WHERE member_id = {id} AND title = '组织委员'")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_rewards_penalties WHERE member_id = {id}")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND reason = '长期失去联系'")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND field = '所在党支部' AND new_value = '{World.B1.Name}' AND changed_by = 'b1sec' AND reason LIKE '%转入介绍信某街工委转字〔2026〕7号%' AND reason LIKE '%原转出介绍信2026-001%'")).ShouldBe(1);
        // the earlier membership periods stay; a new one opens in B1 today
        (await CountAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {id} AND org_id = {World.A1.Id} AND to_date = '{Iso(App.Clock.Today())}'")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {id} AND org_id = {World.B1.Id} AND to_date IS NULL")).ShouldBe(1);

        // listed again, shown with the history, and transferable again
        (await b1.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.B1.Id}&q=归来人")).GetProperty("total").GetInt32().ShouldBe(1);
        var record = await pages.GetStringAsync($"/Members/Details/{id}");
        record.ShouldContain("组织关系转回平台");
        record.ShouldContain("长期失去联系");
        record.ShouldContain("member-transfer-start");
        // the used outward letter can no longer be voided
        var voided = await AppFactory.PostFormAsync(await App.SignedInAsync("orgadmin"), $"/Transfers/Cancel/{outward}", new() { ["Note"] = "误开" });
        (await voided.Content.ReadAsStringAsync()).ShouldContain("已凭转入介绍信回到平台");
        (await CountAsync($"SELECT count(*) FROM member_transfers WHERE id = {outward} AND state = '已转出'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_letter_whose_join_date_differs_from_the_kept_record_is_refused_in_chinese_and_nothing_changes()
    {
        await AddRangeAsync();
        var id = await AddMemberAsync(World.A1, "核对人", 503);
        var outward = await LeaveAsync(id);
        var c = await App.SignedInAsync("branchsec");
        var changes = await CountAsync("SELECT count(*) FROM member_changes");

        var wrong = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(503), "核对人", joined: "2012-07-02"));
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await wrong.Content.ReadAsStringAsync();
        html.ShouldContain("介绍信的入党日期（2012年7月2日）与平台保留的档案（2012年7月1日）不一致");
        var confirmed = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(503), "核对人", confirmed: "2013-08-01"));
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain("介绍信的转正日期（2013年8月1日）与平台保留的档案（2013年7月1日）不一致");
        var downgraded = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(503), "核对人", confirmed: null, category: "预备党员"));
        (await downgraded.Content.ReadAsStringAsync()).ShouldContain("已是正式党员，介绍信登记为预备党员");
        // nothing written: still out of the platform, dates as kept
        (await CountAsync($"SELECT count(*) FROM members WHERE id = {id} AND joined_at = '2012-07-01' AND confirmed_at = '2013-07-01'")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_transfers WHERE member_id = {id} AND kind = '转入'")).ShouldBe(0);
        (await CountAsync($"SELECT count(*) FROM member_transfers WHERE id = {outward} AND returned_transfer_id IS NULL")).ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM member_changes")).ShouldBe(changes);

        // the matching letter brings them back to the branch they left (the membership period opens again)
        var ok = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(503), "核对人"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        (await CountAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {id} AND org_id = {World.A1.Id} AND to_date IS NULL")).ShouldBe(1);
        (await (await App.BearerAsync("branchsec")).GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A1.Id}&q=核对人")).GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_probationary_member_confirmed_while_away_comes_back_with_the_new_confirmation_date_in_the_history()
    {
        await AddRangeAsync();
        var id = await AddMemberAsync(World.A1, "转正人", 505, probationary: true);
        await LeaveAsync(id);
        var c = await App.SignedInAsync("branchsec");
        var ok = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(505), "转正人", confirmed: "2013-07-01"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        (await CountAsync($"SELECT count(*) FROM members WHERE id = {id} AND category = '正式党员' AND confirmed_at = '2013-07-01'")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND field = '转正日期' AND new_value = '2013-07-01' AND reason LIKE '%转入介绍信某街工委转字〔2026〕7号%'")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND field = '人员类别' AND old_value = '预备党员' AND new_value = '正式党员'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_id_of_someone_expelled_is_refused_even_after_an_outward_letter()
    {
        await AddRangeAsync();
        var id = await AddMemberAsync(World.A1, "出党人", 507);
        await LeaveAsync(id);
        await App.ExecAsync($"UPDATE members SET party_status = '出党', party_status_date = '2025-03-01', party_status_reason = '开除党籍' WHERE id = {id}");
        var c = await App.SignedInAsync("branchsec");
        var members = await CountAsync("SELECT count(*) FROM members");

        var r = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(507), "出党人"));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain($"公民身份号码 {Masking.IdNumber(IdOf(507))} 的人员已于2025年3月1日出党（档案在{World.A1.Name}），不能凭介绍信登记转入");
        (await CountAsync("SELECT count(*) FROM members")).ShouldBe(members);
        (await CountAsync($"SELECT count(*) FROM members WHERE id = {id} AND party_status = '出党' AND org_id = {World.A1.Id}")).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM member_transfers WHERE member_id = {id} AND kind = '转入'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_id_of_a_member_still_in_the_platform_is_refused_naming_where_only_to_a_reader_of_the_record()
    {
        // a member of B1, outside the registering secretary's scope: the record's organization is not named to them
        var id = await AddMemberAsync(World.B1, "在册人", 509);
        var c = await App.SignedInAsync("branchsec");
        var members = await CountAsync("SELECT count(*) FROM members");
        var r = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(509), "在册人"));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var hidden = await r.Content.ReadAsStringAsync();
        hidden.ShouldContain("该公民身份号码已在平台登记，请联系上级党委组织部门核实");
        hidden.ShouldNotContain(World.B1.Name);
        // an administrator over both branches is told where the record is
        await App.AddUserAsync("radmin", Role.OrgAdmin, World.R);
        var admin = await App.SignedInAsync("radmin");
        var html = await (await AppFactory.PostFormAsync(admin, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(509), "在册人"))).Content.ReadAsStringAsync();
        html.ShouldContain($"公民身份号码 {Masking.IdNumber(IdOf(509))} 已是{World.B1.Name}的党员，不能重复登记；如需转入本支部，请由{World.B1.Name}发起系统内组织关系转接");
        (await CountAsync("SELECT count(*) FROM members")).ShouldBe(members);
        (await CountAsync($"SELECT count(*) FROM members WHERE id = {id} AND org_id = {World.B1.Id}")).ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM member_transfers WHERE kind = '转入'")).ShouldBe(0);

        // a voided letter brings the member back in: the ID is refused again as a member in the platform
        await AddRangeAsync();
        var inA1 = await AddMemberAsync(World.A1, "作废人", 511);
        var outward = await LeaveAsync(inA1);
        var voided = await AppFactory.PostFormAsync(await App.SignedInAsync("orgadmin"), $"/Transfers/Cancel/{outward}", new() { ["Note"] = "误开" });
        voided.StatusCode.ShouldBe(HttpStatusCode.Redirect, await voided.Content.ReadAsStringAsync());
        (await CountAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {inA1} AND org_id = {World.A1.Id} AND to_date IS NULL")).ShouldBe(1);
        var again = await AppFactory.PostFormAsync(c, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(511), "作废人"));
        (await again.Content.ReadAsStringAsync()).ShouldContain($"已是{World.A1.Name}的党员，不能重复登记；该党员已在本支部");
    }

    [Fact]
    public async Task A_secretary_of_an_unrelated_branch_learns_neither_where_nor_when_nor_the_kept_dates()
    {
        await AddRangeAsync();
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var b1 = await App.SignedInAsync("b1sec");
        var admin = await App.SignedInAsync("branchsec");   // over A, where the records are kept

        // 出党: refused without the organization, the date or the word
        var expelled = await AddMemberAsync(World.A1, "出党者", 521);
        await LeaveAsync(expelled);
        await App.ExecAsync($"UPDATE members SET party_status = '出党', party_status_date = '2025-03-01', party_status_reason = '开除党籍' WHERE id = {expelled}");
        var r = await AppFactory.PostFormAsync(b1, $"/Transfers/Inward?org={World.B1.Id}", ReturnForm(IdOf(521), "出党者"));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("该公民身份号码已在平台登记，请联系上级党委组织部门核实");
        foreach (var secret in new[] { "出党（", "2025年3月1日", World.A1.Name, "开除" }) html.ShouldNotContain(secret);
        (await (await AppFactory.PostFormAsync(admin, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(521), "出党者"))).Content.ReadAsStringAsync())
            .ShouldContain($"已于2025年3月1日出党（档案在{World.A1.Name}）");

        // a date difference: the letter's date, never the kept one
        var away = await AddMemberAsync(World.A1, "外出者", 523);
        await LeaveAsync(away);
        var wrong = await (await AppFactory.PostFormAsync(b1, $"/Transfers/Inward?org={World.B1.Id}", ReturnForm(IdOf(523), "外出者", joined: "2012-07-02", confirmed: "2013-08-01"))).Content.ReadAsStringAsync();
        wrong.ShouldContain("介绍信的入党日期（2012年7月2日）与平台保留的档案不一致");
        wrong.ShouldContain("介绍信的转正日期（2013年8月1日）与平台保留的档案不一致");
        wrong.ShouldNotContain("2012年7月1日");
        wrong.ShouldNotContain("2013年7月1日");
        wrong.ShouldNotContain(World.A1.Name);
        (await CountAsync($"SELECT count(*) FROM member_transfers WHERE member_id = {away} AND kind = '转入'")).ShouldBe(0);
        // the reader over the kept record sees both dates
        (await (await AppFactory.PostFormAsync(admin, $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(523), "外出者", joined: "2012-07-02"))).Content.ReadAsStringAsync())
            .ShouldContain("介绍信的入党日期（2012年7月2日）与平台保留的档案（2012年7月1日）不一致");
    }

    [Fact]
    public async Task The_history_of_a_return_to_another_branch_belongs_to_the_receiving_branch()
    {
        await AddRangeAsync();
        var id = await AddMemberAsync(World.A1, "异地转正人", 525, probationary: true);
        await LeaveAsync(id);
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var ok = await AppFactory.PostFormAsync(await App.SignedInAsync("b1sec"), $"/Transfers/Inward?org={World.B1.Id}", ReturnForm(IdOf(525), "异地转正人", confirmed: "2013-07-01"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        // 转正 while away, the category change and the branch change: all written in B1's name
        (await CountAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND field IN ('转正日期', '人员类别', '所在党支部') AND org_id = {World.B1.Id}")).ShouldBe(3);
        (await CountAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND org_id = {World.A1.Id} AND changed_by = 'b1sec'")).ShouldBe(0);
        (await CountAsync($"SELECT count(*) FROM members WHERE id = {id} AND org_id = {World.B1.Id} AND category = '正式党员'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_letter_whose_member_came_back_is_neither_overdue_nor_voidable()
    {
        await AddRangeAsync();
        var id = await AddMemberAsync(World.A1, "回执人", 527);
        var outward = await LeaveAsync(id);
        // issued long ago: its 回执 would be overdue
        await App.ExecAsync($"UPDATE member_transfers SET letter_date = current_date - 200 WHERE id = {outward}");
        var c = await App.SignedInAsync("orgadmin");
        var before = await c.GetStringAsync($"/Transfers/Letters?org={World.A.Id}");
        before.ShouldContain("receipt-overdue-alert");
        before.ShouldContain($"/Transfers/Cancel/{outward}");

        var ok = await AppFactory.PostFormAsync(await App.SignedInAsync("branchsec"), $"/Transfers/Inward?org={World.A1.Id}", ReturnForm(IdOf(527), "回执人"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());

        var after = await c.GetStringAsync($"/Transfers/Letters?org={World.A.Id}");
        after.ShouldNotContain("receipt-overdue-alert");
        after.ShouldNotContain("receipt-overdue\"");
        after.ShouldNotContain($"/Transfers/Cancel/{outward}");
        after.ShouldContain("letter-returned");
        var cancel = await c.GetStringAsync($"/Transfers/Cancel/{outward}");
        cancel.ShouldContain("cancel-closed");
        cancel.ShouldNotContain("cancel-submit");
    }
}
