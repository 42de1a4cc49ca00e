using System.Globalization;

namespace Bastion.Domain;

/// <summary>A dues month (DOMAIN-2 §2.3): 创建 → 启动缴费 → 已结算, one way.</summary>
public enum DuesMonthState
{
    创建 = 1,
    启动缴费 = 2,
    已结算 = 3,
}

public enum DuesPayMethod
{
    现金 = 1,
    银行转账 = 2,
    线上支付 = 3,
}

/// <summary>党费 = the month's due; 自愿多交 = voluntary extra; 特殊党费 = a one-off voluntary payment (≥ 1000 元 forwarded whole to 中央).</summary>
public enum DuesPaymentKind
{
    党费 = 1,
    自愿多交 = 2,
    特殊党费 = 3,
}

/// <summary>A collector's record is 已确认 at once; a member's own online-payment record waits (待确认) for the collector.</summary>
public enum DuesPaymentState
{
    待确认 = 1,
    已确认 = 2,
    已驳回 = 3,
}

public enum DuesArrearsLevel
{
    无 = 0,
    /// <summary>3 consecutive months unpaid: warn the member and the branch (批评教育, set a deadline).</summary>
    警告 = 1,
    /// <summary>6 consecutive months unpaid: 疑似自行脱党——需支部大会研究. Nothing changes automatically.</summary>
    疑似自行脱党 = 2,
}

/// <summary>
/// A month of one tenant's top 党委 (the root of its organization tree, as the 组织部 in OWIP): the snapshot of every
/// member's due is taken when it starts; each branch reports (报送); the top 党委 settles (结算).
/// </summary>
public sealed class DuesMonth
{
    public long Id { get; set; }
    /// <summary>The top 党委 (root organization) whose month it is.</summary>
    public long OrgId { get; set; }
    /// <summary>First day of the month.</summary>
    public DateOnly Month { get; set; }
    public DuesMonthState State { get; set; }
    public int MemberCount { get; set; }
    public int ProblemCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public string? StartedBy { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
    public string? SettledBy { get; set; }
}

/// <summary>
/// One member's line of a started month, snapshotted on 启动 (branch, category, base, rate, amount); later transfers
/// never rewrite it. <see cref="OrgId"/> is the branch the dues are owed to (a 党小组 member's branch).
/// </summary>
public sealed class DuesEntry
{
    public long Id { get; set; }
    public long MonthId { get; set; }
    public DateOnly Month { get; set; }
    public long MemberId { get; set; }
    /// <summary>The branch owed to.</summary>
    public long OrgId { get; set; }
    /// <summary>The member's own organization on 启动 (the branch or one of its 党小组).</summary>
    public long MemberOrgId { get; set; }
    public DuesCategory? Category { get; set; }
    public decimal? Base { get; set; }
    public decimal? Rate { get; set; }
    /// <summary>The amount the standard gives.</summary>
    public decimal? Assessed { get; set; }
    /// <summary>The amount due (the assessed amount, or the approved reduced amount; changed later only for 延迟 records).</summary>
    public decimal? Due { get; set; }
    public long? TableId { get; set; }
    /// <summary>What stops the amount from being known (未设置党费类别 …): the branch fixes it and the line is re-assessed.</summary>
    public string? Problem { get; set; }
    public long? ReductionId { get; set; }
    public bool Delayed { get; set; }
    public string? DelayRemark { get; set; }
    /// <summary>Set with the confirmed 党费 payment (in the same transaction).</summary>
    public decimal? PaidAmount { get; set; }
    public DateOnly? PaidOn { get; set; }
    public long? PaymentId { get; set; }
}

/// <summary>A payment: the month's dues (once), a voluntary extra or 特殊党费.</summary>
public sealed class DuesPayment
{
    public long Id { get; set; }
    /// <summary>The branch that collects.</summary>
    public long OrgId { get; set; }
    public long MemberId { get; set; }
    public long EntryId { get; set; }
    /// <summary>The month paid for.</summary>
    public DateOnly ForMonth { get; set; }
    /// <summary>The open month it was recorded in (later than <see cref="ForMonth"/> for a 补交).</summary>
    public DateOnly RecordedInMonth { get; set; }
    public DuesPaymentKind Kind { get; set; }
    public DuesPaymentState State { get; set; }
    public decimal Amount { get; set; }
    public DuesPayMethod Method { get; set; }
    public string? ReceiptNo { get; set; }
    public DateOnly PaidOn { get; set; }
    /// <summary>The 支部's reason for a 补交 more than 6 months back.</summary>
    public string? BackPayReason { get; set; }
    /// <summary>特殊党费 ≥ 1000 元: to be forwarded whole to 中央.</summary>
    public bool ForwardToCentral { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public string? ConfirmedBy { get; set; }
}

/// <summary>A branch's 报送 of a month: its data for that month is locked from then on.</summary>
public sealed class DuesBranchReport
{
    public long Id { get; set; }
    public long MonthId { get; set; }
    public long OrgId { get; set; }
    public int MemberCount { get; set; }
    public decimal DueTotal { get; set; }
    public decimal PaidTotal { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public string? ReportedBy { get; set; }
}

/// <summary>少交/免交: the 支部's decision and the superior's approval (批件号) for a month range (≤ 12 months).</summary>
public sealed class DuesReduction
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public long MemberId { get; set; }
    public DateOnly FromMonth { get; set; }
    public DateOnly ToMonth { get; set; }
    /// <summary>The reduced monthly amount; 0 = 免交.</summary>
    public decimal Amount { get; set; }
    public required string BranchDecision { get; set; }
    /// <summary>The date of the 支部's decision (null on rows recorded before the request workflow).</summary>
    public DateOnly? BranchDecidedOn { get; set; }
    /// <summary>The superior's 批件号: optional when the 党委 approves in the app.</summary>
    public string? ApprovalNo { get; set; }
    /// <summary>Only an approved reduction lowers a month started inside its range.</summary>
    public DuesReductionState State { get; set; } = DuesReductionState.待审批;
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? RefusalReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>上缴: what a branch (or 党委) sent to its superior.</summary>
public sealed class DuesRemittance
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public DateOnly Month { get; set; }
    public decimal Amount { get; set; }
    public DateOnly PaidOn { get; set; }
    public string? ReceiptNo { get; set; }
    public string? Note { get; set; }
    /// <summary>Why more than the collected and not yet remitted amount was sent (required then).</summary>
    public string? OverReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>The pure rules of the monthly cycle (DOMAIN-2 §2.2, §2.3, §2.5).</summary>
public static class DuesMonthRules
{
    /// <summary>补交 generally ≤ 6 months back ([党费规定]12); further only with the 支部's recorded reason.</summary>
    public const int BackPayMonths = 6;
    /// <summary>A one-off voluntary payment of at least this many 元 is forwarded whole to 中央 ([党费规定]11).</summary>
    public const decimal ForwardThreshold = 1000m;
    /// <summary>A 少交/免交 approval covers at most this many months, then the member re-applies [CD].</summary>
    public const int MaxReductionMonths = 12;
    public const int WarningMonths = 3;
    public const int LapseMonths = 6;
    public const string LapseLabel = "疑似自行脱党——需支部大会研究";

    public static DateOnly MonthOf(DateOnly d) => new(d.Year, d.Month, 1);

    /// <summary>Calendar months from <paramref name="from"/>'s month to <paramref name="to"/>'s (days ignored): 2026-01 → 2026-07 = 6.</summary>
    public static int MonthsBetween(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month;

    /// <summary>
    /// The first month a member owes in a branch: the month of the 支部大会 (入党日期) for a 预备党员 ([党费规定]8), but
    /// never a month the 介绍信 says is already paid (党费交至 X → X + 1 month): nobody pays a month twice.
    /// </summary>
    public static DateOnly FirstDueMonth(DateOnly joinedAt, DateOnly? duesPaidTo)
    {
        var joined = MonthOf(joinedAt);
        if (duesPaidTo is not { } paid) return joined;
        var next = MonthOf(paid).AddMonths(1);
        return next > joined ? next : joined;
    }

    /// <summary>Whether <paramref name="month"/> is owed, given the 入党日期 and the 党费交至 month of the letter that brought the member.</summary>
    public static bool Owes(DateOnly month, DateOnly joinedAt, DateOnly? duesPaidTo) => MonthOf(month) >= FirstDueMonth(joinedAt, duesPaidTo);

    /// <summary>
    /// A 补交 for <paramref name="forMonth"/> recorded in <paramref name="openMonth"/>: up to 6 calendar months back it
    /// passes; further back only with the 支部's reason. Returns the refusal, or null.
    /// </summary>
    public static string? CheckBackPay(DateOnly forMonth, DateOnly openMonth, string? reason)
    {
        var back = MonthsBetween(forMonth, openMonth);
        if (back <= BackPayMonths) return null;
        return string.IsNullOrWhiteSpace(reason)
            ? $"补交{Month(forMonth)}党费已超过{BackPayMonths}个月（相隔{back}个月），须填写支部研究同意的理由"
            : null;
    }

    /// <summary>
    /// A 少交/免交 request: from ≤ to, at most 12 months, amount ≥ 0 and below the assessed amount, the 支部's decision and its
    /// date (not after <paramref name="today"/>). The superior's 批件号 is not asked here: the 党委 approves in the app. Field errors by name.
    /// </summary>
    public static Dictionary<string, string[]> CheckReduction(DateOnly? from, DateOnly? to, decimal? amount, decimal? assessed, string? decision, DateOnly? decidedOn, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        if (from is null) e["fromMonth"] = ["请填写起始月份（yyyy-MM）"];
        if (to is null) e["toMonth"] = ["请填写截止月份（yyyy-MM）"];
        if (from is { } f && to is { } t)
        {
            if (t < f) e["toMonth"] = ["截止月份不能早于起始月份"];
            else if (MonthsBetween(f, t) + 1 > MaxReductionMonths) e["toMonth"] = [$"一次批准最多{MaxReductionMonths}个月，期满后重新申请"];
        }
        if (amount is null || amount < 0) e["amount"] = ["请填写减免后每月应交金额（免交填0）"];
        else if (assessed is { } a && amount >= a) e["amount"] = ["减免后的金额应低于按标准应交的金额"];
        if (string.IsNullOrWhiteSpace(decision)) e["branchDecision"] = ["请填写支部研究决定（会议日期或纪要编号）"];
        if (decidedOn is null) e["branchDecidedOn"] = ["请填写支部研究决定的日期"];
        else if (decidedOn > today) e["branchDecidedOn"] = ["支部决定日期不能晚于今天"];
        return e;
    }

    /// <summary>A payment amount: positive, at most two decimals.</summary>
    public static string? CheckAmount(decimal? amount) =>
        amount is null ? "请填写金额" : amount <= 0 ? "金额须大于0" : decimal.Round(amount.Value, 2) != amount ? "金额最多两位小数" : null;

    /// <summary>特殊党费 of ≥ 1000 元 is flagged for forwarding to 中央.</summary>
    public static bool ForwardToCentral(DuesPaymentKind kind, decimal amount) => kind == DuesPaymentKind.特殊党费 && amount >= ForwardThreshold;

    /// <summary>
    /// Consecutive unpaid months counted back from the latest of <paramref name="months"/> (settled months only; a month
    /// whose due is 0 counts as settled up). A month not owed breaks nothing: it is simply absent.
    /// </summary>
    public static int ConsecutiveUnpaid(IEnumerable<(DateOnly Month, bool Paid)> months)
    {
        var n = 0;
        foreach (var (_, paid) in months.OrderByDescending(m => m.Month))
        {
            if (paid) break;
            n++;
        }
        return n;
    }

    public static DuesArrearsLevel Arrears(int consecutiveUnpaid) =>
        consecutiveUnpaid >= LapseMonths ? DuesArrearsLevel.疑似自行脱党 : consecutiveUnpaid >= WarningMonths ? DuesArrearsLevel.警告 : DuesArrearsLevel.无;

    public static string Label(DuesArrearsLevel l) => l switch
    {
        DuesArrearsLevel.疑似自行脱党 => LapseLabel,
        DuesArrearsLevel.警告 => "连续3个月未交，应批评教育并限期补交",
        _ => "",
    };

    public static string Month(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月");

    public static string Code(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>"2026-05" → 2026-05-01; null when not a month.</summary>
    /// <summary>A month as people type it (2027-01, 2027-1, 2027/01, 2027年1月): the one month reader, <see cref="TransferRules.ParseMonth"/>.</summary>
    public static DateOnly? ParseMonth(string? s) => TransferRules.ParseMonth(s);

    public static DuesPayMethod? ParseMethod(string? s) => s?.Trim() switch
    {
        "现金" or "cash" => DuesPayMethod.现金,
        "银行转账" or "bank" => DuesPayMethod.银行转账,
        "线上支付" or "online" => DuesPayMethod.线上支付,
        _ => null,
    };

    public static DuesPaymentKind? ParseKind(string? s) => string.IsNullOrWhiteSpace(s) ? DuesPaymentKind.党费 : s.Trim() switch
    {
        "党费" or "dues" => DuesPaymentKind.党费,
        "自愿多交" or "extra" => DuesPaymentKind.自愿多交,
        "特殊党费" or "special" => DuesPaymentKind.特殊党费,
        _ => null,
    };
}

/// <summary>The 3-month arrears warning sent to a member and the branch: once per run of unpaid months.</summary>
public sealed class DuesArrearsNotice
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public DateOnly SinceMonth { get; set; }
    public int Months { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
