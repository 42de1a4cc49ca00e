using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>民主评议党员 through HTTP: opening a round, grading with tallies, 不合格 follow-ups, finishing into the member record.</summary>
public sealed class AppraisalRoundTests(AppFactory app) : AppTest(app)
{
    private static DateOnly Today => TimeProvider.System.Today();
    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Adds a 预备党员 to A1 (A1 then has two members); returns its id.</summary>
    private Task<long> AddProbationerAsync() => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1995, 8, 8);
        var m = new Member
        {
            OrgId = World.A1.Id, Name = "预备党员甲", Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110105", birth, 333), BirthDate = birth,
            Category = MemberCategory.预备党员, JoinedAt = new DateOnly(2020, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private async Task<string> PostAsync(HttpClient c, string handler, Dictionary<string, string> f, long? org = null)
    {
        var o = org ?? World.A1.Id;
        var res = await AppFactory.PostFormAsync(c, $"/Appraisals?handler={handler}&org={o}&year={Today.Year}", f, $"/Appraisals?org={o}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await res.Content.ReadAsStringAsync();
    }

    private Task<List<AppraisalEntry>> EntriesAsync() => App.WithDbAsync(db => db.Set<AppraisalEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    private static Dictionary<string, string> Grade(long entry, string grade, int excellent = 0, int qualified = 0, int basic = 0, int unqualified = 0,
        string? kind = null, DateOnly? deadline = null) => new()
        {
            ["id"] = S(entry), ["Input.SelfAssessment"] = "认真学习，履行义务", ["Input.PeerSummary"] = "群众基础好", ["Input.VotesExcellent"] = S(excellent),
            ["Input.VotesQualified"] = S(qualified), ["Input.VotesBasic"] = S(basic), ["Input.VotesUnqualified"] = S(unqualified), ["Input.Grade"] = grade,
            ["Input.FollowUpKind"] = kind ?? "", ["Input.FollowUpDeadline"] = deadline is { } d ? Iso(d) : "",
        };

    [Fact]
    public async Task A_round_is_opened_for_every_member_graded_and_finished_into_the_member_record()
    {
        var probationer = await AddProbationerAsync();
        var regular = World.MemberInOrg[World.A1.Id];
        var c = await App.SignedInAsync("branchsec");
        (await PostAsync(c, "Open", new() { ["gradeSet"] = "四档", ["voters"] = "2" })).ShouldContain("已建立本年度民主评议");
        var entries = await EntriesAsync();
        entries.Select(e => e.MemberId).ShouldBe([regular, probationer], ignoreOrder: true);

        (await PostAsync(c, "Finish", new() { ["id"] = S(entries[0].RoundId) })).ShouldContain("尚有2名党员未评定等次");

        var e1 = entries.Single(e => e.MemberId == regular);
        var e2 = entries.Single(e => e.MemberId == probationer);
        (await PostAsync(c, "Save", Grade(e1.Id, "优秀", excellent: 2))).ShouldContain("已保存评议情况");
        (await PostAsync(c, "Save", Grade(e2.Id, "基本合格", qualified: 1, basic: 1))).ShouldContain("已保存评议情况");
        var saved = (await EntriesAsync()).Single(e => e.Id == e1.Id);
        (saved.Grade, saved.VotesExcellent, saved.SelfAssessment, saved.DecidedBy).ShouldBe((AppraisalGrade.优秀, 2, "认真学习，履行义务", "branchsec"));

        (await PostAsync(c, "Finish", new() { ["id"] = S(e1.RoundId) })).ShouldContain("民主评议已完成");
        var grades = await App.WithDbAsync(db => db.Set<MemberAppraisal>().AsNoTracking().ToListAsync());
        grades.Select(g => (g.MemberId, g.Year, g.Grade)).ShouldBe([(regular, Today.Year, AppraisalGrade.优秀), (probationer, Today.Year, AppraisalGrade.基本合格)], ignoreOrder: true);

        // the member record shows it, and the finished round can no longer change
        var record = await c.GetStringAsync($"/Members/Details/{probationer}");
        record.ShouldContain("民主评议");
        record.ShouldContain($"{Today.Year}年</td><td class=\"member-appraisal-grade\">基本合格");
        (await PostAsync(c, "Save", Grade(e1.Id, "合格", qualified: 1))).ShouldContain("本年度民主评议已完成，不能再修改");
        (await EntriesAsync()).Single(e => e.Id == e1.Id).Grade.ShouldBe(AppraisalGrade.优秀);
    }

    [Fact]
    public async Task Tallies_above_the_voters_and_grades_outside_a_three_grade_set_are_refused()
    {
        var c = await App.SignedInAsync("branchsec");
        await PostAsync(c, "Open", new() { ["gradeSet"] = "三档", ["voters"] = "10" });
        var entry = (await EntriesAsync()).Single();
        (await PostAsync(c, "Save", Grade(entry.Id, "合格", excellent: 6, qualified: 5))).ShouldContain("测评票数合计11票，超过参加测评人数10人");
        (await PostAsync(c, "Save", Grade(entry.Id, "基本合格", qualified: 5))).ShouldContain("不能评为基本合格");
        (await PostAsync(c, "Save", Grade(entry.Id, "合格", basic: 1))).ShouldContain("不设基本合格");
        (await PostAsync(c, "Save", Grade(entry.Id, "良好"))).ShouldContain("等次只能是优秀／合格／不合格");
        var e = (await EntriesAsync()).Single();
        (e.Grade, e.VotesExcellent, e.VotesQualified, e.SelfAssessment).ShouldBe((null, 0, 0, null));
    }

    [Fact]
    public async Task Unqualified_needs_a_follow_up_with_a_sane_deadline_and_the_open_follow_ups_flag_overdue_ones()
    {
        var c = await App.SignedInAsync("branchsec");
        await PostAsync(c, "Open", new() { ["voters"] = "5" });
        var entry = (await EntriesAsync()).Single();
        (await PostAsync(c, "Save", Grade(entry.Id, "不合格", unqualified: 3))).ShouldContain("评为不合格须确定处置方式");
        (await PostAsync(c, "Save", Grade(entry.Id, "不合格", unqualified: 3, kind: "限期改正", deadline: Today))).ShouldContain("整改期限应晚于今天");
        (await PostAsync(c, "Save", Grade(entry.Id, "不合格", unqualified: 3, kind: "限期改正", deadline: Today.AddMonths(13)))).ShouldContain("整改期限不能超过12个月");
        (await App.WithDbAsync(db => db.Set<AppraisalFollowUp>().CountAsync())).ShouldBe(0);

        (await PostAsync(c, "Save", Grade(entry.Id, "不合格", unqualified: 3, kind: "限期改正", deadline: Today.AddMonths(6)))).ShouldContain("已保存评议情况");
        var f = await App.WithDbAsync(db => db.Set<AppraisalFollowUp>().AsNoTracking().SingleAsync());
        (f.Kind, f.Deadline, f.State, f.MemberId).ShouldBe((FollowUpKind.限期改正, Today.AddMonths(6), FollowUpState.进行中, entry.MemberId));

        // overdue when the deadline has passed (moved back in the database to simulate time passing)
        await App.ExecAsync($"UPDATE appraisal_followups SET deadline = '{Iso(Today.AddDays(-1))}'");
        var page = await c.GetStringAsync($"/Appraisals?org={World.A1.Id}");
        page.ShouldContain("follow-up-overdue");
        // the superior sees it as well
        (await c.GetStringAsync($"/Appraisals?org={World.A.Id}")).ShouldContain("follow-up-overdue");

        (await PostAsync(c, "CloseFollowUp", new() { ["id"] = S(f.Id), ["resultNote"] = "" })).ShouldContain("请填写处置结果");
        (await PostAsync(c, "CloseFollowUp", new() { ["id"] = S(f.Id), ["resultNote"] = "已按期改正" })).ShouldContain("处置已办结");
        (await App.WithDbAsync(db => db.Set<AppraisalFollowUp>().AsNoTracking().SingleAsync())).State.ShouldBe(FollowUpState.已完成);
        (await PostAsync(c, "Finish", new() { ["id"] = S(entry.RoundId) })).ShouldContain("民主评议已完成");
    }

    [Fact]
    public async Task A_carried_out_dismissal_sets_the_member_out_of_the_party_with_the_reason_in_its_history()
    {
        var c = await App.SignedInAsync("branchsec");
        await PostAsync(c, "Open", new() { ["voters"] = "5" });
        var entry = (await EntriesAsync()).Single();
        (await PostAsync(c, "Save", Grade(entry.Id, "不合格", unqualified: 4, kind: "除名", deadline: Today.AddMonths(1)))).ShouldContain("已保存评议情况");
        var f = await App.WithDbAsync(db => db.Set<AppraisalFollowUp>().AsNoTracking().SingleAsync());

        // a correction deadline never ends membership; nothing is written when refused
        await App.ExecAsync($"UPDATE appraisal_followups SET kind = '限期改正' WHERE id = {f.Id}");
        (await PostAsync(c, "CloseFollowUp", new() { ["id"] = S(f.Id), ["resultNote"] = "已改正", ["memberLeft"] = "true" })).ShouldContain("限期改正不涉及出党");
        (await App.WithDbAsync(db => db.Set<AppraisalFollowUp>().AsNoTracking().SingleAsync())).State.ShouldBe(FollowUpState.进行中);
        await App.ExecAsync($"UPDATE appraisal_followups SET kind = '除名' WHERE id = {f.Id}");

        (await PostAsync(c, "CloseFollowUp", new() { ["id"] = S(f.Id), ["resultNote"] = "经支部党员大会讨论决定予以除名，报上级党委批准", ["memberLeft"] = "true" }))
            .ShouldContain("党籍状态已更新为出党");
        var m = await App.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(x => x.Id == entry.MemberId));
        (m.PartyStatus, m.PartyStatusDate).ShouldBe((PartyStatus.出党, Today));
        m.PartyStatusReason.ShouldStartWith("民主评议不合格，除名：");
        var change = await App.WithDbAsync(db => db.MemberChanges.AsNoTracking().SingleAsync(x => x.MemberId == entry.MemberId && x.Field == "党籍状态"));
        (change.OldValue, change.NewValue).ShouldBe(("正常", "出党"));
    }

    [Fact]
    public async Task The_api_lists_the_rounds_of_the_subtree_with_tallies_grades_and_follow_ups()
    {
        var c = await App.SignedInAsync("branchsec");
        await PostAsync(c, "Open", new() { ["voters"] = "5" });
        var entry = (await EntriesAsync()).Single();
        (await PostAsync(c, "Save", Grade(entry.Id, "不合格", unqualified: 4, qualified: 1, kind: "限期改正", deadline: Today.AddMonths(2)))).ShouldContain("已保存评议情况");

        var api = await App.BearerAsync("branchsec");
        var doc = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/appraisals?org={World.A.Id}&year={Today.Year}");
        (doc.GetProperty("rounds").GetInt32(), doc.GetProperty("finished").GetInt32()).ShouldBe((1, 0));
        var round = doc.GetProperty("items")[0];
        (round.GetProperty("org").GetString(), round.GetProperty("state").GetString(), round.GetProperty("voters").GetInt32()).ShouldBe(("甲一党支部", "进行中", 5));
        var e = round.GetProperty("entries")[0];
        (e.GetProperty("grade").GetString(), e.GetProperty("votesUnqualified").GetInt32(), e.GetProperty("votesQualified").GetInt32()).ShouldBe(("不合格", 4, 1));
        (e.GetProperty("followUp").GetProperty("kind").GetString(), e.GetProperty("followUp").GetProperty("state").GetString()).ShouldBe(("限期改正", "进行中"));

        // another year is empty; another subtree is refused
        (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/appraisals?org={World.A.Id}&year={Today.Year - 1}")).GetProperty("rounds").GetInt32().ShouldBe(0);
        (await api.GetAsync($"/api/v1/appraisals?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.GetAsync($"/api/v1/appraisals?org={World.A.Id}&year=1800")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_round_cannot_be_opened_twice_for_a_committee_or_without_voters()
    {
        var c = await App.SignedInAsync("branchsec");
        (await PostAsync(c, "Open", new() { ["voters"] = "0" })).ShouldContain("参加测评人数应为正整数");
        (await PostAsync(c, "Open", new() { ["gradeSet"] = "五档", ["voters"] = "3" })).ShouldContain("等次设置只能是四档或三档");
        (await PostAsync(c, "Open", new() { ["voters"] = "3" }, World.A.Id)).ShouldContain("民主评议党员由党支部组织");
        (await PostAsync(c, "Open", new() { ["voters"] = "3" })).ShouldContain("已建立本年度民主评议");
        (await PostAsync(c, "Open", new() { ["voters"] = "3" })).ShouldContain("年度的民主评议已经建立");
        (await App.WithDbAsync(db => db.Set<AppraisalRound>().CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task An_inspector_reads_appraisals_but_cannot_open_a_round()
    {
        var c = await App.SignedInAsync("insp");
        (await c.GetAsync($"/Appraisals?org={World.A1.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var res = await AppFactory.PostFormAsync(c, $"/Appraisals?handler=Open&org={World.A1.Id}", new() { ["voters"] = "3" }, $"/Appraisals?org={World.A1.Id}");
        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.WithDbAsync(db => db.Set<AppraisalRound>().CountAsync())).ShouldBe(0);
    }
}
