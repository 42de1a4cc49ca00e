using System.Globalization;

namespace Bastion.Domain;

// Party dues (党费) standards and bases: DOMAIN-2 §2.1–§2.3, 中组发〔2008〕3号.
// Pure rules: no EF, no clock. The SQL function dues_assessment (0041_dues_standards.sql) applies the same arithmetic
// to every member at once; DuesAssessmentTests checks that both agree at every boundary.

/// <summary>A member's dues category (党费类别), stored and shown as the Chinese word.</summary>
public enum DuesCategory
{
    /// <summary>On monthly pay: base = regular pay − 个人所得税 withheld; bracket rates.</summary>
    在职 = 1,
    /// <summary>Annual-salary scheme: the pay actually received in the month; bracket rates.</summary>
    年薪制 = 2,
    /// <summary>Self-employed / no fixed monthly income: average monthly net income of the previous quarter; bracket rates.</summary>
    个体 = 3,
    /// <summary>Retired: pension actually received; ≤5000 0.5 %, above 1 %.</summary>
    离退休 = 4,
    /// <summary>Farmers: 0.2–1 元 a month, the amount set by the branch.</summary>
    农民 = 5,
    学生 = 6,
    下岗失业 = 7,
    抚恤救济 = 8,
    低保 = 9,
}

/// <summary>The type of a rate norm (§2.3 item 6).</summary>
public enum DuesNormKind
{
    /// <summary>Whole base × its bracket's rate (全额累进).</summary>
    公式 = 1,
    /// <summary>One fixed monthly amount for everyone in the category.</summary>
    统一标准 = 2,
    /// <summary>A range; the amount is set by the branch (or a committee above it) within it.</summary>
    基层党委设定 = 3,
    /// <summary>Nothing due.</summary>
    免交 = 4,
}

/// <summary>Life of a rate-table version: 未启用 → 启用 → 作废, one way only.</summary>
public enum DuesTableState { 未启用 = 1, 启用 = 2, 作废 = 3 }

/// <summary>Rounding of the monthly amount, half-up: to the fen (分, default) or to the jiao (角) [CD].</summary>
public enum DuesRounding { 分 = 1, 角 = 2 }

/// <summary>Where a base came from.</summary>
public enum DuesBaseSource { 导入 = 1, 手工 = 2 }

/// <summary>One bracket: bases up to and including <see cref="UpTo"/> (null: no upper bound) pay <see cref="Rate"/> of the whole base.</summary>
public sealed record DuesBracket(decimal? UpTo, decimal Rate);

/// <summary>A rate norm for one category, as the calculation needs it.</summary>
public sealed record DuesStandard(
    DuesCategory Category,
    DuesNormKind Kind,
    IReadOnlyList<DuesBracket> Brackets,
    decimal? FixedAmount = null,
    decimal? MinAmount = null,
    decimal? MaxAmount = null,
    DuesRounding Rounding = DuesRounding.分);

/// <summary>The amount due for one month; <see cref="Base"/> and <see cref="Rate"/> are null for the fixed categories.</summary>
public sealed record DuesDue(DuesCategory Category, decimal? Base, decimal? Rate, decimal Amount);

/// <summary>A refused input: the field it concerns and the Chinese message.</summary>
public sealed record DuesError(string Field, string Message);

/// <summary>Either a value or an error.</summary>
public readonly record struct DuesOutcome<T>(T? Value, DuesError? Error)
{
    public bool Ok => Error is null;
    public static implicit operator DuesOutcome<T>(DuesError error) => new(default, error);
}

public static class DuesRules
{
    /// <summary>在职 / 年薪制 / 个体 (中组发〔2008〕3号 第一至四条).</summary>
    public static readonly IReadOnlyList<DuesBracket> PayBrackets =
        [new(3000m, 0.005m), new(5000m, 0.01m), new(10000m, 0.015m), new(null, 0.02m)];

    /// <summary>离退休 (第五条).</summary>
    public static readonly IReadOnlyList<DuesBracket> PensionBrackets = [new(5000m, 0.005m), new(null, 0.01m)];

    /// <summary>学生, 下岗失业, 抚恤救济, 低保 (第六条).</summary>
    public const decimal FixedMonthlyAmount = 0.20m;

    /// <summary>农民: the branch sets an amount in this range (第六条).</summary>
    public const decimal FarmerMin = 0.20m, FarmerMax = 1.00m;

    /// <summary>The largest base or pay figure accepted (a typo guard; numeric(12,2) holds far more).</summary>
    public const decimal MaxMoney = 100_000_000m;

    public static readonly IReadOnlyList<DuesCategory> AllCategories = Enum.GetValues<DuesCategory>();

    /// <summary>The label shown for a category.</summary>
    public static string Label(DuesCategory c) => c switch
    {
        DuesCategory.个体 => "个体/无固定收入",
        DuesCategory.抚恤救济 => "抚恤/救济",
        _ => c.ToString(),
    };

    public static DuesCategory? ParseCategory(string? raw)
    {
        var s = raw?.Trim();
        if (string.IsNullOrEmpty(s)) return null;
        if (s is "个体/无固定收入" or "无固定收入") return DuesCategory.个体;
        if (s is "抚恤/救济" or "抚恤" or "救济") return DuesCategory.抚恤救济;
        if (s is "离休" or "退休") return DuesCategory.离退休;
        return Enum.TryParse<DuesCategory>(s, out var c) && Enum.IsDefined(c) && !char.IsAsciiDigit(s[0]) ? c : null;
    }

    /// <summary>The national standard of a category (what the demo and a new platform enable first).</summary>
    public static DuesStandard NationalStandard(DuesCategory c) => c switch
    {
        DuesCategory.在职 or DuesCategory.年薪制 or DuesCategory.个体 => new(c, DuesNormKind.公式, PayBrackets),
        DuesCategory.离退休 => new(c, DuesNormKind.公式, PensionBrackets),
        DuesCategory.农民 => new(c, DuesNormKind.基层党委设定, [], FixedAmount: FarmerMin, MinAmount: FarmerMin, MaxAmount: FarmerMax),
        _ => new(c, DuesNormKind.统一标准, [], FixedAmount: FixedMonthlyAmount),
    };

    /// <summary>Whether the amount depends on a base (the bracket categories).</summary>
    public static bool NeedsBase(DuesNormKind kind) => kind == DuesNormKind.公式;

    /// <summary>The bracket of an (unrounded) base: the first whose upper bound is ≥ the base.</summary>
    public static DuesBracket BracketFor(IReadOnlyList<DuesBracket> brackets, decimal @base)
    {
        foreach (var b in brackets)
            if (b.UpTo is null || @base <= b.UpTo) return b;
        throw new ArgumentException("rate table has no open last bracket", nameof(brackets));
    }

    /// <summary>Half-up to the fen or the jiao (amounts are never negative).</summary>
    public static decimal Round(decimal amount, DuesRounding rounding) =>
        Math.Round(amount, rounding == DuesRounding.角 ? 1 : 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The amount due for a month. <paramref name="base"/> is needed by the bracket categories only;
    /// <paramref name="unitAmount"/> is the amount the branch set for a 基层党委设定 category (null: the table's default).
    /// </summary>
    public static DuesOutcome<DuesDue> Assess(DuesStandard s, decimal? @base, decimal? unitAmount = null)
    {
        switch (s.Kind)
        {
            case DuesNormKind.公式:
                if (@base is null) return new DuesError("base", "请填写党费基数（元）");
                if (CheckMoney(@base.Value, "base", "党费基数", maxDecimals: null) is { } e) return e;
                var bracket = BracketFor(s.Brackets, @base.Value);
                return new DuesOutcome<DuesDue>(new DuesDue(s.Category, @base, bracket.Rate, Round(@base.Value * bracket.Rate, s.Rounding)), null);
            case DuesNormKind.统一标准:
                return new DuesOutcome<DuesDue>(new DuesDue(s.Category, null, null, s.FixedAmount ?? 0m), null);
            case DuesNormKind.基层党委设定:
                var amount = unitAmount ?? s.FixedAmount ?? s.MinAmount ?? 0m;
                if (CheckUnitAmount(s, amount) is { } err) return err;
                return new DuesOutcome<DuesDue>(new DuesDue(s.Category, null, null, amount), null);
            default:
                return new DuesOutcome<DuesDue>(new DuesDue(s.Category, null, null, 0m), null);
        }
    }

    /// <summary>A branch's amount for a 基层党委设定 category (农民: 0.20–1.00 元) must lie in the table's range.</summary>
    public static DuesError? CheckUnitAmount(DuesStandard s, decimal amount)
    {
        var min = s.MinAmount ?? FarmerMin;
        var max = s.MaxAmount ?? FarmerMax;
        if (amount < min || amount > max || decimal.Round(amount, 2) != amount)
            return new DuesError("amount", $"{Label(s.Category)}党员每月党费须在{Yuan(min)}元至{Yuan(max)}元之间（由支部确定），{Yuan(amount)}元不在此范围");
        return null;
    }

    /// <summary>
    /// The base from one payroll line: pay − income tax actually withheld, and − social insurance and 公积金 only when
    /// the unit's option is on (off by default: 中组部 answers deduct 个人所得税 only).
    /// </summary>
    public static DuesOutcome<decimal> ComputeBase(decimal pay, decimal taxWithheld, decimal insurance, decimal housingFund, bool deductInsurance)
    {
        if (CheckMoney(pay, "pay", "应发工资") is { } e1) return e1;
        if (CheckMoney(taxWithheld, "taxWithheld", "个人所得税") is { } e2) return e2;
        if (CheckMoney(insurance, "insurance", "社保") is { } e3) return e3;
        if (CheckMoney(housingFund, "housingFund", "公积金") is { } e4) return e4;
        var b = pay - taxWithheld - (deductInsurance ? insurance + housingFund : 0m);
        if (b < 0)
            return new DuesError(deductInsurance ? "pay" : "taxWithheld",
                deductInsurance ? "应发工资少于个人所得税、社保和公积金之和，基数不能为负数" : "个人所得税大于应发工资，基数不能为负数");
        return new DuesOutcome<decimal>(b, null);
    }

    /// <summary>A money figure: not negative, not absurd, at most two decimals (unless <paramref name="maxDecimals"/> is null).</summary>
    public static DuesError? CheckMoney(decimal value, string field, string label, int? maxDecimals = 2)
    {
        if (value < 0) return new DuesError(field, $"{label}不能为负数");
        if (value > MaxMoney) return new DuesError(field, $"{label}超出范围（不超过{MaxMoney:0}元）");
        if (maxDecimals is { } d && decimal.Round(value, d) != value) return new DuesError(field, $"{label}最多保留两位小数（元、角、分）");
        return null;
    }

    /// <summary>Parses a yuan figure typed by a person or read from a sheet ("5,000.00", "5000元", "￥5000"); null when it is not a number.</summary>
    public static decimal? ParseYuan(string? raw)
    {
        if (raw is null) return null;
        var s = raw.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal)
            .TrimStart('¥', '￥').TrimEnd('元').Trim();
        if (s.Length == 0) return null;
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>Checks a bracket list: at least one; upper bounds strictly increasing; the last open; rates in (0, 1).</summary>
    public static DuesError? CheckBrackets(IReadOnlyList<DuesBracket> brackets)
    {
        if (brackets.Count == 0) return new DuesError("brackets", "请至少填写一个档次");
        decimal? previous = null;
        for (var i = 0; i < brackets.Count; i++)
        {
            var b = brackets[i];
            var last = i == brackets.Count - 1;
            if (b.Rate <= 0 || b.Rate >= 1 || decimal.Round(b.Rate, 5) != b.Rate)
                return new DuesError("brackets", $"第{i + 1}档比例须大于0%且小于100%（最多三位小数的百分比）");
            if (last && b.UpTo is not null) return new DuesError("brackets", "最后一档不设上限（留空）");
            if (!last && b.UpTo is null) return new DuesError("brackets", $"第{i + 1}档须填写上限（含）");
            if (b.UpTo is { } up)
            {
                if (CheckMoney(up, "brackets", $"第{i + 1}档上限") is { } e) return e;
                if (previous is { } p && up <= p) return new DuesError("brackets", $"第{i + 1}档上限须大于第{i}档上限{Yuan(p)}元");
                previous = up;
            }
        }
        return null;
    }

    /// <summary>Checks a norm's own figures for its kind.</summary>
    public static DuesError? CheckStandard(DuesStandard s) => s.Kind switch
    {
        DuesNormKind.公式 => CheckBrackets(s.Brackets),
        DuesNormKind.统一标准 => s.FixedAmount is not { } f ? new DuesError("fixedAmount", "请填写每月金额")
            : CheckMoney(f, "fixedAmount", "每月金额"),
        DuesNormKind.基层党委设定 => s.MinAmount is not { } min || s.MaxAmount is not { } max ? new DuesError("minAmount", "请填写金额范围")
            : CheckMoney(min, "minAmount", "最低金额") ?? CheckMoney(max, "maxAmount", "最高金额")
              ?? (min > max ? new DuesError("maxAmount", "最高金额不能低于最低金额") : null)
              ?? (s.FixedAmount is { } d && (d < min || d > max) ? new DuesError("fixedAmount", "默认金额须在范围之内") : null),
        _ => null,
    };

    /// <summary>The first day of a month.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>Rates are shown as percentages ("1.5%").</summary>
    public static string Percent(decimal rate) => (rate * 100m).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    public static string Yuan(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
