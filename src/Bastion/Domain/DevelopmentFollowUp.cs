namespace Bastion.Domain;

/// <summary>
/// 年度发展党员计划: how many new members an organization plans to admit in a year (the 党委's total, or a branch's
/// share of it). Set by the 党委's administrators (table development_plans).
/// </summary>
public sealed class DevelopmentPlan
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public int Year { get; set; }
    public int Planned { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>The plan against what was done (§1.6, §1.8): approvals per month and the rushed-development warning.</summary>
public static class DevelopmentPlanRules
{
    /// <summary>The busiest one-month window [From, To] (To = From + 1 month − 1 day) and its approvals.</summary>
    public sealed record Window(DateOnly From, DateOnly To, int Approved);

    /// <summary>
    /// The one-month window holding the most approvals: each approval day opens a window [d, d + 1 month) (calendar
    /// month, clamped), so approvals that straddle two calendar months are counted together. Null without approvals.
    /// The earliest such window wins a tie.
    /// </summary>
    public static Window? BusiestMonth(IReadOnlyList<DateOnly> approvals)
    {
        var days = approvals.Order().ToList();
        Window? best = null;
        for (var i = 0; i < days.Count; i++)
        {
            var end = days[i].AddMonths(1);
            var n = 0;
            for (var j = i; j < days.Count && days[j] < end; j++) n++;
            if (best is null || n > best.Approved) best = new Window(days[i], end.AddDays(-1), n);
        }
        return best;
    }

    /// <summary>
    /// The rushed-development warning (禁止突击发展, §1.6): more than the pack's share [CD 40%] of the year's plan
    /// approved within one month. Null when there is no plan or no window exceeds the share.
    /// </summary>
    public static string? Rushed(DevelopmentRulePack pack, int planned, IReadOnlyList<DateOnly> approvals)
    {
        if (BusiestMonth(approvals) is not { } w) return null;
        return DevelopmentGates.RushedWarning(pack, planned, w.Approved) is { } warning
            ? $"{DevelopmentGates.D(w.From)}至{DevelopmentGates.D(w.To)}：{warning}"
            : null;
    }

    /// <summary>Approvals per calendar month of <paramref name="year"/> (index 0 = January).</summary>
    public static int[] ByMonth(int year, IEnumerable<DateOnly> approvals)
    {
        var months = new int[12];
        foreach (var d in approvals)
            if (d.Year == year) months[d.Month - 1]++;
        return months;
    }
}

/// <summary>What a development reminder is about.</summary>
public enum DevelopmentReminderKind { 谈话将到期 = 1, 谈话已超期, 半年考察, 审批将到期, 审批已超期, 预备期将满 }

/// <summary>
/// One reminder due on a case: its key (unique per case: a reminder is sent once, and again only for another due
/// date), what it is about, the date it concerns, whether the 党委's administrators get it too (the 党委's steps), and
/// the text — nothing personal beyond the person's name.
/// </summary>
public sealed record DevelopmentReminder(string Key, DevelopmentReminderKind Kind, DateOnly DueOn, bool ToCommittee, string Title, string Body);

/// <summary>
/// Which reminders a case is due on a day (§1.2 deadlines): 谈话 a week before the month after the application runs
/// out and once overdue; a half-year 考察 a week before the window ends without a record; the 党委's 审批 a week before
/// 支部大会 + 3 months and once overdue (also 转正审批 after the 转正 支部大会); 预备期满 30 days before. Pure: the
/// daily job sends what this returns and keeps a key once sent.
/// </summary>
public static class DevelopmentReminderRules
{
    /// <summary>Days before a deadline the "due soon" reminder starts.</summary>
    public const int DaysBefore = 7;
    /// <summary>Days before 预备期满 its reminder starts.</summary>
    public const int ProbationDaysBefore = 30;

    public static IReadOnlyList<DevelopmentReminder> Due(DevelopmentRulePack pack, DevelopmentState state, string name, IReadOnlyList<StepEntry> steps, DateOnly today)
    {
        var list = new List<DevelopmentReminder>();
        if (DevelopmentSteps.IsClosed(state)) return list;
        StepEntry? Last(string code) => steps.LastOrDefault(s => s.Step == code);
        bool Has(string code) => steps.Any(s => s.Step == code);
        static string D(DateOnly d) => DevelopmentGates.D(d);

        // 谈话: within a month of the application
        if (!Has("2") && Last("1") is { } applied && state == DevelopmentState.申请人)
        {
            var due = applied.On.AddMonths(pack.TalkWithinMonths);
            var rule = $"申请入党后{pack.TalkWithinMonths}个月内，党组织应派人同入党申请人谈话（应于{D(due)}前）。";
            if (today > due)
                list.Add(new($"talk-overdue:{D(due)}", DevelopmentReminderKind.谈话已超期, due, false, $"发展党员提醒：{name}的入党谈话已超期", rule + "超期谈话须说明原因。"));
            else if (today >= due.AddDays(-DaysBefore))
                list.Add(new($"talk-soon:{D(due)}", DevelopmentReminderKind.谈话将到期, due, false, $"发展党员提醒：{name}的入党谈话将于{D(due)}到期", rule));
        }

        // 培养教育考察: one record in every half-year from 确定入党积极分子 until 确定发展对象
        if (Has("3") && !Has("7") && state == DevelopmentState.入党积极分子)
        {
            var (start, end) = DevelopmentGates.ReviewWindow(pack, Last("3")!.On, today);
            if (today >= end.AddDays(-DaysBefore) && !steps.Any(s => s.Step == "6" && s.On >= start && s.On <= end))
                list.Add(new($"review:{D(start)}", DevelopmentReminderKind.半年考察, end, false,
                    $"发展党员提醒：{name}本半年的培养教育考察尚未记录",
                    $"培养教育考察每半年至少一次，本半年为{D(start)}至{D(end)}，请于{D(end)}前完成考察并记录。"));
        }

        // 审批: the 党委 approves within 3 months of the 支部大会 (17), 转正 within 3 months of the 转正 支部大会 (24)
        void Approval(string step, DateOnly meeting, int months, string what)
        {
            var due = meeting.AddMonths(months);
            var rule = $"支部大会（{D(meeting)}）后{months}个月内，上级党委应审批{what}（应于{D(due)}前）。";
            if (today > due)
                list.Add(new($"approval-overdue:{step}:{D(due)}", DevelopmentReminderKind.审批已超期, due, true, $"发展党员提醒：{name}的{what}审批已超期", rule));
            else if (today >= due.AddDays(-DaysBefore))
                list.Add(new($"approval-soon:{step}:{D(due)}", DevelopmentReminderKind.审批将到期, due, true, $"发展党员提醒：{name}的{what}审批将于{D(due)}到期", rule));
        }
        if (state == DevelopmentState.预备党员待审批 && Last("15") is { } s15 && !Has("17"))
            Approval("17", s15.On, pack.ApprovalWarnMonths, "接收预备党员");
        var pending = DevelopmentGates.PendingDecision(steps);
        if (pending is not null)
            Approval("24", pending.On, pack.ConfirmationApprovalMonths, "预备党员转正");

        // 预备期满: 30 days before, while no 转正 支部大会 of this round is pending
        if (state is DevelopmentState.预备党员 or DevelopmentState.预备党员延长期 && steps.LastOrDefault(s => s.Step == "15" && DevelopmentGates.Counts(s)) is { } meeting15 && pending is null)
        {
            var extension = DevelopmentGates.ApprovedExtension(steps);
            var ends = DevelopmentGates.ProbationEnds(pack, meeting15.On, extension);
            var decidedForThisEnd = steps.Any(s => s.Step == "23" && s.On >= ends);
            if (!decidedForThisEnd && today >= ends.AddDays(-ProbationDaysBefore) && today <= ends)
                list.Add(new($"probation:{D(ends)}", DevelopmentReminderKind.预备期将满, ends, false,
                    $"发展党员提醒：{name}的预备期将于{D(ends)}期满",
                    $"预备期满前应由本人提出转正申请，期满后及时召开支部大会讨论其能否转正。"));
        }
        return list;
    }
}
