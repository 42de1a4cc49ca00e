using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>Every gate of 发展党员 (DOMAIN-2 §1.2) at its boundaries, and the acceptance scenarios of §1.10.</summary>
public class DevelopmentGatesTests
{
    private static readonly DevelopmentRulePack Pack = DevelopmentRulePacks.细则2014;
    private static readonly DateOnly Birth = D("1995-05-05");
    private static readonly DateOnly Today = D("2030-12-31");

    // 2025 国庆/中秋: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked
    private static readonly WorkingDayCalendar Cal = new([
        new HolidayYear(2025, new HashSet<DateOnly>(Enumerable.Range(1, 8).Select(d => new DateOnly(2025, 10, d))), new HashSet<DateOnly> { new(2025, 9, 28), new(2025, 10, 11) }),
        new HolidayYear(2026, new HashSet<DateOnly>(), new HashSet<DateOnly>()),
        new HolidayYear(2027, new HashSet<DateOnly>(), new HashSet<DateOnly>()),
    ]);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static StepEntry S(string step, string on, DevelopmentStepFields? f = null, string? late = null) => new(step, D(on), f ?? new(), late);

    private static GateOutcome Check(IReadOnlyList<StepEntry> before, StepEntry next) => DevelopmentGates.Check(Pack, Birth, before, next, Today, Cal);

    /// <summary>A valid timeline up to (not including) the given step, with 积极分子 on 2025-01-10.</summary>
    private static List<StepEntry> Until(string step)
    {
        var all = new List<StepEntry>
        {
            S("1", "2024-12-20"), S("2", "2025-01-05"), S("3", "2025-01-10"), S("4", "2025-01-15"), S("5", "2025-01-20"),
            S("6", "2025-06-01", new() { Note = "考察" }), S("6", "2025-12-01", new() { Note = "考察" }),
            S("7", "2026-01-10"), S("8", "2026-01-12"), S("9", "2026-01-13"), S("10", "2026-02-01", new() { Conclusion = "合格" }),
            S("11", "2026-02-10", new() { TrainingDays = 3 }), S("12", "2026-03-01"), S("12a", "2026-03-02"),
            S("13", "2026-03-09"), S("14", "2026-03-10"), S("15", "2026-06-20", new() { Vote = null }), S("16", "2026-06-25"),
            S("17", "2026-07-01", new() { Approved = true }), S("18", "2026-07-05"), S("19", "2026-07-06"), S("20", "2026-07-15"),
            S("21", "2026-10-01", new() { Note = "考察" }), S("22", "2027-05-20"),
            S("23", "2027-06-20", new() { Outcome = ConfirmationOutcome.按期转正 }), S("24", "2027-07-01", new() { Approved = true }), S("25", "2027-07-10"),
        };
        var i = all.FindIndex(s => s.Step == step);
        return all.Take(i).ToList();
    }

    [Fact]
    public void The_steps_are_25_plus_12a_and_22a_in_order_with_the_committee_steps_named()
    {
        DevelopmentSteps.All.Count.ShouldBe(27);
        DevelopmentSteps.All.Select(s => s.Seq).ShouldBe(Enumerable.Range(1, 27));
        DevelopmentSteps.All.Where(s => s.Actor == StepActor.党委).Select(s => s.Code).ShouldBe(["4", "8", "13", "16", "17", "18", "24"]);
        DevelopmentSteps.Get("7").Name.ShouldBe("确定发展对象");
        DevelopmentSteps.Get("12a").Stage.ShouldBe(DevelopmentStage.预备党员的接收);
    }

    [Fact]
    public void The_2014_pack_carries_every_number_of_the_rules()
    {
        Pack.Version.ShouldBe("细则-2014");
        (Pack.MinAge, Pack.TalkWithinMonths, Pack.ActivistMonths, Pack.ReviewWindowMonths, Pack.Sponsors).ShouldBe((18, 1, 12, 6, 2));
        (Pack.TrainingMinDays, Pack.TrainingMinHours, Pack.PublicityWorkingDays).ShouldBe((3, 24, 5));
        (Pack.ApprovalWarnMonths, Pack.ApprovalLimitMonths, Pack.ProbationMonths, Pack.ExtensionMinMonths, Pack.ExtensionMaxMonths, Pack.MaxExtensions, Pack.ConfirmationApprovalMonths)
            .ShouldBe((3, 6, 12, 6, 12, 1, 3));
        Pack.PoliticalReviewValidMonths.ShouldBe(12);
        DevelopmentRulePacks.For(D("2026-01-01")).ShouldBeSameAs(Pack);
    }

    // ---- §1.10 scenario 2 and the age gate ----

    [Fact]
    public void Scenario_2_an_applicant_one_day_short_of_18_is_refused_with_the_birthday()
    {
        var r = DevelopmentGates.Age(Pack, D("2008-03-05"), D("2026-03-04"))!;
        r.Message.ShouldBe("申请日未满18周岁（满18周岁：2026-03-05）");
        r.Rule.ShouldBe("年龄");
        r.EarliestOn.ShouldBe(D("2026-03-05"));
        r.Field.ShouldBe("appliedOn");
        DevelopmentGates.Age(Pack, D("2008-03-05"), D("2026-03-05")).ShouldBeNull();
    }

    [Fact]
    public void A_29_February_birthday_comes_of_age_on_1_March_in_a_common_year()
    {
        DevelopmentGates.AdultOn(Pack, D("2008-02-29")).ShouldBe(D("2026-03-01"));
        DevelopmentGates.Age(Pack, D("2008-02-29"), D("2026-02-28"))!.Message.ShouldBe("申请日未满18周岁（满18周岁：2026-03-01）");
        DevelopmentGates.AdultOn(Pack, D("2004-02-29")).ShouldBe(D("2022-03-01"));
        DevelopmentGates.AdultOn(Pack with { LeapDayBirthdayIsMarchFirst = false }, D("2008-02-29")).ShouldBe(D("2026-02-28"));
    }

    // ---- order and dates ----

    [Fact]
    public void A_step_out_of_order_is_refused_naming_the_missing_step()
    {
        var r = Check(Until("2"), S("3", "2025-01-10")).Refusal!;
        r.Rule.ShouldBe("步骤顺序");
        r.Message.ShouldBe("须先记录第2步“党组织派人谈话”，才能记录第3步“推荐和确定入党积极分子”");
    }

    [Fact]
    public void A_step_already_recorded_or_behind_a_later_one_is_refused()
    {
        Check(Until("4"), S("3", "2025-01-12")).Refusal!.Message.ShouldBe("第3步“推荐和确定入党积极分子”已记录");
        Check(Until("8"), S("6", "2026-01-11", new() { Note = "x" })).Refusal!.Message.ShouldBe("第7步“确定发展对象”已记录，不能再记录第6步“培养教育考察”");
    }

    [Fact]
    public void A_date_before_the_previous_step_or_after_today_is_refused()
    {
        var r = Check(Until("4"), S("4", "2025-01-09")).Refusal!;
        r.EarliestOn.ShouldBe(D("2025-01-10"));
        r.Message.ShouldContain("不能早于第3步");
        Check(Until("4"), S("4", "2025-01-10")).Ok.ShouldBeTrue();
        DevelopmentGates.Check(Pack, Birth, Until("4"), S("4", "2025-01-11"), D("2025-01-10"), Cal).Refusal!.Rule.ShouldBe("日期");
    }

    // ---- 谈话 within 1 month ----

    [Fact]
    public void A_talk_on_the_last_day_of_the_month_passes_and_a_day_later_needs_a_reason_and_is_flagged()
    {
        var before = new List<StepEntry> { S("1", "2024-01-31") };
        Check(before, S("2", "2024-02-29")).ShouldSatisfyAllConditions(o => o.Ok.ShouldBeTrue(), o => o.Warnings.ShouldBeEmpty());
        var late = Check(before, S("2", "2024-03-01")).Refusal!;
        late.Rule.ShouldBe("谈话期限");
        late.Field.ShouldBe("lateReason");
        late.Message.ShouldBe("谈话超过申请后1个月（应于2024-02-29前），请填写超期原因");
        var flagged = Check(before, S("2", "2024-03-01", late: "书记出差"));
        flagged.Ok.ShouldBeTrue();
        flagged.Warnings.ShouldBe(["谈话超期：应于2024-02-29前谈话"]);
    }

    // ---- §1.10 scenario 1: 12 calendar months to 发展对象 ----

    [Fact]
    public void Scenario_1_an_activist_of_2026_01_10_cannot_become_a_candidate_before_2027_01_10()
    {
        var before = new List<StepEntry>
        {
            S("1", "2025-12-01"), S("2", "2025-12-20"), S("3", "2026-01-10"), S("4", "2026-01-11"), S("5", "2026-01-12"),
            S("6", "2026-06-01"), S("6", "2026-12-01"),
        };
        var r = Check(before, S("7", "2027-01-09")).Refusal!;
        r.Message.ShouldBe("培养考察未满一年，最早可于2027-01-10确定");
        r.Rule.ShouldBe("培养考察期");
        r.EarliestOn.ShouldBe(D("2027-01-10"));
        Check(before, S("7", "2027-01-10")).Ok.ShouldBeTrue();
    }

    [Fact]
    public void Twelve_months_from_29_February_end_on_28_February_never_365_days()
    {
        var before = new List<StepEntry>
        {
            S("1", "2024-01-10"), S("2", "2024-02-01"), S("3", "2024-02-29"), S("4", "2024-03-01"), S("5", "2024-03-01"),
            S("6", "2024-06-01"), S("6", "2024-12-01"),
        };
        Check(before, S("7", "2025-02-27")).Refusal!.Message.ShouldBe("培养考察未满一年，最早可于2025-02-28确定");
        Check(before, S("7", "2025-02-28")).Ok.ShouldBeTrue();
    }

    // ---- half-year 考察 ----

    [Fact]
    public void Each_half_year_window_needs_a_review_and_takes_only_one()
    {
        var before = Until("6"); // 积极分子 2025-01-10
        Check(before, S("6", "2025-07-09", new() { Note = "x" })).Ok.ShouldBeTrue();
        var withFirst = before.Append(S("6", "2025-03-01", new() { Note = "x" })).ToList();
        var again = Check(withFirst, S("6", "2025-07-09", new() { Note = "x" })).Refusal!;
        again.Rule.ShouldBe("半年考察");
        again.Message.ShouldBe("本半年（2025-01-10至2025-07-09）已有考察记录，下一次最早可于2025-07-10记录");
        again.EarliestOn.ShouldBe(D("2025-07-10"));
        Check(withFirst, S("6", "2025-07-10", new() { Note = "x" })).Ok.ShouldBeTrue();

        // second window empty: 发展对象 refused naming it
        var missing = Check(withFirst, S("7", "2026-01-10")).Refusal!;
        missing.Rule.ShouldBe("半年考察");
        missing.Message.ShouldBe("培养教育考察每半年至少一次：2025-07-10至2026-01-09没有考察记录");
    }

    [Fact]
    public void Review_windows_are_counted_from_the_activist_date_with_month_end_clamping()
    {
        DevelopmentGates.ReviewWindow(Pack, D("2024-08-31"), D("2025-02-27")).ShouldBe((D("2024-08-31"), D("2025-02-27")));
        DevelopmentGates.ReviewWindow(Pack, D("2024-08-31"), D("2025-02-28")).ShouldBe((D("2025-02-28"), D("2025-08-30")));
    }

    // ---- people: 培养联系人 and 介绍人 (scenario 4) ----

    private static CandidateMember Full(long id, string name) => new(id, name, true, true, null);

    [Fact]
    public void Scenario_4_a_probationary_member_or_one_under_probation_discipline_cannot_sponsor_named_with_the_reason()
    {
        var on = D("2026-01-13");
        DevelopmentGates.Sponsors(Pack, [Full(1, "张三"), Full(2, "李四")], on).ShouldBeNull();
        DevelopmentGates.Sponsors(Pack, [Full(1, "张三"), new(2, "李四", true, false, null)], on)!.Message.ShouldBe("李四在2026-01-13是预备党员，不能担任入党介绍人");
        var disciplined = DevelopmentGates.Sponsors(Pack, [new(1, "王五", true, true, D("2026-06-30")), Full(2, "李四")], on)!;
        disciplined.Message.ShouldBe("王五受留党察看处分（至2026-06-30），不能担任入党介绍人");
        disciplined.Rule.ShouldBe("入党介绍人");
        disciplined.Field.ShouldBe("memberIds");
    }

    [Fact]
    public void Exactly_two_different_sponsors_and_one_or_two_contacts()
    {
        var on = D("2026-01-13");
        DevelopmentGates.Sponsors(Pack, [Full(1, "张三")], on)!.Message.ShouldBe("入党介绍人须为2名不同的正式党员（已选1名）");
        DevelopmentGates.Sponsors(Pack, [Full(1, "张三"), Full(1, "张三")], on).ShouldNotBeNull();
        DevelopmentGates.Sponsors(Pack, [Full(1, "a"), Full(2, "b"), Full(3, "c")], on).ShouldNotBeNull();
        DevelopmentGates.Contacts(Pack, [], on)!.Message.ShouldBe("培养联系人须为1至2名正式党员（已选0名）");
        DevelopmentGates.Contacts(Pack, [Full(1, "a")], on).ShouldBeNull();
        DevelopmentGates.Contacts(Pack, [Full(1, "a"), Full(2, "b")], on).ShouldBeNull();
        DevelopmentGates.Contacts(Pack, [Full(1, "a"), new(2, "b", false, true, null)], on)!.Message.ShouldBe("b在2026-01-13不是党籍正常的党员，不能担任培养联系人");
    }

    [Fact]
    public void Probation_discipline_lasts_one_or_two_years_from_its_date()
    {
        (RewardPenaltyKind, DateOnly, string)[] one = [(RewardPenaltyKind.惩处, D("2025-03-01"), "留党察看一年")];
        DevelopmentGates.DisciplineUntil(one, D("2025-02-28")).ShouldBeNull();
        DevelopmentGates.DisciplineUntil(one, D("2025-03-01")).ShouldBe(D("2026-02-28"));
        DevelopmentGates.DisciplineUntil(one, D("2026-02-28")).ShouldBe(D("2026-02-28"));
        DevelopmentGates.DisciplineUntil(one, D("2026-03-01")).ShouldBeNull();
        (RewardPenaltyKind, DateOnly, string)[] two = [(RewardPenaltyKind.惩处, D("2025-03-01"), "留党察看二年")];
        DevelopmentGates.DisciplineUntil(two, D("2027-02-28")).ShouldBe(D("2027-02-28"));
        DevelopmentGates.DisciplineUntil([(RewardPenaltyKind.惩处, D("2025-03-01"), "严重警告")], D("2025-06-01")).ShouldBeNull();
        DevelopmentGates.DisciplineUntil([(RewardPenaltyKind.奖励, D("2025-03-01"), "留党察看一年")], D("2025-06-01")).ShouldBeNull();
    }

    // ---- scenario 3: the 支部大会 ----

    /// <summary>12 正式党员 (one under 留党察看) and 2 预备党员: 应到 11.</summary>
    private static readonly IReadOnlyList<Voter> Branch =
    [
        .. Enumerable.Range(1, 11).Select(i => new Voter(i, "党员" + i, true, null)),
        new Voter(12, "受处分者", true, D("2026-12-31")),
        new Voter(13, "预备甲", false, null), new Voter(14, "预备乙", false, null),
    ];

    private static VoteInput Votes(int present, int yes, Dictionary<long, VoteChoice>? written = null, Dictionary<long, string?>? excluded = null) =>
        new(Enumerable.Range(1, present).Select(i => (long)i).Append(13).Append(14).ToList(), excluded ?? [], written ?? [], yes, 0, present - yes);

    [Fact]
    public void Scenario_3_five_present_of_eleven_cannot_open_the_meeting()
    {
        var (tally, r) = DevelopmentGates.Count(Branch, Votes(5, 5));
        tally.ShouldBeNull();
        r!.Rule.ShouldBe("支部大会人数");
        r.Message.ShouldBe("有表决权的到会党员5人，未超过应到会有表决权党员11人的半数，支部大会不能召开");
        DevelopmentGates.Count(Branch, Votes(6, 6)).Refusal.ShouldBeNull();
    }

    [Fact]
    public void Scenario_3_seven_present_five_for_and_one_written_for_pass_six_over_five_and_a_half()
    {
        var (tally, r) = DevelopmentGates.Count(Branch, Votes(7, 5, written: new() { [9] = VoteChoice.赞成 }));
        r.ShouldBeNull();
        tally!.Expected.ShouldBe(11);
        tally.Present.ShouldBe(7);
        tally.WrittenFor.ShouldBe(1);
        tally.Passed.ShouldBeTrue();
    }

    [Fact]
    public void Scenario_3_five_for_and_nothing_else_fails()
    {
        var (tally, r) = DevelopmentGates.Count(Branch, Votes(7, 5));
        r.ShouldBeNull("the meeting was held: its failed vote is kept on the record");
        tally!.Passed.ShouldBeFalse();
        DevelopmentGates.VoteFailed(tally).ShouldBe("赞成票5票（含会前书面赞成0票），未超过应到会有表决权正式党员11人的半数，未通过");
    }

    [Fact]
    public void One_vote_per_person_written_votes_only_from_absent_voters_and_exclusions_need_a_reason()
    {
        DevelopmentGates.Count(Branch, Votes(7, 5, written: new() { [3] = VoteChoice.赞成 })).Refusal!.Message.ShouldBe("党员3已到会，不能再计入书面表决票（一人一票）");
        DevelopmentGates.Count(Branch, Votes(7, 5, written: new() { [13] = VoteChoice.赞成 })).Refusal!.Message.ShouldBe("预备甲没有表决权，书面意见不能计入表决");
        DevelopmentGates.Count(Branch, new VoteInput([1, 2, 3, 4, 5, 6, 7], new Dictionary<long, string?>(), new Dictionary<long, VoteChoice>(), 6, 1, 1)).Refusal!.Rule.ShouldBe("表决");
        DevelopmentGates.Count(Branch, Votes(6, 6, excluded: new() { [10] = " " })).Refusal!.Message.ShouldContain("须填写支委会决定的原因");
        // two excluded with a reason: 应到 9, 5 present is a quorum
        var (tally, r) = DevelopmentGates.Count(Branch, Votes(5, 5, excluded: new() { [10] = "出国（境）", [11] = "病重" }));
        r.ShouldBeNull();
        tally!.Expected.ShouldBe(9);
        tally.ExclusionReasons.ShouldBe(["党员10：出国（境）", "党员11：病重"]);
    }

    // ---- 政审, 培训, 公示, 预审 ----

    [Fact]
    public void Training_needs_three_days_or_24_hours_or_a_written_override()
    {
        var before = Until("11");
        Check(before, S("11", "2026-02-10", new() { TrainingDays = 3 })).Ok.ShouldBeTrue();
        Check(before, S("11", "2026-02-10", new() { TrainingHours = 24 })).Ok.ShouldBeTrue();
        var r = Check(before, S("11", "2026-02-10", new() { TrainingDays = 2, TrainingHours = 23 })).Refusal!;
        r.Rule.ShouldBe("集中培训");
        r.Message.ShouldBe("集中培训须不少于3天或24学时（现为2天、23学时），未经培训的须书面说明原因");
        var overridden = Check(before, S("11", "2026-02-10", new() { TrainingDays = 2, OverrideReason = "党校停课，已自学" }));
        overridden.Ok.ShouldBeTrue();
        overridden.Warnings.Count.ShouldBe(1);
    }

    [Fact]
    public void Pre_review_needs_a_passed_political_review_within_12_months()
    {
        var before = Until("13");
        var failed = before.Select(s => s.Step == "10" ? s with { Fields = new() { Conclusion = "不合格" } } : s).ToList();
        Check(failed, S("13", "2026-03-09")).Refusal!.Rule.ShouldBe("政治审查");
        var old = before.Select(s => s.Step == "12a" ? s with { On = D("2027-01-25") } : s.Step is "11" or "12" ? s with { On = D("2027-01-20") } : s).ToList();
        Check(old, S("13", "2027-02-01")).Ok.ShouldBeTrue();
        Check(old, S("13", "2027-02-02")).Refusal!.Message.ShouldBe("政审结论已超过12个月有效期（有效至2027-02-01），须重新政审");
    }

    [Fact]
    public void Publicity_of_five_working_days_counts_holidays_and_makeup_days()
    {
        // 公示 from Monday 2025-09-29: 09-29, 09-30, 10-09, 10-10, 10-11 (调休 Saturday) → 预审 from 10-12
        var shifted = new List<StepEntry>
        {
            S("1", "2024-08-01"), S("2", "2024-08-05"), S("3", "2024-08-10"), S("4", "2024-08-11"), S("5", "2024-08-12"),
            S("6", "2024-09-01"), S("6", "2025-03-01"), S("7", "2025-08-10"), S("8", "2025-08-11"), S("9", "2025-08-12"),
            S("10", "2025-08-13", new() { Conclusion = "合格" }), S("11", "2025-09-01", new() { TrainingHours = 24 }), S("12", "2025-09-20"),
            S("12a", "2025-09-29"),
        };
        var r = Check(shifted, S("13", "2025-10-11")).Refusal!;
        r.Rule.ShouldBe("公示期");
        r.Message.ShouldBe("公示期未满5个工作日（2025-09-29至2025-10-11），最早可于2025-10-12预审");
        r.EarliestOn.ShouldBe(D("2025-10-12"));
        Check(shifted, S("13", "2025-10-12")).Ok.ShouldBeTrue();
        // a recorded end before the 5th working day is refused at 12a
        Check(shifted.Take(13).ToList(), S("12a", "2025-09-29", new() { PublicityEndsOn = D("2025-10-10") })).Refusal!.Message.ShouldBe("公示期不少于5个工作日，最早可于2025-10-11结束");
    }

    [Fact]
    public void Publicity_in_a_year_without_a_calendar_is_provisional()
    {
        var before = Until("12a").Select(s => s with { On = s.On.AddYears(3) }).ToList();
        var o = Check(before, S("12a", "2029-03-02"));
        o.Ok.ShouldBeTrue();
        o.Warnings.ShouldContain("公示期所跨年份的节假日安排未登记，工作日暂算");
    }

    [Fact]
    public void Publicity_can_be_skipped_only_when_the_pack_makes_it_optional()
    {
        var before = Until("12a");
        Check(before, S("13", "2026-03-09")).Refusal!.Message.ShouldBe("须先记录第12a步“公示”，才能记录第13步“上级党委预审”");
        DevelopmentGates.Check(Pack with { Publicity = StepUse.可选 }, Birth, before, S("13", "2026-03-09"), Today, Cal).Ok.ShouldBeTrue();
    }

    [Fact]
    public void Leaving_the_unit_within_three_months_warns_at_pre_review()
    {
        var o = Check(Until("13"), S("13", "2026-03-09", new() { LeavingSoon = true }));
        o.Ok.ShouldBeTrue();
        o.Warnings.ShouldBe(["发展对象拟在3个月内离开工作单位，一般不办理预审"]);
    }

    // ---- scenario 5: 审批 and 预备期 from the 支部大会 ----

    [Fact]
    public void Scenario_5_approval_warns_after_three_months_and_is_refused_after_six_without_escalation()
    {
        var before = Until("17"); // 支部大会 2026-06-20
        Check(before, S("17", "2026-09-20")).Warnings.ShouldBeEmpty();
        Check(before, S("17", "2026-09-21")).Warnings.ShouldBe(["审批超过支部大会后3个月（应于2026-09-20前）"]);
        Check(before, S("17", "2026-12-20")).Ok.ShouldBeTrue();
        var r = Check(before, S("17", "2026-12-21")).Refusal!;
        r.Rule.ShouldBe("审批期限");
        r.Message.ShouldBe("审批已超过支部大会后6个月（2026-12-20），须说明报组织部门的情况");
        Check(before, S("17", "2026-12-21", new() { Escalation = "已报组织部同意" })).Ok.ShouldBeTrue();
        var talk = DevelopmentGates.Next(Pack, DevelopmentState.预备党员待审批, Until("16"), D("2026-06-21"), Cal)!;
        (talk.Step, talk.DueBy).ShouldBe(("16", D("2026-09-20")));
        var due = DevelopmentGates.Next(Pack, DevelopmentState.预备党员待审批, before, D("2026-07-01"), Cal)!;
        due.Step.ShouldBe("17");
        due.DueBy.ShouldBe(D("2026-09-20"));
    }

    [Fact]
    public void Scenario_5_probation_ends_twelve_months_after_the_meeting_and_the_oath_changes_nothing()
    {
        DevelopmentGates.ProbationEnds(Pack, D("2026-06-20"), null).ShouldBe(D("2027-06-20"));
        var withOath = Until("22");
        var next = DevelopmentGates.Next(Pack, DevelopmentState.预备党员, withOath, D("2027-05-01"), Cal)!;
        next.Step.ShouldBe("22");
        next.DueBy.ShouldBe(D("2027-06-20"));
        var withLateOath = withOath.Select(s => s.Step == "20" ? s with { On = D("2026-07-20") } : s).ToList();
        DevelopmentGates.Next(Pack, DevelopmentState.预备党员, withLateOath, D("2027-05-01"), Cal)!.DueBy.ShouldBe(D("2027-06-20"));
        var r = Check(Until("23"), S("23", "2027-06-19", new() { Outcome = ConfirmationOutcome.按期转正 })).Refusal!;
        r.Message.ShouldBe("预备期未满，最早可于2027-06-20讨论转正");
        Check(Until("23"), S("23", "2027-06-20", new() { Outcome = ConfirmationOutcome.按期转正 })).Ok.ShouldBeTrue();
        DevelopmentGates.ProbationEnds(Pack, D("2024-02-29"), null).ShouldBe(D("2025-02-28"));
    }

    // ---- scenario 6: extension ----

    [Fact]
    public void Scenario_6_an_extension_of_5_or_13_months_is_refused_7_accepted_and_a_second_refused()
    {
        var before = Until("23");
        StepEntry Ext(int m, string on = "2027-06-20") => S("23", on, new() { Outcome = ConfirmationOutcome.延长预备期, ExtensionMonths = m });
        Check(before, Ext(5)).Refusal!.Message.ShouldBe("预备期只能延长一次，延长时间为6至12个月");
        Check(before, Ext(13)).Refusal!.Rule.ShouldBe("延长预备期");
        Check(before, Ext(6)).Ok.ShouldBeTrue();
        Check(before, Ext(12)).Ok.ShouldBeTrue();
        Check(before, Ext(7)).Ok.ShouldBeTrue();

        var extended = before.Append(Ext(7)).Append(S("24", "2027-07-01", new() { Approved = true })).ToList();
        DevelopmentSteps.StateAfter(Pack, DevelopmentState.预备党员, extended[^1], extended[..^1]).ShouldBe(DevelopmentState.预备党员延长期);
        DevelopmentGates.ProbationEnds(Pack, D("2026-06-20"), DevelopmentGates.ApprovedExtension(extended)).ShouldBe(D("2028-01-20"));
        var second = Check(extended, Ext(6, "2028-01-20")).Refusal!;
        second.Message.ShouldBe("预备期只能延长一次，已延长过，期满时只能转正或取消预备党员资格");
        Check(extended, S("23", "2028-01-19", new() { Outcome = ConfirmationOutcome.按期转正 })).Refusal!.EarliestOn.ShouldBe(D("2028-01-20"));
        var confirmed = Check(extended, S("23", "2028-01-20", new() { Outcome = ConfirmationOutcome.按期转正 }));
        confirmed.Ok.ShouldBeTrue();
        Check(extended, S("25", "2027-07-10")).Refusal!.Rule.ShouldBe("步骤顺序");
    }

    [Fact]
    public void Confirmation_approval_after_three_months_needs_an_escalation()
    {
        var before = Until("24"); // 转正 支部大会 2027-06-20
        Check(before, S("24", "2027-09-20", new() { Approved = true })).Ok.ShouldBeTrue();
        Check(before, S("24", "2027-09-21", new() { Approved = true })).Refusal!.Rule.ShouldBe("转正审批期限");
    }

    [Fact]
    public void The_whole_timeline_passes_and_a_moved_date_is_caught_at_the_first_later_step_it_breaks()
    {
        var all = Until("25").Append(S("25", "2027-07-10")).ToList();
        DevelopmentGates.CheckTimeline(Pack, Birth, all, Today, Cal).ShouldBeNull();
        var moved = all.Select(s => s.Step == "3" ? s with { On = D("2025-02-10") } : s).ToList();
        var broken = DevelopmentGates.CheckTimeline(Pack, Birth, moved, Today, Cal)!.Value;
        broken.Step.Step.ShouldBe("4");
        var movedLater = all.Select(s => s.Step == "3" ? s with { On = D("2025-01-12") } : s.Step is "4" or "5" ? s with { On = D("2025-01-20") } : s).ToList();
        DevelopmentGates.CheckTimeline(Pack, Birth, movedLater, Today, Cal)!.Value.Refusal.Message.ShouldBe("培养考察未满一年，最早可于2026-01-12确定");
    }

    [Fact]
    public void States_follow_the_steps()
    {
        var s = DevelopmentState.申请人;
        var done = new List<StepEntry>();
        foreach (var step in Until("25").Append(S("25", "2027-07-10")))
        {
            s = DevelopmentSteps.StateAfter(Pack, s, step, done);
            done.Add(step);
            if (step.Step == "3") s.ShouldBe(DevelopmentState.入党积极分子);
            if (step.Step == "15") s.ShouldBe(DevelopmentState.预备党员待审批);
            if (step.Step == "23") s.ShouldBe(DevelopmentState.预备党员); // unchanged until the 党委 approves
        }
        s.ShouldBe(DevelopmentState.正式党员);
        DevelopmentSteps.StateAfter(Pack, DevelopmentState.预备党员待审批, S("17", "2026-07-01", new() { Approved = false }), []).ShouldBe(DevelopmentState.终止);
        DevelopmentSteps.IsClosed(DevelopmentState.预备党员延长期).ShouldBeFalse();
        DevelopmentSteps.IsClosed(DevelopmentState.转出).ShouldBeTrue();
        DevelopmentSteps.StatesOf(DevelopmentStage.预备党员的接收).ShouldBe([DevelopmentState.发展对象已预审, DevelopmentState.预备党员待审批]);
    }

    [Fact]
    public void Next_names_the_talk_due_a_month_after_the_application_then_the_half_year_review()
    {
        var n = DevelopmentGates.Next(Pack, DevelopmentState.申请人, [S("1", "2026-01-31")], D("2026-02-01"), Cal)!;
        (n.Step, n.Name, n.DueBy).ShouldBe(("2", "党组织派人谈话", D("2026-02-28")));
        var review = DevelopmentGates.Next(Pack, DevelopmentState.入党积极分子, Until("6"), D("2025-03-01"), Cal)!;
        (review.Step, review.EarliestOn, review.DueBy).ShouldBe(("6", D("2025-01-10"), D("2025-07-09")));
        var candidate = DevelopmentGates.Next(Pack, DevelopmentState.入党积极分子, Until("7"), D("2025-12-20"), Cal)!;
        (candidate.Step, candidate.EarliestOn).ShouldBe(("7", D("2026-01-10")));
        DevelopmentGates.Next(Pack, DevelopmentState.终止, Until("7"), D("2025-12-20"), Cal).ShouldBeNull();
    }

    [Fact]
    public void Rushed_development_warns_above_the_share_of_the_annual_plan()
    {
        DevelopmentGates.RushedWarning(Pack, 10, 4).ShouldBeNull();
        DevelopmentGates.RushedWarning(Pack, 10, 5)!.ShouldContain("防止突击发展");
        DevelopmentGates.RushedWarning(Pack, 0, 5).ShouldBeNull();
    }
}
