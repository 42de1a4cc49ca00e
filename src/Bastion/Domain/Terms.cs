using System.Globalization;

namespace Bastion.Domain;

/// <summary>Posts of a party committee (支委会 / 总支委员会 / 党委委员会).</summary>
public enum CommitteePost
{
    书记 = 1,
    副书记 = 2,
    组织委员 = 3,
    宣传委员 = 4,
    纪检委员 = 5,
}

/// <summary>Where an organization stands towards its next 换届 on a given day.</summary>
public enum ReminderStage
{
    /// <summary>Not due within 6 months, or the type holds no 换届.</summary>
    无 = 0,
    /// <summary>Due within 6 months (from 6 months before the due date).</summary>
    六个月 = 1,
    /// <summary>Due within 3 months.</summary>
    三个月 = 2,
    /// <summary>Due today.</summary>
    到期 = 3,
    /// <summary>Past the due date with no new term.</summary>
    逾期 = 4,
    /// <summary>No current term recorded.</summary>
    未录入届次 = 5,
}

/// <summary>One term (届次) of an organization's committee.</summary>
public sealed class OrgTerm
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    /// <summary>届次: 第 N 届.</summary>
    public int Number { get; set; }
    public DateOnly StartDate { get; set; }
    /// <summary>Statutory due date: start + 3 or 5 years by organization type.</summary>
    public DateOnly DueDate { get; set; }
    /// <summary>Approved advanced or delayed due date (at most 1 year either way).</summary>
    public DateOnly? AdjustedDueDate { get; set; }
    public string? AdjustmentReason { get; set; }
    public string? ApprovalDocNo { get; set; }
    public DateOnly? ApprovalDate { get; set; }
    /// <summary>Actual end of the term (the next term's start, or an explicit end).</summary>
    public DateOnly? EndDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public DateOnly EffectiveDueDate => AdjustedDueDate ?? DueDate;
}

/// <summary>A committee member of one term.</summary>
public sealed class OrgTermMember
{
    public long Id { get; set; }
    public long TermId { get; set; }
    public CommitteePost Post { get; set; }
    public required string Name { get; set; }
    /// <summary>Optional link to the member record.</summary>
    public long? MemberId { get; set; }
    public DateOnly AppointedAt { get; set; }
    public DateOnly? LeftAt { get; set; }
}

/// <summary>A reminder already posted; the unique (OrgId, Key) makes each one go out once, whichever instance runs.</summary>
public sealed class TermReminderSent
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public long? TermId { get; set; }
    public ReminderStage Stage { get; set; }
    public required string Key { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>Pure rules of terms (届次) and 换届 reminders.</summary>
public static class TermRules
{
    /// <summary>
    /// The day a committee appointment ends when its holder leaves the organization (moved, transferred out, 出党):
    /// the day they left, but never before the appointment itself (an end date, the row is kept).
    /// </summary>
    public static DateOnly DepartureDate(DateOnly appointedAt, DateOnly leftOn) => leftOn < appointedAt ? appointedAt : leftOn;

    /// <summary>
    /// Posts of a term left vacant: held by someone during the term whose appointment has ended, and held by
    /// nobody now. Each with the last holder and the day they left, in the order of the posts.
    /// </summary>
    public static IReadOnlyList<(CommitteePost Post, string LastHolder, DateOnly LeftAt)> Vacancies(IEnumerable<(CommitteePost Post, string Name, DateOnly AppointedAt, DateOnly? LeftAt)> committee)
    {
        var rows = committee.ToList();
        return rows.Where(r => r.LeftAt is not null)
            .GroupBy(r => r.Post)
            .Where(g => !rows.Any(r => r.Post == g.Key && r.LeftAt is null))
            .Select(g => g.OrderByDescending(r => r.LeftAt).ThenByDescending(r => r.AppointedAt).First())
            .OrderBy(r => r.Post)
            .Select(r => (r.Post, r.Name, r.LeftAt!.Value))
            .ToList();
    }

    public const int MaxAdjustmentYears = 1;
    public const int ReasonMaxLength = 500;
    public const int DocNoMaxLength = 100;
    public const int NameMaxLength = 50;

    /// <summary>Whether the type holds 换届 at all (临时党支部 and 党小组 do not).</summary>
    public static bool HoldsTerms(OrgType type) => OrgRules.TermYears(type) is not null;

    /// <summary>Statutory due date: start + 3 or 5 years (29 Feb → 28 Feb); null where the type holds no 换届.</summary>
    public static DateOnly? DueDate(DateOnly start, OrgType type) =>
        OrgRules.TermYears(type) is { } years ? start.AddYears(years) : null;

    /// <summary>Why the type holds no 换届, or null when it does.</summary>
    public static string? NoTermsReason(OrgType type) =>
        HoldsTerms(type) ? null : $"{type}不进行换届，不能录入届次";

    public static string Label(ReminderStage s) => s switch
    {
        ReminderStage.六个月 => "6个月内到期",
        ReminderStage.三个月 => "3个月内到期",
        ReminderStage.到期 => "今日到期",
        ReminderStage.逾期 => "已逾期",
        ReminderStage.未录入届次 => "未录入届次",
        _ => "正常",
    };

    /// <summary>Bootstrap badge colour of a stage.</summary>
    public static string Badge(ReminderStage s) => s switch
    {
        ReminderStage.六个月 => "text-bg-info",
        ReminderStage.三个月 => "text-bg-warning",
        ReminderStage.到期 => "text-bg-danger",
        ReminderStage.逾期 => "text-bg-danger",
        ReminderStage.未录入届次 => "text-bg-secondary",
        _ => "text-bg-success",
    };

    /// <summary>Order of urgency in lists (lower first).</summary>
    public static int Urgency(ReminderStage s) => s switch
    {
        ReminderStage.逾期 => 0,
        ReminderStage.到期 => 1,
        ReminderStage.未录入届次 => 2,
        ReminderStage.三个月 => 3,
        ReminderStage.六个月 => 4,
        _ => 5,
    };

    /// <summary>
    /// The stage on <paramref name="today"/> for an organization whose current term is due on <paramref name="due"/>
    /// (null: no current term). From 6 months before the due date (the same day of the month, clamped to
    /// the month's end) → 六个月; from 3 months before → 三个月; the day itself → 到期; after it → 逾期.
    /// </summary>
    public static ReminderStage StageOn(OrgType type, DateOnly? due, DateOnly today)
    {
        if (!HoldsTerms(type)) return ReminderStage.无;
        if (due is not { } d) return ReminderStage.未录入届次;
        if (today > d) return ReminderStage.逾期;
        if (today == d) return ReminderStage.到期;
        if (today >= d.AddMonths(-3)) return ReminderStage.三个月;
        if (today >= d.AddMonths(-6)) return ReminderStage.六个月;
        return ReminderStage.无;
    }

    /// <summary>Days until the due date (negative when overdue); null when no term is recorded.</summary>
    public static int? DaysLeft(DateOnly? due, DateOnly today) => due is { } d ? d.DayNumber - today.DayNumber : null;

    /// <summary>"还有N天" / "今日到期" / "逾期N天" / "—".</summary>
    public static string DaysText(int? days) => days switch
    {
        null => "—",
        0 => "今日到期",
        > 0 => $"还有{days}天",
        _ => $"逾期{-days}天",
    };

    // ---- starting a term ----

    /// <summary>Checks a new term against the organization's type and its latest term; returns field errors.</summary>
    public static Dictionary<string, string[]> ValidateNewTerm(OrgType type, int? number, DateOnly? start, OrgTerm? latest, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (NoTermsReason(type) is { } no)
        {
            errors["orgId"] = [no];
            return errors;
        }
        if (number is not { } n) errors["number"] = ["请填写届次"];
        else if (n < 1 || n > 999) errors["number"] = ["届次应为1至999之间的整数"];
        else if (latest is not null && n <= latest.Number) errors["number"] = [$"届次应大于上一届（第{latest.Number}届）"];
        if (start is not { } s) errors["startDate"] = ["请填写本届开始日期"];
        else if (s > today) errors["startDate"] = ["本届开始日期不能晚于今天"];
        else if (latest is not null && s <= latest.StartDate) errors["startDate"] = [$"本届开始日期应晚于上一届开始日期（{ChineseDates.Date(latest.StartDate)}）"];
        else if (latest?.EndDate is { } end && s < end) errors["startDate"] = [$"本届开始日期不能早于上一届结束日期（{ChineseDates.Date(end)}）"];
        return errors;
    }

    /// <summary>Checks one committee appointment; returns the message or null.</summary>
    public static string? ValidateAppointment(DateOnly? appointedAt, DateOnly termStart, DateOnly today) => appointedAt switch
    {
        null => "请填写任职日期",
        { } a when a < termStart => "任职日期不能早于本届开始日期",
        { } a when a > today => "任职日期不能晚于今天",
        _ => null,
    };

    /// <summary>Checks ending a term on <paramref name="end"/>; returns the message or null.</summary>
    public static string? ValidateEnd(DateOnly? end, DateOnly termStart, DateOnly today) => end switch
    {
        null => "请填写届满（结束）日期",
        { } e when e < termStart => "结束日期不能早于本届开始日期",
        { } e when e > today => "结束日期不能晚于今天",
        _ => null,
    };

    // ---- advancing or delaying 换届 ----

    /// <summary>
    /// An advanced or delayed due date must differ from the statutory one by at most 1 year either way,
    /// stay after the term's start, and carry the approval (文号 and date, not in the future) and a reason.
    /// </summary>
    public static Dictionary<string, string[]> ValidateAdjustment(DateOnly termStart, DateOnly statutoryDue, DateOnly? newDue,
        string? reason, string? approvalDocNo, DateOnly? approvalDate, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (newDue is not { } d) errors["adjustedDueDate"] = ["请填写调整后的换届日期"];
        else if (d == statutoryDue) errors["adjustedDueDate"] = ["调整后的换届日期与应换届日期相同，无需调整"];
        else if (d < statutoryDue.AddYears(-MaxAdjustmentYears))
            errors["adjustedDueDate"] = [$"提前换届不能超过{MaxAdjustmentYears}年（最早{ChineseDates.Date(statutoryDue.AddYears(-MaxAdjustmentYears))}）"];
        else if (d > statutoryDue.AddYears(MaxAdjustmentYears))
            errors["adjustedDueDate"] = [$"延期换届不能超过{MaxAdjustmentYears}年（最晚{ChineseDates.Date(statutoryDue.AddYears(MaxAdjustmentYears))}）"];
        else if (d <= termStart) errors["adjustedDueDate"] = ["调整后的换届日期应晚于本届开始日期"];
        var r = reason?.Trim() ?? "";
        if (r.Length == 0) errors["adjustmentReason"] = ["请填写提前或延期换届的原因"];
        else if (r.Length > ReasonMaxLength) errors["adjustmentReason"] = [$"原因不能超过{ReasonMaxLength}个字"];
        var doc = approvalDocNo?.Trim() ?? "";
        if (doc.Length == 0) errors["approvalDocNo"] = ["请填写上级党组织批复文号"];
        else if (doc.Length > DocNoMaxLength) errors["approvalDocNo"] = [$"批复文号不能超过{DocNoMaxLength}个字"];
        if (approvalDate is not { } ad) errors["approvalDate"] = ["请填写批复日期"];
        else if (ad > today) errors["approvalDate"] = ["批复日期不能晚于今天"];
        else if (ad < termStart) errors["approvalDate"] = ["批复日期不能早于本届开始日期"];
        return errors;
    }

    // ---- reminders ----

    /// <summary>An organization as the reminder run sees it: its type and its current term (if any).</summary>
    public sealed record Subject(long OrgId, OrgType Type, long? TermId, DateOnly? Due);

    /// <summary>One reminder to post; <see cref="Key"/> is unique per organization.</summary>
    public sealed record Reminder(long OrgId, long? TermId, ReminderStage Stage, string Key);

    /// <summary>
    /// The idempotency key: 6个月, 3个月 and 到期 once per term ("term:7:三个月"); 逾期 once per term and calendar
    /// month ("term:7:逾期:2026-11"); 未录入届次 once per calendar month ("none:2026-11").
    /// </summary>
    public static string KeyFor(long? termId, ReminderStage stage, DateOnly today)
    {
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return stage switch
        {
            ReminderStage.未录入届次 => $"none:{month}",
            ReminderStage.逾期 => $"term:{termId}:{stage}:{month}",
            _ => $"term:{termId}:{stage}",
        };
    }

    /// <summary>The reminder an organization is due on <paramref name="today"/> (null: none), whether or not it was sent.</summary>
    public static Reminder? ReminderFor(Subject s, DateOnly today)
    {
        var stage = StageOn(s.Type, s.TermId is null ? null : s.Due, today);
        if (stage == ReminderStage.无) return null;
        var termId = stage == ReminderStage.未录入届次 ? null : s.TermId;
        return new Reminder(s.OrgId, termId, stage, KeyFor(termId, stage, today));
    }

    /// <summary>
    /// The reminders to post on <paramref name="today"/>: each organization's current stage, unless that
    /// (organization, key) was already sent. Only the current stage is sent: a term recorded 2 months before
    /// its due date gets the 3个月 reminder, not a late 6个月 one.
    /// </summary>
    public static IReadOnlyList<Reminder> DueOn(IEnumerable<Subject> subjects, DateOnly today, IReadOnlySet<(long OrgId, string Key)> sent)
    {
        var result = new List<Reminder>();
        foreach (var s in subjects)
            if (ReminderFor(s, today) is { } r && !sent.Contains((r.OrgId, r.Key)))
                result.Add(r);
        return result;
    }

    /// <summary>The notification title for a reminder.</summary>
    public static string Title(ReminderStage stage, string orgName, int? number, DateOnly? due, DateOnly today)
    {
        var term = number is { } n ? $"第{n}届" : "本届";
        var date = due is { } d ? ChineseDates.Date(d) : "";
        var days = DaysLeft(due, today) ?? 0;
        return stage switch
        {
            ReminderStage.六个月 or ReminderStage.三个月 => $"换届提醒：{orgName}{term}任期将于{date}届满（还有{days}天）",
            ReminderStage.到期 => $"换届提醒：{orgName}{term}任期今日（{date}）届满",
            ReminderStage.逾期 => $"换届提醒：{orgName}{term}任期已于{date}届满，已逾期{-days}天",
            ReminderStage.未录入届次 => $"换届提醒：{orgName}尚未录入当前届次",
            _ => $"换届提醒：{orgName}",
        };
    }

    public static string Body(ReminderStage stage) => stage switch
    {
        ReminderStage.六个月 => "请提前做好换届选举的各项准备工作，按程序向上级党组织请示。",
        ReminderStage.三个月 => "请抓紧换届选举准备工作，按程序向上级党组织报送换届请示。",
        ReminderStage.到期 => "任期今日届满，请按期召开党员大会（党员代表大会）进行换届选举。",
        ReminderStage.逾期 => "任期已届满，请尽快换届；确需延期的，须经上级党组织批准，延期不超过1年。",
        ReminderStage.未录入届次 => "请录入当前届次的开始日期和委员会成员，以便按期提醒换届。",
        _ => "",
    };
}
