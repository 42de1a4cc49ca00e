namespace Bastion.Domain;

/// <summary>The states of a 少交/免交 request: the branch files it, the superior 党委 approves or refuses it (one way).</summary>
public enum DuesReductionState { 待审批, 已批准, 已驳回 }

/// <summary>
/// What retained dues may be spent on (《关于中国共产党党费收缴、使用和管理的规定》中组发〔2008〕3号 第四部分): training members,
/// papers and materials for member education, honouring the outstanding, helping members in hardship (慰问), disaster relief.
/// </summary>
public enum DuesSpendingPurpose { 党员教育培训, 报刊资料设备, 表彰先进, 慰问困难党员, 灾害救助 }

/// <summary>A 党委 allowed by its superior to retain (留存) dues; only then may it record 使用.</summary>
public sealed class DuesRetention
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public bool Allowed { get; set; }
    /// <summary>The superior's decision that allows (or ends) the retention.</summary>
    public required string Basis { get; set; }
    public DateTimeOffset SetAt { get; set; }
    public string? SetBy { get; set; }
}

/// <summary>使用: one spending of retained dues, with who approved it and the accounting voucher.</summary>
public sealed class DuesSpending
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public DateOnly SpentOn { get; set; }
    public decimal Amount { get; set; }
    public DuesSpendingPurpose Purpose { get; set; }
    public required string Description { get; set; }
    /// <summary>批准人 (or the approving meeting).</summary>
    public required string ApprovedBy { get; set; }
    public required string VoucherNo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>Pure rules of the dues funds: 上缴 against what was collected, and the running balance (结余).</summary>
public static class DuesFundRules
{
    /// <summary>
    /// 上缴 of <paramref name="amount"/> when <paramref name="collected"/> was received in the month and
    /// <paramref name="remitted"/> already sent for it: more than what is left needs a reason (a correction, dues of an
    /// earlier month sent late); returns the refusal, or null.
    /// </summary>
    public static string? CheckRemittance(decimal amount, decimal collected, decimal remitted, string? reason)
    {
        var left = collected - remitted;
        if (amount <= left || !string.IsNullOrWhiteSpace(reason)) return null;
        return $"上缴金额超过本月已收未缴的{DuesRules.Yuan(Math.Max(left, 0))}元（已收{DuesRules.Yuan(collected)}元，已上缴{DuesRules.Yuan(remitted)}元），须填写超出原因";
    }

    /// <summary>
    /// 使用 of <paramref name="amount"/> when the 党委's retained dues stand at <paramref name="balance"/> (收缴 − 使用 − 上缴 so far):
    /// at most the balance; returns the refusal with the figures, or null.
    /// </summary>
    public static string? CheckSpending(decimal amount, decimal balance)
    {
        if (amount <= balance) return null;
        return $"使用金额{DuesRules.Yuan(amount)}元超过留存党费结余{DuesRules.Yuan(balance)}元（收缴减去已使用、已上缴），最多可使用{DuesRules.Yuan(Math.Max(balance, 0))}元";
    }

    /// <summary>Running 结余 month by month: opening + 收缴 − 使用 − 上缴, cumulative.</summary>
    public static IEnumerable<decimal> Balances(decimal opening, IEnumerable<(decimal Collected, decimal Spent, decimal Remitted)> months)
    {
        var b = opening;
        foreach (var (c, s, r) in months)
        {
            b += c - s - r;
            yield return b;
        }
    }
}
