using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>发展党员 through HTTP: a case's whole life, every bad input of issue 14 that concerns it, and who may do what.</summary>
public sealed class DevelopmentCaseTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);
    private static readonly DateOnly Birth = D("1998-05-05");
    private static readonly string IdNumber = ChineseIdNumber.Compose("110105", Birth, 123);

    /// <summary>Puts the app's China day on <paramref name="day"/> (the clock is real time plus an offset).</summary>
    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(10, 0)) - TimeProvider.System.GetUtcNow();

    /// <summary>The branch's people: six 正式党员 (张一…张六), 预备甲, and 处分乙 under 留党察看 from 2024-12-01.</summary>
    private Task<Dictionary<string, long>> SeedBranchAsync() => App.WithDbAsync(async db =>
    {
        var ids = new Dictionary<string, long>();
        var n = 0;
        Member Add(string name, MemberCategory category, DateOnly joined, DateOnly? confirmed)
        {
            var birth = new DateOnly(1980, 1, 1).AddDays(n * 40);
            var m = new Member
            {
                OrgId = World.A1.Id, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110105", birth, 500 + n++), BirthDate = birth,
                Category = category, JoinedAt = joined, ConfirmedAt = confirmed, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Members.Add(m);
            return m;
        }
        var all = new List<Member>();
        foreach (var name in new[] { "张一", "张二", "张三", "张四", "张五", "张六" }) all.Add(Add(name, MemberCategory.正式党员, D("2010-07-01"), D("2011-07-01")));
        all.Add(Add("预备甲", MemberCategory.预备党员, D("2024-01-10"), null));
        all.Add(Add("处分乙", MemberCategory.正式党员, D("2010-07-01"), D("2011-07-01")));
        await db.SaveChangesAsync();
        db.Add(new MemberRewardPenalty { MemberId = all[^1].Id, OrgId = World.A1.Id, Kind = RewardPenaltyKind.惩处, Date = D("2024-12-01"), Title = "留党察看二年", Issuer = "甲公司党委", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        foreach (var m in all) ids[m.Name] = m.Id;
        return ids;
    });

    private async Task<(HttpClient Branch, HttpClient Committee)> ClientsAsync() => (await App.BearerAsync("branchsec"), await App.BearerAsync("orgadmin"));

    private async Task<JsonElement> OkAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage r, string detail, string? earliestOn = null)
    {
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, body);
        var p = JsonDocument.Parse(body).RootElement;
        p.GetProperty("detail").GetString().ShouldBe(detail);
        if (earliestOn is not null) p.GetProperty("earliestOn").GetString().ShouldBe(earliestOn);
        return p;
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient c, long caseId, object body) => c.PostAsJsonAsync($"/api/v1/development/cases/{caseId}/steps", body);

    private async Task<long> OpenAsync(HttpClient c, string applied = "2024-03-01", string? id = null)
    {
        var r = await OkAsync(await c.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "李发展", idNumber = id ?? IdNumber, appliedOn = applied }), HttpStatusCode.Created);
        return r.GetProperty("id").GetInt64();
    }

    private Task<long> StepCountAsync() => App.ScalarAsync("SELECT count(*) FROM development_steps");

    [Fact]
    public async Task A_case_goes_from_application_to_confirmation_and_every_gate_refuses_with_its_date()
    {
        var p = await SeedBranchAsync();
        SetToday(D("2024-03-10"));
        var (branch, committee) = await ClientsAsync();
        var id = await OpenAsync(branch);

        var opened = await OkAsync(await branch.GetAsync($"/api/v1/development/cases/{id}"));
        opened.GetProperty("idNumber").GetString().ShouldBe(Masking.IdNumber(IdNumber));
        opened.GetProperty("packVersion").GetString().ShouldBe("细则-2014");
        var next = opened.GetProperty("next");
        (next.GetProperty("step").GetString(), next.GetProperty("name").GetString(), next.GetProperty("dueBy").GetString()).ShouldBe(("2", "党组织派人谈话", "2024-04-01"));

        await OkAsync(await StepAsync(branch, id, new { step = 2, on = "2024-03-08", talker = "张一" }));
        SetToday(D("2024-04-30"));
        (branch, committee) = await ClientsAsync();
        await OkAsync(await StepAsync(branch, id, new { step = 3, on = "2024-04-10", recommendation = "党员推荐" }));
        // a 党委 step by the branch secretary is refused, by the 党委管理员 recorded
        (await StepAsync(branch, id, new { step = 4, on = "2024-04-15" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await OkAsync(await StepAsync(committee, id, new { step = 4, on = "2024-04-15" }));
        await OkAsync(await StepAsync(branch, id, new { step = 5, on = "2024-04-20", memberIds = new[] { p["张一"] } }));

        SetToday(D("2025-04-09"));
        (branch, committee) = await ClientsAsync();
        await OkAsync(await StepAsync(branch, id, new { step = 6, on = "2024-09-01", note = "表现良好" }));
        await RefusedAsync(await StepAsync(branch, id, new { step = 6, on = "2024-10-01", note = "再次考察" }), "本半年（2024-04-10至2024-10-09）已有考察记录，下一次最早可于2024-10-10记录", "2024-10-10");
        await OkAsync(await StepAsync(branch, id, new { step = 6, on = "2025-03-01", note = "继续考察" }));
        var early = await RefusedAsync(await StepAsync(branch, id, new { step = 7, on = "2025-04-09" }), "培养考察未满一年，最早可于2025-04-10确定", "2025-04-10");
        early.GetProperty("rule").GetString().ShouldBe("培养考察期");

        SetToday(D("2025-04-20"));
        (branch, committee) = await ClientsAsync();
        await OkAsync(await StepAsync(branch, id, new { step = 7, on = "2025-04-10" }));
        await OkAsync(await StepAsync(committee, id, new { step = 8, on = "2025-04-12" }));
        var before = await StepCountAsync();
        await RefusedAsync(await StepAsync(branch, id, new { step = 9, on = "2025-04-15", memberIds = new[] { p["张一"], p["预备甲"] } }), "预备甲在2025-04-15是预备党员，不能担任入党介绍人");
        await RefusedAsync(await StepAsync(branch, id, new { step = 9, on = "2025-04-15", memberIds = new[] { p["张一"], p["处分乙"] } }), "处分乙受留党察看处分（至2026-11-30），不能担任入党介绍人");
        (await StepCountAsync()).ShouldBe(before, "nothing half-written");
        await OkAsync(await StepAsync(branch, id, new { step = 9, on = "2025-04-15", memberIds = new[] { p["张一"], p["张二"] } }));

        SetToday(D("2025-06-27"));
        (branch, committee) = await ClientsAsync();
        await OkAsync(await StepAsync(branch, id, new { step = 10, on = "2025-05-10", conclusion = "合格" }));
        await OkAsync(await StepAsync(branch, id, new { step = 11, on = "2025-06-10", trainingDays = 3 }));
        await OkAsync(await StepAsync(branch, id, new { step = 12, on = "2025-06-20" }));
        await OkAsync(await StepAsync(branch, id, new { step = "12a", on = "2025-06-23" }));
        await RefusedAsync(await StepAsync(committee, id, new { step = 13, on = "2025-06-27" }), "公示期未满5个工作日（2025-06-23至2025-06-27），最早可于2025-06-28预审", "2025-06-28");

        SetToday(D("2025-07-10"));
        (branch, committee) = await ClientsAsync();
        var reviewed = await OkAsync(await StepAsync(committee, id, new { step = 13, on = "2025-06-30", volunteerBookNo = "2025000123" }));
        reviewed.GetProperty("volunteerBookNo").GetString().ShouldBe("2025000123");
        reviewed.GetProperty("state").GetString().ShouldBe("发展对象已预审");
        await OkAsync(await StepAsync(branch, id, new { step = 14, on = "2025-07-05" }));
        // 应到 = 6 正式党员 of A1 + the world's 测试党员3 = 7 (预备甲 has no vote, 处分乙 is under 留党察看): 3 present is no quorum
        var members = new[] { p["张一"], p["张二"], p["张三"], p["张四"], p["张五"], p["张六"], World.MemberInOrg[World.A1.Id] };
        await RefusedAsync(await StepAsync(branch, id, new { step = 15, on = "2025-07-10", presentIds = members.Take(3).Append(p["预备甲"]).Append(p["处分乙"]), votesFor = 3 }),
            "有表决权的到会党员3人，未超过应到会有表决权党员7人的半数，支部大会不能召开");
        // a meeting with a quorum whose vote fails is kept; the case stays 发展对象已预审 until another 支部大会
        var failed = await OkAsync(await StepAsync(branch, id, new { step = 15, on = "2025-07-10", presentIds = members.Take(4), votesFor = 3, votesAbstain = 1 }));
        failed.GetProperty("state").GetString().ShouldBe("发展对象已预审");
        failed.GetProperty("steps").EnumerateArray().Last().GetProperty("warnings")[0].GetString()
            .ShouldBe("表决未通过：赞成票3票（含会前书面赞成0票），未超过应到会有表决权正式党员7人的半数，未通过；档案停留在原阶段，可另行召开支部大会");
        (await StepAsync(committee, id, new { step = 16, on = "2025-07-10", talker = "党委委员王某" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var voted = await OkAsync(await StepAsync(branch, id, new
        {
            step = 15, on = "2025-07-10", presentIds = members.Take(4), votesFor = 3, votesAbstain = 1,
            writtenVotes = new[] { new { memberId = members[5], vote = "赞成" } },
        }));
        var vote = voted.GetProperty("steps").EnumerateArray().Last().GetProperty("fields").GetProperty("vote");
        (vote.GetProperty("expected").GetInt32(), vote.GetProperty("present").GetInt32(), vote.GetProperty("writtenFor").GetInt32(), vote.GetProperty("passed").GetBoolean()).ShouldBe((7, 4, 1, true));
        voted.GetProperty("state").GetString().ShouldBe("预备党员待审批");
        voted.GetProperty("next").GetProperty("step").GetString().ShouldBe("16");

        SetToday(D("2025-08-20"));
        (branch, committee) = await ClientsAsync();
        await OkAsync(await StepAsync(committee, id, new { step = 16, on = "2025-07-15", talker = "党委委员王某" }));
        // the top 党委's dues: July (the 支部大会's month) settled and August started before the approval
        (await App.ScalarAsync($"WITH x AS (INSERT INTO dues_months (org_id, month, state, created_at) VALUES ({World.R.Id}, '2025-07-01', '已结算', now()), ({World.R.Id}, '2025-08-01', '启动缴费', now()) RETURNING id) SELECT count(*) FROM x")).ShouldBe(2);
        var approved = await OkAsync(await StepAsync(committee, id, new { step = 17, on = "2025-08-01" }));
        approved.GetProperty("state").GetString().ShouldBe("预备党员");
        approved.GetProperty("probationEndsOn").GetString().ShouldBe("2026-07-10");
        var memberId = approved.GetProperty("memberId").GetInt64();
        var member = await App.WithDbAsync(db => db.Members.AsNoTracking().FirstAsync(m => m.Id == memberId));
        (member.Category, member.JoinedAt, member.OrgId, member.IdNumber).ShouldBe((MemberCategory.预备党员, D("2025-07-10"), World.A1.Id, IdNumber));
        (await App.ScalarAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {memberId} AND from_date = '2025-07-10' AND org_id = {World.A1.Id}")).ShouldBe(1);
        // dues from the month of the 支部大会: July as 往月应补缴 (延迟), August as an ordinary line of the open month
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {memberId} AND month = '2025-07-01' AND delayed AND delay_remark LIKE '入党晚于%'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_entries WHERE member_id = {memberId} AND month = '2025-08-01' AND NOT delayed AND org_id = {World.A1.Id}")).ShouldBe(1);

        await OkAsync(await StepAsync(committee, id, new { step = 18, on = "2025-08-05" }));
        await OkAsync(await StepAsync(branch, id, new { step = 19, on = "2025-08-06" }));
        var oath = await OkAsync(await StepAsync(branch, id, new { step = 20, on = "2025-08-20" }));
        oath.GetProperty("probationEndsOn").GetString().ShouldBe("2026-07-10", "the oath changes nothing");

        SetToday(D("2026-07-09"));
        (branch, committee) = await ClientsAsync();
        await OkAsync(await StepAsync(branch, id, new { step = 21, on = "2025-11-01", note = "预备期考察良好" }));
        await OkAsync(await StepAsync(branch, id, new { step = 22, on = "2026-06-10" }));
        await RefusedAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-09", outcome = "按期转正", presentIds = members.Take(5), votesFor = 5 }),
            "预备期未满，最早可于2026-07-10讨论转正", "2026-07-10");

        SetToday(D("2026-08-01"));
        (branch, committee) = await ClientsAsync();
        await OkAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-10", outcome = "按期转正", presentIds = members.Take(5), votesFor = 5 }));
        var confirmed = await OkAsync(await StepAsync(committee, id, new { step = 24, on = "2026-07-20" }));
        confirmed.GetProperty("state").GetString().ShouldBe("正式党员");
        member = await App.WithDbAsync(db => db.Members.AsNoTracking().FirstAsync(m => m.Id == memberId));
        (member.Category, member.ConfirmedAt).ShouldBe((MemberCategory.正式党员, D("2026-07-10")));
        var archived = await OkAsync(await StepAsync(branch, id, new { step = 25, on = "2026-07-25" }));
        archived.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        archived.GetProperty("steps").GetArrayLength().ShouldBe(28); // 25 steps, 12a, the second 考察 and the failed 支部大会

        // the audit trail has the case and its steps, and never the ID number in clear
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'development_steps'")).ShouldBeGreaterThan(20);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'development_cases' AND action = 'create'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE concat(before::text, after::text) LIKE '%{IdNumber}%'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_contact_from_outside_the_callers_scope_reads_as_unknown_and_tells_nothing_about_that_member()
    {
        var p = await SeedBranchAsync();
        var outsider = World.MemberInOrg[World.B1.Id];
        var outsiderName = await App.WithDbAsync(async db =>
        {
            db.Add(new MemberRewardPenalty { MemberId = outsider, OrgId = World.B1.Id, Kind = RewardPenaltyKind.惩处, Date = D("2024-01-01"), Title = "留党察看二年", Issuer = "乙公司党委", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return (await db.Members.FindAsync(outsider))!.Name;
        });
        SetToday(D("2024-04-30"));
        var (branch, committee) = await ClientsAsync();
        var id = await OpenAsync(branch);
        await OkAsync(await StepAsync(branch, id, new { step = 2, on = "2024-03-08", talker = "张一" }));
        await OkAsync(await StepAsync(branch, id, new { step = 3, on = "2024-04-10", recommendation = "党员推荐" }));
        await OkAsync(await StepAsync(committee, id, new { step = 4, on = "2024-04-15" }));
        var steps = await StepCountAsync();

        var r = await StepAsync(branch, id, new { step = 5, on = "2024-04-20", memberIds = new[] { outsider } });
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        body.ShouldContain("所选党员不存在");
        body.ShouldNotContain(outsiderName);
        body.ShouldNotContain("留党察看");
        (await StepCountAsync()).ShouldBe(steps);
        await OkAsync(await StepAsync(branch, id, new { step = 5, on = "2024-04-20", memberIds = new[] { p["张一"] } }));
    }

    [Fact]
    public async Task A_wrong_checksum_and_an_applicant_under_18_are_refused_and_nothing_is_written()
    {
        SetToday(D("2026-03-10"));
        var c = await App.BearerAsync("branchsec");
        var bad = IdNumber[..17] + (IdNumber[17] == '0' ? '1' : '0');
        var r = await c.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "王五", idNumber = bad, appliedOn = "2026-03-01" });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("idNumber")[0].GetString().ShouldBe("公民身份号码校验码错误");

        var young = ChineseIdNumber.Compose("110105", D("2008-03-05"), 456);
        var refused = await RefusedAsync(await c.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "小王", idNumber = young, appliedOn = "2026-03-04" }),
            "申请日未满18周岁（满18周岁：2026-03-05）", "2026-03-05");
        refused.GetProperty("rule").GetString().ShouldBe("年龄");
        (await App.ScalarAsync("SELECT count(*) FROM development_cases")).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM development_steps")).ShouldBe(0);
        await OkAsync(await c.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "小王", idNumber = young, appliedOn = "2026-03-05" }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_step_out_of_order_is_refused_naming_the_missing_step()
    {
        SetToday(D("2024-06-01"));
        var c = await App.BearerAsync("branchsec");
        var id = await OpenAsync(c);
        var before = await StepCountAsync();
        var p = await RefusedAsync(await StepAsync(c, id, new { step = 3, on = "2024-03-10" }), "须先记录第2步“党组织派人谈话”，才能记录第3步“推荐和确定入党积极分子”");
        p.GetProperty("rule").GetString().ShouldBe("步骤顺序");
        (await StepCountAsync()).ShouldBe(before);
        // a late talk needs a reason and is flagged
        await RefusedAsync(await StepAsync(c, id, new { step = 2, on = "2024-04-02" }), "谈话超过申请后1个月（应于2024-04-01前），请填写超期原因");
        var late = await OkAsync(await StepAsync(c, id, new { step = 2, on = "2024-04-02", lateReason = "申请人出差" }));
        late.GetProperty("steps")[1].GetProperty("warnings")[0].GetString().ShouldBe("谈话超期：应于2024-04-01前谈话");
    }

    /// <summary>A 预备党员 whose 支部大会 was on 2025-07-10, seeded directly with steps 1–22 (for the 转正 rounds).</summary>
    private Task<(long Case, long Member)> SeedProbationerAsync() => App.WithDbAsync(async db =>
    {
        var m = new Member
        {
            OrgId = World.A1.Id, Name = "李发展", Gender = Gender.男, IdNumber = IdNumber, BirthDate = Birth, Category = MemberCategory.预备党员,
            JoinedAt = D("2025-07-10"), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        var c = new DevelopmentCase
        {
            OrgId = World.A1.Id, Name = m.Name, IdNumber = IdNumber, BirthDate = Birth, Gender = Gender.男, AppliedOn = D("2024-03-01"), State = DevelopmentState.预备党员,
            PackVersion = "细则-2014", MemberId = m.Id, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(c);
        await db.SaveChangesAsync();
        var steps = new (string, string, string)[]
        {
            ("1", "2024-03-01", "{}"), ("2", "2024-03-08", "{}"), ("3", "2024-04-10", "{}"), ("4", "2024-04-15", "{}"), ("5", "2024-04-20", "{}"),
            ("6", "2024-09-01", "{\"note\":\"x\"}"), ("6", "2025-03-01", "{\"note\":\"x\"}"), ("7", "2025-04-10", "{}"), ("8", "2025-04-12", "{}"), ("9", "2025-04-15", "{}"),
            ("10", "2025-05-10", "{\"conclusion\":\"合格\"}"), ("11", "2025-06-10", "{\"trainingDays\":3}"), ("12", "2025-06-20", "{}"), ("12a", "2025-06-23", "{}"),
            ("13", "2025-06-30", "{}"), ("14", "2025-07-05", "{}"), ("15", "2025-07-10", "{}"), ("16", "2025-07-15", "{}"), ("17", "2025-08-01", "{\"approved\":true}"),
            ("18", "2025-08-05", "{}"), ("19", "2025-08-06", "{}"), ("20", "2025-08-20", "{}"), ("22", "2026-06-10", "{}"),
        };
        foreach (var (step, on, fields) in steps)
            db.Add(new DevelopmentStep { CaseId = c.Id, OrgId = c.OrgId, Step = step, On = D(on), Fields = fields, RecordedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (c.Id, m.Id);
    });

    [Fact]
    public async Task An_extension_of_5_or_13_months_is_refused_7_is_accepted_and_a_second_is_refused()
    {
        var p = await SeedBranchAsync();
        var (id, memberId) = await SeedProbationerAsync();
        SetToday(D("2026-07-20"));
        var (branch, committee) = await ClientsAsync();
        var present = new[] { p["张一"], p["张二"], p["张三"], p["张四"], p["张五"] };
        var before = await StepCountAsync();
        await RefusedAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-10", outcome = "延长预备期", extensionMonths = 5, presentIds = present, votesFor = 5 }),
            "预备期只能延长一次，延长时间为6至12个月");
        await RefusedAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-10", outcome = "延长预备期", extensionMonths = 13, presentIds = present, votesFor = 5 }),
            "预备期只能延长一次，延长时间为6至12个月");
        (await StepCountAsync()).ShouldBe(before);
        await OkAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-10", outcome = "延长预备期", extensionMonths = 7, presentIds = present, votesFor = 5 }));
        (await App.WithDbAsync(db => db.Members.AsNoTracking().FirstAsync(m => m.Id == memberId))).ProbationExtensionMonths.ShouldBeNull("nothing changes until the 党委 approves");
        var extended = await OkAsync(await StepAsync(committee, id, new { step = 24, on = "2026-07-15" }));
        extended.GetProperty("state").GetString().ShouldBe("预备党员延长期");
        extended.GetProperty("probationEndsOn").GetString().ShouldBe("2027-02-10");
        (await App.WithDbAsync(db => db.Members.AsNoTracking().FirstAsync(m => m.Id == memberId))).ProbationExtensionMonths.ShouldBe(7);

        SetToday(D("2027-02-15"));
        (branch, committee) = await ClientsAsync();
        await RefusedAsync(await StepAsync(branch, id, new { step = 23, on = "2027-02-10", outcome = "延长预备期", extensionMonths = 6, presentIds = present, votesFor = 5 }),
            "预备期只能延长一次，已延长过，期满时只能转正或取消预备党员资格");
        await OkAsync(await StepAsync(branch, id, new { step = 23, on = "2027-02-10", outcome = "按期转正", presentIds = present, votesFor = 5 }));
        (await OkAsync(await StepAsync(committee, id, new { step = 24, on = "2027-02-12" }))).GetProperty("state").GetString().ShouldBe("正式党员");
        var m = await App.WithDbAsync(db => db.Members.AsNoTracking().FirstAsync(x => x.Id == memberId));
        (m.Category, m.ConfirmedAt).ShouldBe((MemberCategory.正式党员, D("2027-02-10")));
    }

    [Fact]
    public async Task Editing_a_date_needs_a_reason_reruns_the_later_gates_and_keeps_the_old_version()
    {
        SetToday(D("2025-06-01"));
        var c = await App.BearerAsync("branchsec");
        var id = await OpenAsync(c);
        await OkAsync(await StepAsync(c, id, new { step = 2, on = "2024-03-08" }));
        var third = await OkAsync(await StepAsync(c, id, new { step = 3, on = "2024-04-10" }));
        await OkAsync(await StepAsync(await App.BearerAsync("orgadmin"), id, new { step = 4, on = "2024-04-15" }));
        var stepId = third.GetProperty("steps")[2].GetProperty("id").GetInt64();

        var noReason = await c.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps/{stepId}/date", new { on = "2024-04-12" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await RefusedAsync(await c.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps/{stepId}/date", new { on = "2024-04-20", reason = "笔误" }),
            "改为2024-04-20后，第4步“上级党委备案”（2024-04-15）不再符合规定：上级党委备案的日期不能早于第3步“推荐和确定入党积极分子”的日期（2024-04-20），最早可于2024-04-20");
        var edited = await OkAsync(await c.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps/{stepId}/date", new { on = "2024-04-12", reason = "支委会记录日期笔误" }));
        var step3 = edited.GetProperty("steps")[2];
        (step3.GetProperty("on").GetString(), step3.GetProperty("edited").GetBoolean(), step3.GetProperty("editReason").GetString()).ShouldBe(("2024-04-12", true, "支委会记录日期笔误"));
        edited.GetProperty("steps").GetArrayLength().ShouldBe(4);
        (await App.ScalarAsync("SELECT count(*) FROM development_steps WHERE step = '3'")).ShouldBe(2, "the old version stays");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'development.step_date_edit'")).ShouldBe(1);
    }

    [Fact]
    public async Task Who_may_open_and_record_and_where()
    {
        SetToday(D("2024-06-01"));
        var temp = await App.WithDbAsync(async db =>
        {
            var id = await db.NextOrganizationIdAsync();
            var o = new Organization { Id = id, Name = "临时党支部", Type = OrgType.临时党支部, ParentId = World.A.Id, Path = OrgRules.ChildPath(World.A.Path, id), CreatedAt = DateTimeOffset.UtcNow };
            db.Organizations.Add(o);
            await db.SaveChangesAsync();
            return o;
        });
        var branch = await App.BearerAsync("branchsec");
        await RefusedAsync(await branch.PostAsJsonAsync("/api/v1/development/cases", new { orgId = temp.Id, name = "李", idNumber = IdNumber, appliedOn = "2024-03-01" }), "临时党支部不能发展党员");
        // outside the caller's subtree: as if it did not exist
        (await branch.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.B1.Id, name = "李", idNumber = IdNumber, appliedOn = "2024-03-01" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await App.BearerAsync("mem")).PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "李", idNumber = IdNumber, appliedOn = "2024-03-01" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var insp = await App.BearerAsync("insp");
        (await insp.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "李", idNumber = IdNumber, appliedOn = "2024-03-01" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var id = await OpenAsync(branch);
        // one open case per ID number across the platform
        var dup = await branch.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "李发展", idNumber = IdNumber, appliedOn = "2024-03-02" });
        dup.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await dup.Content.ReadAsStringAsync()).ShouldContain("已有未办结的发展党员档案");
        (await (await insp.GetAsync($"/api/v1/development/cases/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString().ShouldBe("李发展");
        (await insp.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps", new { step = 2, on = "2024-03-05" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await App.BearerAsync("mem")).GetAsync($"/api/v1/development/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // the full ID number only with PersonalDataFull, and that view is audited without the number
        (await branch.GetAsync($"/api/v1/development/cases/{id}?full=true")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var full = await OkAsync(await (await App.BearerAsync("orgadmin")).GetAsync($"/api/v1/development/cases/{id}?full=true"));
        full.GetProperty("idNumber").GetString().ShouldBe(IdNumber);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'personal.view_full' AND entity = 'development_cases'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE concat(before::text, after::text) LIKE '%{IdNumber}%'")).ShouldBe(0);

        // the board: counts per stage, filtered by stage, the 党委's queue
        var list = await OkAsync(await branch.GetAsync($"/api/v1/development/cases?org={World.A.Id}&stage=1"));
        (list.GetProperty("total").GetInt32(), list.GetProperty("items")[0].GetProperty("idNumber").GetString()).ShouldBe((1, Masking.IdNumber(IdNumber)));
        list.GetProperty("stageCounts").GetProperty("申请入党").GetInt32().ShouldBe(1);
        (await OkAsync(await branch.GetAsync($"/api/v1/development/cases?org={World.A.Id}&stage=2"))).GetProperty("total").GetInt32().ShouldBe(0);
        (await OkAsync(await branch.GetAsync($"/api/v1/development/cases?org={World.A.Id}&waiting=党委"))).GetProperty("total").GetInt32().ShouldBe(0);
        (await OkAsync(await branch.GetAsync($"/api/v1/development/cases?org={World.A.Id}&waiting=支部"))).GetProperty("total").GetInt32().ShouldBe(1);
        (await OkAsync(await branch.GetAsync($"/api/v1/development/cases?org={World.A.Id}&overdue=true"))).GetProperty("total").GetInt32().ShouldBe(1, "谈话 was due on 2024-04-01");
    }

    [Fact]
    public async Task Withdrawing_terminating_and_transferring_end_the_case_and_training_time_carries_over()
    {
        SetToday(D("2024-06-01"));
        var c = await App.BearerAsync("orgadmin");
        var id = await OpenAsync(c);
        await OkAsync(await StepAsync(c, id, new { step = 2, on = "2024-03-08" }));
        await OkAsync(await StepAsync(c, id, new { step = 3, on = "2024-04-10" }));

        var noRecord = await c.PostAsJsonAsync($"/api/v1/development/cases/{id}/terminate", new { on = "2024-05-01", reason = "不具备条件" });
        noRecord.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noRecord.Content.ReadAsStringAsync()).ShouldContain("终止发展须有支委会记录");

        // a branch inside the caller's scope receives at once (one outside waits for its side: DevelopmentTransferTests)
        var a2 = await App.WithDbAsync(async db =>
        {
            var orgId = await db.NextOrganizationIdAsync();
            db.Organizations.Add(new Organization { Id = orgId, Name = "甲二党支部", Type = OrgType.党支部, ParentId = World.A.Id, Path = OrgRules.ChildPath(World.A.Path, orgId), CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return orgId;
        });
        var moved = await OkAsync(await c.PostAsJsonAsync($"/api/v1/development/cases/{id}/transfer", new { toOrgId = a2, on = "2024-05-01", reason = "调动工作" }));
        moved.GetProperty("orgId").GetInt64().ShouldBe(a2);
        moved.GetProperty("transferredFromId").GetInt64().ShouldBe(id);
        moved.GetProperty("state").GetString().ShouldBe("入党积极分子");
        moved.GetProperty("steps").GetArrayLength().ShouldBe(3);
        moved.GetProperty("steps")[2].GetProperty("on").GetString().ShouldBe("2024-04-10", "training time counts from the first branch's 支委会");
        moved.GetProperty("steps")[2].GetProperty("carriedOver").GetBoolean().ShouldBeTrue();
        (await App.WithDbAsync(db => db.Set<DevelopmentCase>().AsNoTracking().FirstAsync(x => x.Id == id))).State.ShouldBe(DevelopmentState.转出);
        (await StepAsync(c, id, new { step = 4, on = "2024-05-02" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var other = await OpenAsync(c, "2024-03-01", ChineseIdNumber.Compose("110105", D("1999-09-09"), 777));
        var withdrawn = await OkAsync(await c.PostAsJsonAsync($"/api/v1/development/cases/{other}/withdraw", new { on = "2024-05-01", reason = "本人申请撤回" }));
        withdrawn.GetProperty("state").GetString().ShouldBe("撤回申请");
        withdrawn.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        // a closed case frees the ID number for a new application
        await OkAsync(await c.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "再申请", idNumber = ChineseIdNumber.Compose("110105", D("1999-09-09"), 777), appliedOn = "2024-05-20" }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Scans_are_checked_by_content_as_meeting_attachments_are()
    {
        SetToday(D("2024-06-01"));
        var c = await App.BearerAsync("branchsec");
        var id = await OpenAsync(c);
        static MultipartFormDataContent Form(byte[] bytes, string name) =>
            new() { { new ByteArrayContent(bytes), "file", name }, { new StringContent("1"), "step" } };
        var exe = await c.PostAsync($"/api/v1/development/cases/{id}/documents", Form([(byte)'M', (byte)'Z', 0, 0, 1, 2, 3], "申请书.pdf"));
        exe.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await exe.Content.ReadAsStringAsync()).ShouldContain("可执行程序");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
        await OkAsync(await c.PostAsync($"/api/v1/development/cases/{id}/documents", Form(png, "申请书.jpg")), HttpStatusCode.Created);
        var list = await OkAsync(await c.GetAsync($"/api/v1/development/cases/{id}/documents"));
        (list.GetArrayLength(), list[0].GetProperty("contentType").GetString(), list[0].GetProperty("step").GetString()).ShouldBe((1, "image/png", "1"));
        var file = await c.GetAsync($"/api/v1/development/cases/{id}/documents?file={list[0].GetProperty("id").GetInt64()}");
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(png);
    }
}
