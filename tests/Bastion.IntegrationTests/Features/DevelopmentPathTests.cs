using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// 发展党员 off the straight line, through HTTP: a 政审 redone before 预审, 考察 before a late 备案, a failed 支部大会 vote, a
/// 转正 decision the 党委 does not approve, a replaced 入党介绍人, and 逝世 — on the API and on the case page.
/// </summary>
public sealed class DevelopmentPathTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);
    private static readonly DateOnly Birth = D("1998-05-05");
    private static readonly string IdNumber = ChineseIdNumber.Compose("110105", Birth, 123);

    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(10, 0)) - TimeProvider.System.GetUtcNow();

    /// <summary>The branch's people: six 正式党员 (张一…张六), 预备甲, and 处分乙 under 留党察看 from 2024-12-01.</summary>
    private Task<Dictionary<string, long>> SeedBranchAsync() => App.WithDbAsync(async db =>
    {
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
        return all.ToDictionary(m => m.Name, m => m.Id);
    });

    /// <summary>
    /// A case seeded with its steps up to <paramref name="last"/> (支部大会 2025-07-10, 政审 2025-05-10, 介绍人 张一 and 张二);
    /// a 预备党员 (from step 17) has their member record.
    /// </summary>
    private Task<(long Case, long? Member)> SeedCaseAsync(Dictionary<string, long> p, string last, DevelopmentState state) => App.WithDbAsync(async db =>
    {
        var steps = new (string, string, string)[]
        {
            ("1", "2024-03-01", "{}"), ("2", "2024-03-08", "{}"), ("3", "2024-04-10", "{}"), ("4", "2024-04-15", "{}"), ("5", "2024-04-20", "{}"),
            ("6", "2024-09-01", "{\"note\":\"x\"}"), ("6", "2025-03-01", "{\"note\":\"x\"}"), ("7", "2025-04-10", "{}"), ("8", "2025-04-12", "{}"),
            ("9", "2025-04-15", $"{{\"memberIds\":[{p["张一"]},{p["张二"]}],\"memberNames\":[\"张一\",\"张二\"]}}"),
            ("10", "2025-05-10", "{\"conclusion\":\"合格\"}"), ("11", "2025-06-10", "{\"trainingDays\":3}"), ("12", "2025-06-20", "{}"), ("12a", "2025-06-23", "{}"),
            ("13", "2025-06-30", "{}"), ("14", "2025-07-05", "{}"), ("15", "2025-07-10", "{}"), ("16", "2025-07-15", "{}"), ("17", "2025-08-01", "{\"approved\":true}"),
            ("18", "2025-08-05", "{}"), ("19", "2025-08-06", "{}"), ("20", "2025-08-20", "{}"), ("22", "2026-06-10", "{}"),
        };
        long? memberId = null;
        var upTo = Array.FindIndex(steps, s => s.Item1 == last);
        if (steps.Take(upTo + 1).Any(s => s.Item1 == "17"))
        {
            var m = new Member
            {
                OrgId = World.A1.Id, Name = "李发展", Gender = Gender.男, IdNumber = IdNumber, BirthDate = Birth, Category = MemberCategory.预备党员,
                JoinedAt = D("2025-07-10"), CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Members.Add(m);
            await db.SaveChangesAsync();
            memberId = m.Id;
        }
        var c = new DevelopmentCase
        {
            OrgId = World.A1.Id, Name = "李发展", IdNumber = IdNumber, BirthDate = Birth, Gender = Gender.男, AppliedOn = D("2024-03-01"), State = state,
            PackVersion = "细则-2014", MemberId = memberId, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(c);
        await db.SaveChangesAsync();
        foreach (var (step, on, fields) in steps.Take(upTo + 1))
            db.Add(new DevelopmentStep { CaseId = c.Id, OrgId = c.OrgId, Step = step, On = D(on), Fields = fields, RecordedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (c.Id, memberId);
    });

    private async Task<(HttpClient Branch, HttpClient Committee)> ClientsAsync() => (await App.BearerAsync("branchsec"), await App.BearerAsync("orgadmin"));

    private static async Task<JsonElement> OkAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
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

    private Task<Member> MemberAsync(long id) => App.WithDbAsync(db => db.Members.AsNoTracking().FirstAsync(m => m.Id == id));

    [Fact]
    public async Task An_expired_political_review_is_redone_before_pre_review_and_both_stay_on_the_timeline()
    {
        var p = await SeedBranchAsync();
        var (id, _) = await SeedCaseAsync(p, "12a", DevelopmentState.发展对象);
        SetToday(D("2026-05-20"));
        var (branch, committee) = await ClientsAsync();

        await RefusedAsync(await StepAsync(committee, id, new { step = 13, on = "2026-05-20" }), "政审结论已超过12个月有效期（有效至2026-05-10），须重新政审");
        var due = await OkAsync(await branch.GetAsync($"/api/v1/development/cases/{id}"));
        due.GetProperty("next").GetProperty("step").GetString().ShouldBe("10");
        due.GetProperty("next").GetProperty("why").GetString()!.ShouldContain("有效至2026-05-10");

        var redone = await OkAsync(await StepAsync(branch, id, new { step = 10, on = "2026-05-15", conclusion = "合格", note = "补充函调" }));
        redone.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("step").GetString() == "10").ShouldBe(2);
        redone.GetProperty("next").GetProperty("step").GetString().ShouldBe("13");
        (await OkAsync(await StepAsync(committee, id, new { step = 13, on = "2026-05-20" }))).GetProperty("state").GetString().ShouldBe("发展对象已预审");
        await RefusedAsync(await StepAsync(branch, id, new { step = 10, on = "2026-05-20", conclusion = "合格" }), "第13步“上级党委预审”已记录，不能再记录第10步“政治审查”");

        var page = await (await (await App.SignedInAsync("branchsec")).GetAsync($"/Development/Case/{id}")).Content.ReadAsStringAsync();
        page.ShouldContain("已由重新政审取代");
        page.ShouldContain("redo-badge");
    }

    [Fact]
    public async Task A_half_year_review_follows_the_activist_step_and_a_late_filing_does_not_block_it()
    {
        var p = await SeedBranchAsync();
        SetToday(D("2025-06-01"));
        var (branch, committee) = await ClientsAsync();
        var opened = await OkAsync(await branch.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "李发展", idNumber = IdNumber, appliedOn = "2024-03-01" }), HttpStatusCode.Created);
        var id = opened.GetProperty("id").GetInt64();
        await OkAsync(await StepAsync(branch, id, new { step = 2, on = "2024-03-08" }));
        await OkAsync(await StepAsync(branch, id, new { step = 3, on = "2024-04-10" }));
        // the first half-year's 考察 before the 党委's 备案 and the 培养联系人
        await OkAsync(await StepAsync(branch, id, new { step = 6, on = "2024-09-01", note = "表现良好" }));
        await OkAsync(await StepAsync(committee, id, new { step = 4, on = "2024-08-01" }));
        await OkAsync(await StepAsync(branch, id, new { step = 5, on = "2024-11-01", memberIds = new[] { p["张一"] } }));
        await RefusedAsync(await StepAsync(branch, id, new { step = 6, on = "2024-10-09", note = "再次考察" }), "本半年（2024-04-10至2024-10-09）已有考察记录，下一次最早可于2024-10-10记录", "2024-10-10");
        await OkAsync(await StepAsync(branch, id, new { step = 6, on = "2024-10-10", note = "继续考察" }));
        var candidate = await OkAsync(await StepAsync(branch, id, new { step = 7, on = "2025-04-10" }));
        candidate.GetProperty("state").GetString().ShouldBe("发展对象");
    }

    [Fact]
    public async Task A_failed_vote_is_kept_the_case_stays_and_a_new_meeting_decides()
    {
        var p = await SeedBranchAsync();
        var (id, memberId) = await SeedCaseAsync(p, "22", DevelopmentState.预备党员);
        SetToday(D("2026-07-20"));
        var (branch, committee) = await ClientsAsync();
        var present = new[] { p["张一"], p["张二"], p["张三"], p["张四"], p["张五"] };

        var failed = await OkAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-10", outcome = "按期转正", presentIds = present, votesFor = 3, votesAgainst = 2 }));
        failed.GetProperty("state").GetString().ShouldBe("预备党员");
        var held = failed.GetProperty("steps").EnumerateArray().Last();
        held.GetProperty("fields").GetProperty("vote").GetProperty("passed").GetBoolean().ShouldBeFalse();
        held.GetProperty("warnings")[0].GetString().ShouldBe("表决未通过：赞成票3票（含会前书面赞成0票），未超过应到会有表决权正式党员7人的半数，未通过；档案停留在原阶段，可另行召开支部大会");
        failed.GetProperty("next").GetProperty("step").GetString().ShouldBe("23");
        await RefusedAsync(await StepAsync(committee, id, new { step = 24, on = "2026-07-15" }), "须先记录第23步“支部大会讨论转正”通过的决定，才能记录第24步“上级党委审批转正”");
        (await MemberAsync(memberId!.Value)).Category.ShouldBe(MemberCategory.预备党员);

        // no quorum is still refused: that meeting could not be held, nothing is written
        var steps = await App.ScalarAsync("SELECT count(*) FROM development_steps");
        await RefusedAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-18", outcome = "按期转正", presentIds = present.Take(3), votesFor = 3 }),
            "有表决权的到会党员3人，未超过应到会有表决权党员7人的半数，支部大会不能召开");
        (await App.ScalarAsync("SELECT count(*) FROM development_steps")).ShouldBe(steps);

        await OkAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-18", outcome = "按期转正", presentIds = present, votesFor = 5 }));
        (await OkAsync(await StepAsync(committee, id, new { step = 24, on = "2026-07-20" }))).GetProperty("state").GetString().ShouldBe("正式党员");
        var m = await MemberAsync(memberId.Value);
        (m.Category, m.ConfirmedAt).ShouldBe((MemberCategory.正式党员, D("2026-07-10")));

        var page = await (await (await App.SignedInAsync("branchsec")).GetAsync($"/Development/Case/{id}")).Content.ReadAsStringAsync();
        page.ShouldContain("failed-vote");
        page.ShouldContain("表决未通过");
    }

    [Fact]
    public async Task A_confirmation_the_committee_does_not_approve_returns_to_the_branch_and_the_new_decision_applies_to_the_member()
    {
        var p = await SeedBranchAsync();
        var (id, memberId) = await SeedCaseAsync(p, "22", DevelopmentState.预备党员);
        SetToday(D("2026-07-25"));
        var (branch, committee) = await ClientsAsync();
        var present = new[] { p["张一"], p["张二"], p["张三"], p["张四"], p["张五"] };
        await OkAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-10", outcome = "按期转正", presentIds = present, votesFor = 5 }));

        var noNote = await StepAsync(committee, id, new { step = 24, on = "2026-07-15", approved = false });
        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNote.Content.ReadAsStringAsync()).ShouldContain("不批准的，请填写上级党委的意见");
        var returned = await OkAsync(await StepAsync(committee, id, new { step = 24, on = "2026-07-15", approved = false, note = "考察材料不全，请支部重新讨论" }));
        returned.GetProperty("state").GetString().ShouldBe("预备党员");
        returned.GetProperty("next").GetProperty("step").GetString().ShouldBe("23");
        returned.GetProperty("next").GetProperty("why").GetString().ShouldBe("上级党委2026-07-15不批准支部大会的决定，退回支部大会重新讨论");
        var m = await MemberAsync(memberId!.Value);
        m.Category.ShouldBe(MemberCategory.预备党员, "the status is unchanged until the 党委 approves");
        m.ConfirmedAt.ShouldBeNull();
        m.ProbationExtensionMonths.ShouldBeNull();
        await RefusedAsync(await StepAsync(committee, id, new { step = 24, on = "2026-07-16" }), "须先记录第23步“支部大会讨论转正”通过的决定，才能记录第24步“上级党委审批转正”");

        await OkAsync(await StepAsync(branch, id, new { step = 23, on = "2026-07-20", outcome = "延长预备期", extensionMonths = 7, presentIds = present, votesFor = 5 }));
        var extended = await OkAsync(await StepAsync(committee, id, new { step = 24, on = "2026-07-25" }));
        extended.GetProperty("state").GetString().ShouldBe("预备党员延长期");
        extended.GetProperty("probationEndsOn").GetString().ShouldBe("2027-02-10");
        (await MemberAsync(memberId.Value)).ProbationExtensionMonths.ShouldBe(7);

        var page = await (await (await App.SignedInAsync("branchsec")).GetAsync($"/Development/Case/{id}")).Content.ReadAsStringAsync();
        page.ShouldContain("不批准，退回支部大会重新讨论");
    }

    [Fact]
    public async Task An_introducer_is_replaced_with_date_and_reason_and_the_new_one_passes_the_step_9_checks()
    {
        var p = await SeedBranchAsync();
        var (id, _) = await SeedCaseAsync(p, "20", DevelopmentState.预备党员);
        SetToday(D("2026-05-01"));
        var branch = await App.BearerAsync("branchsec");
        Task<HttpResponseMessage> Replace(object body) => branch.PostAsJsonAsync($"/api/v1/development/cases/{id}/sponsors", body);

        var noReason = await Replace(new { replacedMemberId = p["张一"], memberId = p["张三"], on = "2026-04-01" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("请说明更换原因");
        await RefusedAsync(await Replace(new { replacedMemberId = p["张一"], memberId = p["预备甲"], on = "2026-04-01", reason = "调离" }), "预备甲在2026-04-01是预备党员，不能担任入党介绍人");
        await RefusedAsync(await Replace(new { replacedMemberId = p["张一"], memberId = p["处分乙"], on = "2026-04-01", reason = "调离" }), "处分乙受留党察看处分（至2026-11-30），不能担任入党介绍人");
        await RefusedAsync(await Replace(new { replacedMemberId = p["张一"], memberId = p["张二"], on = "2026-04-01", reason = "调离" }), "张二已是入党介绍人，请选择另一名正式党员");
        await RefusedAsync(await Replace(new { replacedMemberId = p["张一"], memberId = p["张三"], on = "2025-04-14", reason = "调离" }),
            "更换日期不能早于确定入党介绍人的日期（2025-04-15），最早可于2025-04-15", "2025-04-15");
        (await App.ScalarAsync("SELECT count(*) FROM development_sponsor_changes")).ShouldBe(0);

        var replaced = await OkAsync(await Replace(new { replacedMemberId = p["张一"], memberId = p["张三"], on = "2026-04-01", reason = "张一调离本单位" }));
        replaced.GetProperty("sponsors").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["张三", "张二"]);
        var change = replaced.GetProperty("sponsorChanges")[0];
        (change.GetProperty("on").GetString(), change.GetProperty("replacedName").GetString(), change.GetProperty("memberName").GetString(), change.GetProperty("reason").GetString())
            .ShouldBe(("2026-04-01", "张一", "张三", "张一调离本单位"));
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'development_sponsor_changes' AND action = 'create'")).ShouldBe(1);

        await RefusedAsync(await Replace(new { replacedMemberId = p["张一"], memberId = p["张四"], on = "2026-04-02", reason = "x" }), "所选人员不是该发展对象现任的入党介绍人");
        await RefusedAsync(await Replace(new { replacedMemberId = p["张三"], memberId = p["张四"], on = "2026-03-31", reason = "x" }),
            "更换日期不能早于上一次更换入党介绍人的日期（2026-04-01），最早可于2026-04-01", "2026-04-01");
        var again = await OkAsync(await Replace(new { replacedMemberId = p["张三"], memberId = p["张四"], on = "2026-04-20", reason = "张三受处分" }));
        again.GetProperty("sponsors").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["张四", "张二"]);
        again.GetProperty("sponsorChanges").GetArrayLength().ShouldBe(2, "the history is kept");
        (await (await App.BearerAsync("insp")).PostAsJsonAsync($"/api/v1/development/cases/{id}/sponsors", new { replacedMemberId = p["张四"], memberId = p["张五"], on = "2026-04-21", reason = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_replaced_introducer_stays_replaced_after_the_case_moves_to_another_branch()
    {
        var p = await SeedBranchAsync();
        var (id, _) = await SeedCaseAsync(p, "10", DevelopmentState.发展对象);
        SetToday(D("2025-06-01"));
        var committee = await App.BearerAsync("orgadmin");
        await OkAsync(await committee.PostAsJsonAsync($"/api/v1/development/cases/{id}/sponsors", new { replacedMemberId = p["张一"], memberId = p["张三"], on = "2025-05-20", reason = "张一病故" }));
        // B1 is outside the committee's scope: the 转出 waits for B1's secretary, whose acceptance opens the case there
        var sent = await OkAsync(await committee.PostAsJsonAsync($"/api/v1/development/cases/{id}/transfer", new { toOrgId = World.B1.Id, on = "2025-05-21", reason = "调动工作" }), HttpStatusCode.Accepted);
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var moved = await OkAsync(await (await App.BearerAsync("b1sec")).PostAsync($"/api/v1/development/transfers/{sent.GetProperty("transfer").GetProperty("id").GetInt64()}/accept", null));
        moved.GetProperty("orgId").GetInt64().ShouldBe(World.B1.Id);
        moved.GetProperty("sponsors").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["张三", "张二"]);
        moved.GetProperty("sponsorChanges").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Death_closes_an_applicants_case_and_ends_a_probationers_membership_through_the_member_rules()
    {
        var p = await SeedBranchAsync();
        SetToday(D("2024-06-01"));
        var branch = await App.BearerAsync("branchsec");
        var other = ChineseIdNumber.Compose("110105", D("1999-09-09"), 777);
        var applicant = (await OkAsync(await branch.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "王申请", idNumber = other, appliedOn = "2024-03-01" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await OkAsync(await StepAsync(branch, applicant, new { step = 2, on = "2024-03-08" }));
        await RefusedAsync(await branch.PostAsJsonAsync($"/api/v1/development/cases/{applicant}/death", new { on = "2024-03-07" }), "日期不能早于最后一个步骤的日期（2024-03-08）", "2024-03-08");
        var dead = await OkAsync(await branch.PostAsJsonAsync($"/api/v1/development/cases/{applicant}/death", new { on = "2024-05-01" }));
        (dead.GetProperty("state").GetString(), dead.GetProperty("closedOn").GetString(), dead.GetProperty("closeReason").GetString()).ShouldBe(("逝世", "2024-05-01", "逝世"));
        dead.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        (await StepAsync(branch, applicant, new { step = 3, on = "2024-05-02" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await branch.PostAsJsonAsync($"/api/v1/development/cases/{applicant}/death", new { on = "2024-05-01" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var (id, memberId) = await SeedCaseAsync(p, "22", DevelopmentState.预备党员);
        SetToday(D("2026-07-01"));
        branch = await App.BearerAsync("branchsec");
        // withdrawing is not for a 预备党员; 逝世 is
        (await branch.PostAsJsonAsync($"/api/v1/development/cases/{id}/withdraw", new { on = "2026-06-20", reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var died = await OkAsync(await branch.PostAsJsonAsync($"/api/v1/development/cases/{id}/death", new { on = "2026-06-20", reason = "病故" }));
        (died.GetProperty("state").GetString(), died.GetProperty("closeReason").GetString()).ShouldBe(("逝世", "逝世：病故"));
        var m = await MemberAsync(memberId!.Value);
        (m.PartyStatus, m.PartyStatusDate, m.PartyStatusReason, m.Category).ShouldBe((PartyStatus.出党, D("2026-06-20"), "逝世", MemberCategory.预备党员));
        (await StepAsync(branch, id, new { step = 23, on = "2026-07-10", outcome = "按期转正", presentIds = new[] { p["张一"] }, votesFor = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'development_cases' AND entity_id = '{id}' AND action = 'update'")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_case_page_replaces_an_introducer_with_errors_beside_the_fields_and_records_a_death()
    {
        var p = await SeedBranchAsync();
        var (id, _) = await SeedCaseAsync(p, "20", DevelopmentState.预备党员);
        SetToday(D("2026-05-01"));
        var c = await App.SignedInAsync("branchsec");
        var page = $"/Development/Case/{id}";
        var html = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        html.ShouldContain("id=\"sponsor-form\"");
        html.ShouldContain("现任：张一、张二");
        html.ShouldContain("<option value=\"death\"");
        html.ShouldNotContain("<option value=\"withdraw\""); // a 预备党员's case is not withdrawn

        var bad = await AppFactory.PostFormAsync(c, page + "?handler=Sponsor", new()
        {
            ["Sponsor.ReplacedMemberId"] = p["张一"].ToString(CultureInfo.InvariantCulture), ["Sponsor.MemberId"] = p["预备甲"].ToString(CultureInfo.InvariantCulture),
            ["Sponsor.On"] = "2026-04-01", ["Sponsor.Reason"] = "调离",
        }, page);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await bad.Content.ReadAsStringAsync();
        refused.ShouldContain("id=\"error-memberId\">预备甲在2026-04-01是预备党员，不能担任入党介绍人");

        var ok = await AppFactory.PostFormAsync(c, page + "?handler=Sponsor", new()
        {
            ["Sponsor.ReplacedMemberId"] = p["张一"].ToString(CultureInfo.InvariantCulture), ["Sponsor.MemberId"] = p["张三"].ToString(CultureInfo.InvariantCulture),
            ["Sponsor.On"] = "2026-04-01", ["Sponsor.Reason"] = "张一调离本单位",
        }, page);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        var after = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        after.ShouldContain("现任：张三、张二");
        after.ShouldContain("2026-04-01 更换入党介绍人：张一");
        after.ShouldContain("张三（张一调离本单位）");

        var died = await AppFactory.PostFormAsync(c, page + "?handler=Close", new() { ["Close.Kind"] = "death", ["Close.On"] = "2026-04-30" }, page);
        died.StatusCode.ShouldBe(HttpStatusCode.Redirect, await died.Content.ReadAsStringAsync());
        var closed = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        closed.ShouldContain("id=\"case-state\">逝世");
        closed.ShouldNotContain("id=\"sponsor-form\"");
    }
}
