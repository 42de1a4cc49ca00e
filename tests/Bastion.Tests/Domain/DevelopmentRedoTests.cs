using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>
/// The paths off the straight line (issue 14): a 政审 redone before 预审, the half-year 考察 counted from step 3 only, a
/// failed 支部大会 vote kept on the record, a 转正 decision the 党委 does not approve, a replaced 入党介绍人.
/// </summary>
public class DevelopmentRedoTests
{
    private static readonly DevelopmentRulePack Pack = DevelopmentRulePacks.细则2014;
    private static readonly DateOnly Birth = D("1995-05-05");
    private static readonly DateOnly Today = D("2030-12-31");
    private static readonly WorkingDayCalendar Cal = new([
        new HolidayYear(2025, new HashSet<DateOnly>(), new HashSet<DateOnly>()),
        new HolidayYear(2026, new HashSet<DateOnly>(), new HashSet<DateOnly>()),
        new HolidayYear(2027, new HashSet<DateOnly>(), new HashSet<DateOnly>()),
    ]);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static StepEntry S(string step, string on, DevelopmentStepFields? f = null) => new(step, D(on), f ?? new());

    private static GateOutcome Check(IReadOnlyList<StepEntry> before, StepEntry next) => DevelopmentGates.Check(Pack, Birth, before, next, Today, Cal);

    private static VoteTally Vote(bool passed) => new(7, 5, passed ? 4 : 3, passed ? 1 : 2, 0, 0, 0, 0, 2, true, passed, [], [], [], []);

    /// <summary>A valid timeline up to (not including) the given step: 积极分子 2025-01-10, 政审 2026-02-01, 支部大会 2026-06-20.</summary>
    private static List<StepEntry> Until(string step)
    {
        var all = new List<StepEntry>
        {
            S("1", "2024-12-20"), S("2", "2025-01-05"), S("3", "2025-01-10"), S("4", "2025-01-15"), S("5", "2025-01-20"),
            S("6", "2025-06-01", new() { Note = "考察" }), S("6", "2025-12-01", new() { Note = "考察" }),
            S("7", "2026-01-10"), S("8", "2026-01-12"), S("9", "2026-01-13"), S("10", "2026-02-01", new() { Conclusion = "合格" }),
            S("11", "2026-02-10", new() { TrainingDays = 3 }), S("12", "2026-03-01"), S("12a", "2026-03-02"),
            S("13", "2026-03-09"), S("14", "2026-03-10"), S("15", "2026-06-20", new() { Vote = Vote(true) }), S("16", "2026-06-25"),
            S("17", "2026-07-01", new() { Approved = true }), S("18", "2026-07-05"), S("19", "2026-07-06"), S("20", "2026-07-15"),
            S("21", "2026-10-01", new() { Note = "考察" }), S("22", "2027-05-20"),
        };
        var i = all.FindIndex(s => s.Step == step);
        return i < 0 ? all : all.Take(i).ToList();
    }

    // ---- 1. 政审 redone before 预审 ----

    [Fact]
    public void An_expired_political_review_is_redone_before_pre_review_and_the_latest_counts()
    {
        var before = Until("13"); // 政审 2026-02-01, valid until 2027-02-01
        Check(before, S("13", "2027-02-02")).Refusal!.Message.ShouldBe("政审结论已超过12个月有效期（有效至2027-02-01），须重新政审");
        var next = DevelopmentGates.Next(Pack, DevelopmentState.发展对象, before, D("2027-02-02"), Cal)!;
        (next.Step, next.EarliestOn).ShouldBe(("10", D("2027-02-02")));
        next.Why.ShouldBe("政审结论已超过12个月有效期（有效至2027-02-01），须重新政审后才能预审");
        DevelopmentGates.Next(Pack, DevelopmentState.发展对象, before, D("2027-02-01"), Cal)!.Step.ShouldBe("13", "still valid on its last day");

        var redo = S("10", "2027-02-02", new() { Conclusion = "合格" });
        Check(before, redo).Ok.ShouldBeTrue();
        var redone = before.Append(redo).ToList();
        Check(redone, S("13", "2027-02-02")).Ok.ShouldBeTrue();
        Check(redone, S("13", "2028-02-02")).Ok.ShouldBeTrue(); // the redo is valid until 2028-02-02
        Check(redone, S("13", "2028-02-03")).Refusal!.Message.ShouldContain("有效至2028-02-02");
        DevelopmentGates.Next(Pack, DevelopmentState.发展对象, redone, D("2027-02-03"), Cal)!.Step.ShouldBe("13");
        DevelopmentGates.CheckTimeline(Pack, Birth, redone.Append(S("13", "2027-02-03")).ToList(), Today, Cal).ShouldBeNull();
    }

    [Fact]
    public void A_redone_political_review_cannot_be_backdated_follows_no_failed_one_and_stops_at_pre_review()
    {
        var before = Until("13");
        var early = Check(before, S("10", "2026-03-01", new() { Conclusion = "合格" })).Refusal!;
        (early.Rule, early.EarliestOn).ShouldBe(("步骤顺序", D("2026-03-02")));
        Check(before, S("10", "2026-03-02", new() { Conclusion = "合格" })).Ok.ShouldBeTrue();

        var failed = before.Select(s => s.Step == "10" ? s with { Fields = new() { Conclusion = "不合格" } } : s).ToList();
        var r = Check(failed, S("10", "2026-04-01", new() { Conclusion = "合格" })).Refusal!;
        r.Rule.ShouldBe("政治审查");
        r.Message.ShouldBe("政审结论为“不合格”（2026-02-01），不能以重新政审代替；不具备发展条件的，应经支委会研究终止发展");
        // a redo that fails blocks 预审: the latest counts
        var redoFailed = before.Append(S("10", "2026-04-01", new() { Conclusion = "不合格" })).ToList();
        Check(redoFailed, S("13", "2026-04-02")).Refusal!.Rule.ShouldBe("政治审查");

        Check(Until("14"), S("10", "2026-03-10", new() { Conclusion = "合格" })).Refusal!.Message.ShouldBe("第13步“上级党委预审”已记录，不能再记录第10步“政治审查”");
    }

    // ---- 2. the half-year 考察 follows step 3 only ----

    [Fact]
    public void A_half_year_review_needs_only_the_activist_step_not_the_filing_or_the_contact()
    {
        var activist = Until("4"); // 积极分子 2025-01-10, no 备案, no 联系人
        Check(activist, S("6", "2025-06-01", new() { Note = "x" })).Ok.ShouldBeTrue();
        var r = Check(activist.Take(2).ToList(), S("6", "2025-06-01", new() { Note = "x" })).Refusal!;
        r.Message.ShouldBe("须先记录第3步“推荐和确定入党积极分子”，才能记录第6步“培养教育考察”");
        // bounded by step 3 only: the day of step 3 passes, the day before does not
        var withFiling = Until("6"); // 备案 2025-01-15, 联系人 2025-01-20
        Check(withFiling, S("6", "2025-01-10", new() { Note = "x" })).Ok.ShouldBeTrue();
        var before3 = Check(withFiling, S("6", "2025-01-09", new() { Note = "x" })).Refusal!;
        (before3.Rule, before3.EarliestOn).ShouldBe(("步骤顺序", D("2025-01-10")));
    }

    [Fact]
    public void A_late_filing_does_not_close_a_review_window()
    {
        // 考察 in the first window before the 党委's 备案, which comes eight months late
        var steps = new List<StepEntry> { S("1", "2024-12-20"), S("2", "2025-01-05"), S("3", "2025-01-10"), S("6", "2025-06-01", new() { Note = "x" }) };
        var filing = S("4", "2025-03-01"); // dated before the 考察 already recorded
        Check(steps, filing).Ok.ShouldBeTrue();
        steps.Add(filing);
        Check(steps, S("4", "2025-09-10")).Refusal!.Message.ShouldBe("第4步“上级党委备案”已记录");
        var contact = S("5", "2025-09-10");
        Check(steps, contact).Ok.ShouldBeTrue();
        steps.Add(contact);
        var second = S("6", "2025-12-01", new() { Note = "x" });
        Check(steps, second).Ok.ShouldBeTrue();
        steps.Add(second);
        Check(steps, S("7", "2026-01-10")).Ok.ShouldBeTrue();
        DevelopmentGates.CheckTimeline(Pack, Birth, steps.Append(S("7", "2026-01-10")).ToList(), Today, Cal).ShouldBeNull();
    }

    [Fact]
    public void Review_windows_run_in_calendar_months_from_step_3_with_month_end_clamping()
    {
        // 积极分子 2024-08-31: windows 2024-08-31..2025-02-27, 2025-02-28..2025-08-30; 发展对象 from 2025-08-31
        var steps = new List<StepEntry> { S("1", "2024-08-01"), S("2", "2024-08-10"), S("3", "2024-08-31"), S("4", "2024-09-01"), S("5", "2024-09-01"), S("6", "2024-09-01", new() { Note = "x" }) };
        Check(steps, S("6", "2025-02-27", new() { Note = "x" })).Refusal!.Message.ShouldBe("本半年（2024-08-31至2025-02-27）已有考察记录，下一次最早可于2025-02-28记录");
        Check(steps, S("6", "2025-02-28", new() { Note = "x" })).Ok.ShouldBeTrue();
        var both = steps.Append(S("6", "2025-02-28", new() { Note = "x" })).ToList();
        Check(both, S("7", "2025-08-30")).Refusal!.Message.ShouldBe("培养考察未满一年，最早可于2025-08-31确定");
        Check(both, S("7", "2025-08-31")).Ok.ShouldBeTrue();
        Check(steps, S("7", "2025-08-31")).Refusal!.Message.ShouldBe("培养教育考察每半年至少一次：2025-02-28至2025-08-30没有考察记录");
    }

    // ---- 3. 党委 does not approve the 转正 decision ----

    private static StepEntry Decision(string on, ConfirmationOutcome o, bool passed = true, int? months = null) =>
        S("23", on, new() { Outcome = o, ExtensionMonths = months, Vote = Vote(passed) });

    [Fact]
    public void A_refused_confirmation_returns_the_case_to_the_branch_for_a_new_meeting()
    {
        var steps = Until("23").Append(Decision("2027-06-20", ConfirmationOutcome.按期转正)).ToList();
        DevelopmentGates.PendingDecision(steps)!.On.ShouldBe(D("2027-06-20"));
        var refused = S("24", "2027-07-01", new() { Approved = false, Note = "考察材料不全" });
        Check(steps, refused).Ok.ShouldBeTrue();
        DevelopmentSteps.StateAfter(Pack, DevelopmentState.预备党员, refused, steps).ShouldBe(DevelopmentState.预备党员, "the status is unchanged until the 党委 approves");
        steps.Add(refused);
        (DevelopmentGates.PendingDecision(steps), DevelopmentGates.FinalOutcome(steps)).ShouldBe((null, null));
        DevelopmentGates.ReturnedToBranch(steps).ShouldBe(refused);

        Check(steps, S("24", "2027-07-02", new() { Approved = true })).Refusal!.Message.ShouldBe("须先记录第23步“支部大会讨论转正”通过的决定，才能记录第24步“上级党委审批转正”");
        Check(steps, S("25", "2027-07-02")).Refusal!.Rule.ShouldBe("步骤顺序");
        var next = DevelopmentGates.Next(Pack, DevelopmentState.预备党员, steps, D("2027-07-02"), Cal)!;
        (next.Step, next.EarliestOn, next.Why).ShouldBe(("23", D("2027-07-01"), "上级党委2027-07-01不批准支部大会的决定，退回支部大会重新讨论"));
        Check(steps, Decision("2027-06-30", ConfirmationOutcome.延长预备期, months: 6)).Refusal!.EarliestOn.ShouldBe(D("2027-07-01"));

        // the branch decides again (延长 6 months); this time the 党委 approves and it applies
        var again = Decision("2027-07-10", ConfirmationOutcome.延长预备期, months: 6);
        Check(steps, again).Ok.ShouldBeTrue();
        steps.Add(again);
        DevelopmentGates.ReturnedToBranch(steps).ShouldBeNull();
        var approve = S("24", "2027-07-15", new() { Approved = true });
        Check(steps, approve).Ok.ShouldBeTrue();
        DevelopmentSteps.StateAfter(Pack, DevelopmentState.预备党员, approve, steps).ShouldBe(DevelopmentState.预备党员延长期);
        steps.Add(approve);
        DevelopmentGates.ApprovedExtension(steps).ShouldBe(6);
        DevelopmentGates.ProbationEnds(Pack, D("2026-06-20"), 6).ShouldBe(D("2027-12-20"));
    }

    [Fact]
    public void A_refused_extension_does_not_use_up_the_one_extension()
    {
        var steps = Until("23").Concat([Decision("2027-06-20", ConfirmationOutcome.延长预备期, months: 6), S("24", "2027-07-01", new() { Approved = false, Note = "不同意延长" })]).ToList();
        DevelopmentGates.ApprovedExtensions(steps).ShouldBe(0);
        Check(steps, Decision("2027-07-05", ConfirmationOutcome.延长预备期, months: 7)).Ok.ShouldBeTrue();
        var approved = steps.Concat([Decision("2027-07-05", ConfirmationOutcome.延长预备期, months: 7), S("24", "2027-07-10", new() { Approved = true })]).ToList();
        DevelopmentGates.ApprovedExtensions(approved).ShouldBe(1);
        Check(approved, Decision("2028-01-20", ConfirmationOutcome.延长预备期, months: 6)).Refusal!.Message.ShouldBe("预备期只能延长一次，已延长过，期满时只能转正或取消预备党员资格");
        Check(approved, Decision("2028-01-19", ConfirmationOutcome.按期转正)).Refusal!.EarliestOn.ShouldBe(D("2028-01-20"));
        var confirmed = approved.Concat([Decision("2028-01-20", ConfirmationOutcome.取消预备党员资格), S("24", "2028-02-01", new() { Approved = true })]).ToList();
        DevelopmentGates.FinalOutcome(confirmed).ShouldBe(ConfirmationOutcome.取消预备党员资格);
        Check(confirmed, Decision("2028-02-02", ConfirmationOutcome.按期转正)).Refusal!.Message.ShouldBe("上级党委已批准取消预备党员资格，不能再讨论转正");
        Check(confirmed, S("25", "2028-02-02")).Ok.ShouldBeTrue();
    }

    // ---- 4. a failed vote is kept; the case stays ----

    [Fact]
    public void A_count_with_a_quorum_that_fails_is_a_tally_not_a_refusal()
    {
        IReadOnlyList<Voter> branch = [.. Enumerable.Range(1, 11).Select(i => new Voter(i, "党员" + i, true, null))];
        var (tally, r) = DevelopmentGates.Count(branch, new VoteInput([1, 2, 3, 4, 5, 6, 7], new Dictionary<long, string?>(), new Dictionary<long, VoteChoice> { [8] = VoteChoice.赞成 }, 4, 3, 0));
        r.ShouldBeNull();
        tally!.Passed.ShouldBeFalse();
        DevelopmentGates.VoteFailed(tally).ShouldBe("赞成票5票（含会前书面赞成1票），未超过应到会有表决权正式党员11人的半数，未通过");
        var (passed, _) = DevelopmentGates.Count(branch, new VoteInput([1, 2, 3, 4, 5, 6, 7], new Dictionary<long, string?>(), new Dictionary<long, VoteChoice> { [8] = VoteChoice.赞成 }, 5, 2, 0));
        passed!.Passed.ShouldBeTrue("6 > 5.5");
        DevelopmentGates.VoteFailed(passed).ShouldBeNull();
    }

    [Fact]
    public void A_failed_admission_meeting_leaves_the_case_and_a_new_meeting_may_follow()
    {
        var before = Until("15");
        var failed = S("15", "2026-06-20", new() { Vote = Vote(false) });
        Check(before, failed).Ok.ShouldBeTrue();
        DevelopmentSteps.StateAfter(Pack, DevelopmentState.发展对象已预审, failed, before).ShouldBe(DevelopmentState.发展对象已预审);
        var steps = before.Append(failed).ToList();
        DevelopmentGates.FailedVote(failed).ShouldBeTrue();
        Check(steps, S("16", "2026-06-25")).Refusal!.Message.ShouldBe("须先记录第15步“支部大会讨论”，才能记录第16步“上级党委派人谈话”");
        var next = DevelopmentGates.Next(Pack, DevelopmentState.发展对象已预审, steps, D("2026-06-21"), Cal)!;
        (next.Step, next.Why).ShouldBe(("15", "支部大会2026-06-20表决未通过，可另行召开支部大会讨论"));
        Check(steps, S("15", "2026-06-19", new() { Vote = Vote(true) })).Refusal!.EarliestOn.ShouldBe(D("2026-06-20"));
        var passed = S("15", "2026-07-20", new() { Vote = Vote(true) });
        Check(steps, passed).Ok.ShouldBeTrue();
        DevelopmentSteps.StateAfter(Pack, DevelopmentState.发展对象已预审, passed, steps).ShouldBe(DevelopmentState.预备党员待审批);
        steps.Add(passed);
        Check(steps, S("15", "2026-07-21", new() { Vote = Vote(true) })).Refusal!.Message.ShouldBe("第15步“支部大会讨论”已记录");
        Check(steps, S("16", "2026-07-21")).Ok.ShouldBeTrue();
    }

    [Fact]
    public void A_failed_confirmation_meeting_awaits_no_approval_and_a_new_meeting_may_follow()
    {
        var steps = Until("23").Append(Decision("2027-06-20", ConfirmationOutcome.按期转正, passed: false)).ToList();
        DevelopmentGates.PendingDecision(steps).ShouldBeNull();
        Check(steps, S("24", "2027-06-25", new() { Approved = true })).Refusal!.Rule.ShouldBe("步骤顺序");
        var next = DevelopmentGates.Next(Pack, DevelopmentState.预备党员, steps, D("2027-06-21"), Cal)!;
        (next.Step, next.Why).ShouldBe(("23", "支部大会2027-06-20表决未通过，可另行召开支部大会讨论"));
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员, "李", steps, D("2027-09-19")).ShouldBeEmpty();
        var again = Decision("2027-07-01", ConfirmationOutcome.按期转正);
        Check(steps, again).Ok.ShouldBeTrue();
        steps.Add(again);
        DevelopmentGates.PendingDecision(steps).ShouldBe(again);
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员, "李", steps, D("2027-09-25")).Single().Kind.ShouldBe(DevelopmentReminderKind.审批将到期);
        var approve = S("24", "2027-07-10", new() { Approved = true });
        DevelopmentSteps.StateAfter(Pack, DevelopmentState.预备党员, approve, steps).ShouldBe(DevelopmentState.正式党员);
    }

    // ---- 5. 更换入党介绍人 ----

    [Fact]
    public void A_replacement_introducer_passes_the_step_9_checks_on_its_day()
    {
        var on = D("2026-05-01");
        long[] current = [1, 2];
        DevelopmentGates.SponsorReplacement(current, 1, new(3, "王五", true, true, null), on).ShouldBeNull();
        var notCurrent = DevelopmentGates.SponsorReplacement(current, 9, new(3, "王五", true, true, null), on)!;
        (notCurrent.Field, notCurrent.Message).ShouldBe(("replacedMemberId", "所选人员不是该发展对象现任的入党介绍人"));
        DevelopmentGates.SponsorReplacement(current, 1, new(2, "李四", true, true, null), on)!.Message.ShouldBe("李四已是入党介绍人，请选择另一名正式党员");
        var probationer = DevelopmentGates.SponsorReplacement(current, 1, new(3, "预备甲", true, false, null), on)!;
        (probationer.Rule, probationer.Field, probationer.Message).ShouldBe(("入党介绍人", "memberId", "预备甲在2026-05-01是预备党员，不能担任入党介绍人"));
        DevelopmentGates.SponsorReplacement(current, 1, new(3, "处分乙", true, true, on), on)!.Message.ShouldBe("处分乙受留党察看处分（至2026-05-01），不能担任入党介绍人");
        DevelopmentGates.SponsorReplacement(current, 1, new(3, "出党丙", false, true, null), on)!.Message.ShouldBe("出党丙在2026-05-01不是党籍正常的党员，不能担任入党介绍人");
    }
}
