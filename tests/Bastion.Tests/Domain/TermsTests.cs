using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class TermsTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    // ---- due date by type ----

    [Theory]
    [InlineData(OrgType.党委, 5)]
    [InlineData(OrgType.党总支, 3)]
    [InlineData(OrgType.党支部, 3)]
    [InlineData(OrgType.联合党支部, 3)]
    public void The_due_date_is_the_start_plus_the_term_of_the_type(OrgType type, int years)
    {
        TermRules.DueDate(D(2023, 6, 15), type).ShouldBe(D(2023 + years, 6, 15));
        TermRules.HoldsTerms(type).ShouldBeTrue();
    }

    [Theory]
    [InlineData(OrgType.临时党支部)]
    [InlineData(OrgType.党小组)]
    public void Temporary_branches_and_party_groups_hold_no_terms(OrgType type)
    {
        TermRules.DueDate(D(2023, 6, 15), type).ShouldBeNull();
        TermRules.HoldsTerms(type).ShouldBeFalse();
        TermRules.NoTermsReason(type).ShouldBe($"{type}不进行换届，不能录入届次");
        TermRules.StageOn(type, null, D(2026, 1, 1)).ShouldBe(ReminderStage.无);
        TermRules.StageOn(type, D(2020, 1, 1), D(2026, 1, 1)).ShouldBe(ReminderStage.无);
    }

    [Fact]
    public void A_term_started_on_a_leap_day_is_due_on_the_28th_of_February()
    {
        TermRules.DueDate(D(2024, 2, 29), OrgType.党支部).ShouldBe(D(2027, 2, 28));
        TermRules.DueDate(D(2024, 2, 29), OrgType.党委).ShouldBe(D(2029, 2, 28));
    }

    [Fact]
    public void A_leap_day_start_five_years_on_is_still_the_28th_even_in_a_leap_year()
    {
        // 2028 is a leap year, but start + 4 years is not the rule; 5 years lands in 2029
        TermRules.DueDate(D(2024, 2, 29), OrgType.党委).ShouldBe(D(2029, 2, 28));
        TermRules.DueDate(D(2023, 2, 28), OrgType.党总支).ShouldBe(D(2026, 2, 28));
    }

    // ---- reminder stage ----

    private static readonly DateOnly Due = D(2027, 2, 28);

    [Fact]
    public void More_than_six_months_before_the_due_date_there_is_no_reminder()
    {
        TermRules.StageOn(OrgType.党支部, Due, D(2026, 8, 27)).ShouldBe(ReminderStage.无);
        TermRules.StageOn(OrgType.党支部, D(2026, 12, 31), D(2026, 6, 29)).ShouldBe(ReminderStage.无);
    }

    [Fact]
    public void Exactly_six_months_before_the_due_date_the_six_month_stage_begins()
    {
        TermRules.StageOn(OrgType.党支部, D(2026, 12, 15), D(2026, 6, 15)).ShouldBe(ReminderStage.六个月);
        TermRules.StageOn(OrgType.党支部, D(2026, 12, 15), D(2026, 6, 14)).ShouldBe(ReminderStage.无);
        TermRules.StageOn(OrgType.党支部, Due, D(2026, 8, 28)).ShouldBe(ReminderStage.六个月);
    }

    [Fact]
    public void Six_months_before_a_month_end_due_date_is_the_end_of_the_shorter_month()
    {
        // due 31 August: six months before is 28 February (29 in a leap year)
        TermRules.StageOn(OrgType.党支部, D(2027, 8, 31), D(2027, 2, 28)).ShouldBe(ReminderStage.六个月);
        TermRules.StageOn(OrgType.党支部, D(2027, 8, 31), D(2027, 2, 27)).ShouldBe(ReminderStage.无);
        TermRules.StageOn(OrgType.党支部, D(2028, 8, 31), D(2028, 2, 29)).ShouldBe(ReminderStage.六个月);
    }

    [Fact]
    public void Exactly_three_months_before_the_due_date_the_three_month_stage_begins()
    {
        TermRules.StageOn(OrgType.党支部, Due, D(2026, 11, 27)).ShouldBe(ReminderStage.六个月);
        TermRules.StageOn(OrgType.党支部, Due, D(2026, 11, 28)).ShouldBe(ReminderStage.三个月);
        TermRules.StageOn(OrgType.党支部, Due, D(2027, 2, 27)).ShouldBe(ReminderStage.三个月);
    }

    [Fact]
    public void On_the_due_date_itself_the_stage_is_due()
    {
        TermRules.StageOn(OrgType.党支部, Due, Due).ShouldBe(ReminderStage.到期);
        TermRules.DaysLeft(Due, Due).ShouldBe(0);
        TermRules.DaysText(0).ShouldBe("今日到期");
    }

    [Fact]
    public void One_day_after_the_due_date_the_term_is_overdue()
    {
        TermRules.StageOn(OrgType.党支部, Due, D(2027, 3, 1)).ShouldBe(ReminderStage.逾期);
        TermRules.DaysLeft(Due, D(2027, 3, 1)).ShouldBe(-1);
        TermRules.DaysText(-1).ShouldBe("逾期1天");
        TermRules.StageOn(OrgType.党委, Due, D(2030, 1, 1)).ShouldBe(ReminderStage.逾期);
    }

    [Fact]
    public void Without_a_current_term_the_stage_is_not_recorded()
    {
        TermRules.StageOn(OrgType.党支部, null, D(2026, 1, 1)).ShouldBe(ReminderStage.未录入届次);
        TermRules.DaysLeft(null, D(2026, 1, 1)).ShouldBeNull();
        TermRules.DaysText(null).ShouldBe("—");
    }

    [Fact]
    public void Days_left_count_calendar_days()
    {
        TermRules.DaysLeft(D(2027, 2, 28), D(2026, 2, 28)).ShouldBe(365);
        TermRules.DaysText(365).ShouldBe("还有365天");
    }

    [Fact]
    public void Every_stage_has_a_chinese_label_and_a_badge()
    {
        foreach (var s in Enum.GetValues<ReminderStage>())
        {
            TermRules.Label(s).ShouldNotBeNullOrWhiteSpace();
            TermRules.Badge(s).ShouldStartWith("text-bg-");
        }
        TermRules.Urgency(ReminderStage.逾期).ShouldBeLessThan(TermRules.Urgency(ReminderStage.六个月));
    }

    // ---- adjustment (advance or delay) ----

    private static readonly DateOnly Start = D(2024, 2, 29);
    private static readonly DateOnly Statutory = D(2027, 2, 28);
    private static readonly DateOnly Today = D(2026, 11, 21);

    private static Dictionary<string, string[]> Adjust(DateOnly? newDue, string? reason = "工作需要", string? doc = "集团党委〔2026〕8号", DateOnly? approved = null) =>
        TermRules.ValidateAdjustment(Start, Statutory, newDue, reason, doc, approved ?? D(2026, 11, 1), Today);

    [Fact]
    public void A_delay_of_exactly_one_year_is_accepted()
    {
        Adjust(D(2028, 2, 28)).ShouldBeEmpty();
    }

    [Fact]
    public void A_delay_of_one_year_and_one_day_is_refused()
    {
        Adjust(D(2028, 2, 29))["adjustedDueDate"][0].ShouldBe("延期换届不能超过1年（最晚2028年2月28日）");
    }

    [Fact]
    public void An_advance_of_exactly_one_year_is_accepted()
    {
        Adjust(D(2026, 2, 28)).ShouldBeEmpty();
    }

    [Fact]
    public void An_advance_of_one_year_and_one_day_is_refused()
    {
        Adjust(D(2026, 2, 27))["adjustedDueDate"][0].ShouldBe("提前换届不能超过1年（最早2026年2月28日）");
    }

    [Fact]
    public void An_adjustment_needs_the_approval_document_number_and_date_and_a_reason()
    {
        var errors = TermRules.ValidateAdjustment(Start, Statutory, D(2027, 8, 1), " ", "", null, Today);
        errors["approvalDocNo"][0].ShouldBe("请填写上级党组织批复文号");
        errors["approvalDate"][0].ShouldBe("请填写批复日期");
        errors["adjustmentReason"][0].ShouldBe("请填写提前或延期换届的原因");
        errors.ShouldNotContainKey("adjustedDueDate");
    }

    [Fact]
    public void An_approval_dated_in_the_future_or_before_the_term_is_refused()
    {
        Adjust(D(2027, 8, 1), approved: Today.AddDays(1))["approvalDate"][0].ShouldBe("批复日期不能晚于今天");
        Adjust(D(2027, 8, 1), approved: Start.AddDays(-1))["approvalDate"][0].ShouldBe("批复日期不能早于本届开始日期");
        Adjust(D(2027, 8, 1), approved: Today).ShouldBeEmpty();
    }

    [Fact]
    public void An_adjustment_to_the_statutory_date_or_without_a_date_is_refused()
    {
        Adjust(Statutory)["adjustedDueDate"][0].ShouldBe("调整后的换届日期与应换届日期相同，无需调整");
        Adjust(null)["adjustedDueDate"][0].ShouldBe("请填写调整后的换届日期");
    }

    [Fact]
    public void Overlong_document_numbers_and_reasons_are_refused()
    {
        Adjust(D(2027, 8, 1), doc: new string('文', 101))["approvalDocNo"][0].ShouldBe("批复文号不能超过100个字");
        Adjust(D(2027, 8, 1), reason: new string('因', 501))["adjustmentReason"][0].ShouldBe("原因不能超过500个字");
    }

    [Fact]
    public void An_advance_may_not_reach_back_to_the_start_of_the_term()
    {
        // a term started less than a year before its due date (an irregular term) cannot be advanced before its start
        var errors = TermRules.ValidateAdjustment(D(2026, 6, 1), D(2026, 12, 1), D(2026, 5, 1), "原因", "文号", D(2026, 6, 2), Today);
        errors["adjustedDueDate"][0].ShouldBe("调整后的换届日期应晚于本届开始日期");
    }

    // ---- starting and ending terms ----

    private static OrgTerm Term(int number, DateOnly start, DateOnly? end = null) =>
        new() { Number = number, StartDate = start, DueDate = start.AddYears(3), EndDate = end };

    [Fact]
    public void A_first_term_needs_a_number_and_a_start_date_not_in_the_future()
    {
        TermRules.ValidateNewTerm(OrgType.党支部, 1, D(2026, 1, 1), null, Today).ShouldBeEmpty();
        var errors = TermRules.ValidateNewTerm(OrgType.党支部, null, null, null, Today);
        errors["number"][0].ShouldBe("请填写届次");
        errors["startDate"][0].ShouldBe("请填写本届开始日期");
        TermRules.ValidateNewTerm(OrgType.党支部, 0, Today.AddDays(1), null, Today)["startDate"][0].ShouldBe("本届开始日期不能晚于今天");
        TermRules.ValidateNewTerm(OrgType.党支部, 0, Today, null, Today)["number"][0].ShouldBe("届次应为1至999之间的整数");
    }

    [Fact]
    public void A_new_term_follows_the_latest_in_number_and_date()
    {
        var latest = Term(4, D(2023, 5, 10));
        TermRules.ValidateNewTerm(OrgType.党支部, 5, D(2026, 5, 10), latest, Today).ShouldBeEmpty();
        TermRules.ValidateNewTerm(OrgType.党支部, 4, D(2026, 5, 10), latest, Today)["number"][0].ShouldBe("届次应大于上一届（第4届）");
        TermRules.ValidateNewTerm(OrgType.党支部, 5, D(2023, 5, 10), latest, Today)["startDate"][0].ShouldBe("本届开始日期应晚于上一届开始日期（2023年5月10日）");
        var ended = Term(4, D(2023, 5, 10), D(2026, 6, 1));
        TermRules.ValidateNewTerm(OrgType.党支部, 5, D(2026, 5, 31), ended, Today)["startDate"][0].ShouldBe("本届开始日期不能早于上一届结束日期（2026年6月1日）");
        TermRules.ValidateNewTerm(OrgType.党支部, 5, D(2026, 6, 1), ended, Today).ShouldBeEmpty();
    }

    [Fact]
    public void A_temporary_branch_cannot_start_a_term()
    {
        TermRules.ValidateNewTerm(OrgType.临时党支部, 1, D(2026, 1, 1), null, Today)["orgId"][0].ShouldBe("临时党支部不进行换届，不能录入届次");
        TermRules.ValidateNewTerm(OrgType.党小组, 1, D(2026, 1, 1), null, Today)["orgId"][0].ShouldBe("党小组不进行换届，不能录入届次");
    }

    [Fact]
    public void Appointments_and_ends_lie_between_the_term_start_and_today()
    {
        var start = D(2025, 1, 10);
        TermRules.ValidateAppointment(start, start, Today).ShouldBeNull();
        TermRules.ValidateAppointment(start.AddDays(-1), start, Today).ShouldBe("任职日期不能早于本届开始日期");
        TermRules.ValidateAppointment(Today.AddDays(1), start, Today).ShouldBe("任职日期不能晚于今天");
        TermRules.ValidateAppointment(null, start, Today).ShouldBe("请填写任职日期");
        TermRules.ValidateEnd(Today, start, Today).ShouldBeNull();
        TermRules.ValidateEnd(start.AddDays(-1), start, Today).ShouldBe("结束日期不能早于本届开始日期");
        TermRules.ValidateEnd(Today.AddDays(1), start, Today).ShouldBe("结束日期不能晚于今天");
        TermRules.ValidateEnd(null, start, Today).ShouldBe("请填写届满（结束）日期");
    }

    // ---- which reminders go out on a day ----

    private static readonly HashSet<(long, string)> NoneSent = [];

    [Fact]
    public void Keys_are_per_term_and_stage_and_per_month_for_overdue_and_missing_terms()
    {
        TermRules.KeyFor(7, ReminderStage.六个月, D(2026, 8, 28)).ShouldBe("term:7:六个月");
        TermRules.KeyFor(7, ReminderStage.三个月, D(2026, 12, 1)).ShouldBe("term:7:三个月");
        TermRules.KeyFor(7, ReminderStage.到期, Due).ShouldBe("term:7:到期");
        TermRules.KeyFor(7, ReminderStage.逾期, D(2027, 3, 1)).ShouldBe("term:7:逾期:2027-03");
        TermRules.KeyFor(null, ReminderStage.未录入届次, D(2027, 3, 31)).ShouldBe("none:2027-03");
    }

    [Fact]
    public void The_six_month_reminder_is_sent_once_per_term()
    {
        var s = new TermRules.Subject(1, OrgType.党支部, 7, Due);
        var first = TermRules.DueOn([s], D(2026, 8, 28), NoneSent).ShouldHaveSingleItem();
        first.ShouldBe(new TermRules.Reminder(1, 7, ReminderStage.六个月, "term:7:六个月"));
        var sent = new HashSet<(long, string)> { (1, first.Key) };
        TermRules.DueOn([s], D(2026, 8, 28), sent).ShouldBeEmpty();
        TermRules.DueOn([s], D(2026, 10, 15), sent).ShouldBeEmpty();
        TermRules.DueOn([s], D(2026, 11, 28), sent).ShouldHaveSingleItem().Stage.ShouldBe(ReminderStage.三个月);
    }

    [Fact]
    public void A_new_term_gets_its_own_reminders()
    {
        var sent = new HashSet<(long, string)> { (1, "term:7:六个月") };
        TermRules.DueOn([new TermRules.Subject(1, OrgType.党支部, 8, Due)], D(2026, 8, 28), sent).ShouldHaveSingleItem().Key.ShouldBe("term:8:六个月");
    }

    [Fact]
    public void A_missed_stage_is_caught_up_but_an_earlier_one_is_not_sent_late()
    {
        // a term recorded only 2 months before its due date: the 3-month reminder, not the 6-month one
        var s = new TermRules.Subject(1, OrgType.党支部, 7, Due);
        TermRules.DueOn([s], D(2026, 12, 28), NoneSent).ShouldHaveSingleItem().Stage.ShouldBe(ReminderStage.三个月);
    }

    [Fact]
    public void On_the_due_date_the_due_reminder_is_sent_once()
    {
        var s = new TermRules.Subject(1, OrgType.党支部, 7, Due);
        var r = TermRules.DueOn([s], Due, NoneSent).ShouldHaveSingleItem();
        r.Stage.ShouldBe(ReminderStage.到期);
        TermRules.DueOn([s], Due, new HashSet<(long, string)> { (1, r.Key) }).ShouldBeEmpty();
    }

    [Fact]
    public void Overdue_reminders_repeat_monthly()
    {
        var s = new TermRules.Subject(1, OrgType.党支部, 7, Due);
        var march = TermRules.DueOn([s], D(2027, 3, 1), NoneSent).ShouldHaveSingleItem();
        march.Key.ShouldBe("term:7:逾期:2027-03");
        var sent = new HashSet<(long, string)> { (1, march.Key) };
        TermRules.DueOn([s], D(2027, 3, 31), sent).ShouldBeEmpty();
        TermRules.DueOn([s], D(2027, 4, 1), sent).ShouldHaveSingleItem().Key.ShouldBe("term:7:逾期:2027-04");
    }

    [Fact]
    public void Organizations_without_a_term_are_reminded_monthly()
    {
        var s = new TermRules.Subject(2, OrgType.党总支, null, null);
        var r = TermRules.DueOn([s], D(2026, 11, 21), NoneSent).ShouldHaveSingleItem();
        r.ShouldBe(new TermRules.Reminder(2, null, ReminderStage.未录入届次, "none:2026-11"));
        var sent = new HashSet<(long, string)> { (2, r.Key) };
        TermRules.DueOn([s], D(2026, 11, 30), sent).ShouldBeEmpty();
        TermRules.DueOn([s], D(2026, 12, 1), sent).ShouldHaveSingleItem().Key.ShouldBe("none:2026-12");
    }

    [Fact]
    public void Keys_are_kept_apart_per_organization()
    {
        var sent = new HashSet<(long, string)> { (2, "none:2026-11") };
        TermRules.DueOn([new TermRules.Subject(3, OrgType.党支部, null, null)], D(2026, 11, 21), sent).ShouldHaveSingleItem().OrgId.ShouldBe(3);
    }

    [Fact]
    public void Temporary_branches_and_quiet_terms_get_no_reminders()
    {
        TermRules.DueOn([
            new TermRules.Subject(1, OrgType.临时党支部, null, null),
            new TermRules.Subject(2, OrgType.党小组, null, null),
            new TermRules.Subject(3, OrgType.党支部, 9, D(2030, 1, 1)),
        ], D(2026, 11, 21), NoneSent).ShouldBeEmpty();
    }

    [Fact]
    public void Reminder_titles_say_what_is_due_in_chinese()
    {
        TermRules.Title(ReminderStage.六个月, "甲一党支部", 3, Due, D(2026, 8, 28)).ShouldBe("换届提醒：甲一党支部第3届任期将于2027年2月28日届满（还有184天）");
        TermRules.Title(ReminderStage.到期, "甲一党支部", 3, Due, Due).ShouldBe("换届提醒：甲一党支部第3届任期今日（2027年2月28日）届满");
        TermRules.Title(ReminderStage.逾期, "甲一党支部", 3, Due, D(2027, 3, 2)).ShouldBe("换届提醒：甲一党支部第3届任期已于2027年2月28日届满，已逾期2天");
        TermRules.Title(ReminderStage.未录入届次, "甲一党支部", null, null, Due).ShouldBe("换届提醒：甲一党支部尚未录入当前届次");
        foreach (var s in Enum.GetValues<ReminderStage>().Where(s => s != ReminderStage.无)) TermRules.Body(s).ShouldNotBeNullOrWhiteSpace();
    }

    // ---- leaving the organization ----

    [Fact]
    public void A_post_ends_on_the_day_its_holder_left_but_never_before_the_appointment()
    {
        TermRules.DepartureDate(D(2024, 1, 1), D(2026, 5, 20)).ShouldBe(D(2026, 5, 20));
        TermRules.DepartureDate(D(2026, 6, 1), D(2026, 5, 20)).ShouldBe(D(2026, 6, 1));
        TermRules.DepartureDate(D(2026, 5, 20), D(2026, 5, 20)).ShouldBe(D(2026, 5, 20));
    }

    [Fact]
    public void A_post_is_vacant_when_its_holder_left_and_nobody_holds_it_now()
    {
        var v = TermRules.Vacancies([
            (CommitteePost.书记, "甲", D(2024, 1, 1), null),
            (CommitteePost.组织委员, "乙", D(2024, 1, 1), D(2026, 5, 20)),
            (CommitteePost.宣传委员, "丙", D(2024, 1, 1), D(2025, 1, 1)),
            (CommitteePost.宣传委员, "丁", D(2025, 2, 1), null),
            (CommitteePost.纪检委员, "戊", D(2024, 1, 1), D(2025, 3, 1)),
            (CommitteePost.纪检委员, "己", D(2025, 4, 1), D(2026, 4, 1)),
        ]);
        v.ShouldBe([(CommitteePost.组织委员, "乙", D(2026, 5, 20)), (CommitteePost.纪检委员, "己", D(2026, 4, 1))]);
    }

    [Fact]
    public void A_post_nobody_ever_held_in_the_term_is_not_reported_as_vacant()
    {
        TermRules.Vacancies([(CommitteePost.书记, "甲", D(2024, 1, 1), null)]).ShouldBeEmpty();
        TermRules.Vacancies([]).ShouldBeEmpty();
    }
}
