namespace Bastion.Domain;

// Stored dues records (0041_dues_standards.sql). Mapped in Features/Dues/DuesConfiguration.cs.

/// <summary>
/// One version of the rate norm of one category. 未启用 (draft, editable) → 启用 → 作废, one way only; at most one
/// 启用 per category. Enabling a new version voids the one it replaces (<see cref="ReplacedById"/> is then set on the old
/// one), which still applies to the months before the new version's <see cref="EffectiveFrom"/>.
/// </summary>
public sealed class DuesRateTable
{
    public long Id { get; set; }
    public DuesCategory Category { get; set; }
    public int Version { get; set; }
    public DuesNormKind Kind { get; set; }
    /// <summary>统一标准: the monthly amount; 基层党委设定: the amount used where the branch set none.</summary>
    public decimal? FixedAmount { get; set; }
    public decimal? MinAmount { get; set; }
    public decimal? MaxAmount { get; set; }
    public DuesRounding Rounding { get; set; } = DuesRounding.分;
    /// <summary>The first day of the first month the version applies to.</summary>
    public DateOnly EffectiveFrom { get; set; }
    public DuesTableState State { get; set; } = DuesTableState.未启用;
    /// <summary>For a version voided by enabling its successor: that successor (it still applies before the successor's month).</summary>
    public long? ReplacedById { get; set; }
    /// <summary>The document it follows, e.g. 中组发〔2008〕3号.</summary>
    public string? Basis { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }
    public string? ActivatedBy { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
    public string? VoidedBy { get; set; }
    public string? VoidReason { get; set; }
    public List<DuesRateBracket> Brackets { get; set; } = [];

    public DuesStandard ToStandard() => new(Category, Kind,
        Brackets.OrderBy(b => b.UpTo is null).ThenBy(b => b.UpTo).Select(b => new DuesBracket(b.UpTo, b.Rate)).ToList(),
        FixedAmount, MinAmount, MaxAmount, Rounding);
}

/// <summary>One bracket of a 公式 version: bases up to <see cref="UpTo"/> inclusive (null: no bound) pay <see cref="Rate"/>.</summary>
public sealed class DuesRateBracket
{
    public long Id { get; set; }
    public long TableId { get; set; }
    public decimal? UpTo { get; set; }
    public decimal Rate { get; set; }
}

/// <summary>A member's dues profile: the category (one row per member; no row = category not set yet).</summary>
public sealed class DuesProfile
{
    public long MemberId { get; set; }
    public DuesCategory Category { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>
/// A member's base from a month of a year on (the yearly base has <see cref="FromMonth"/> 1; a mid-year adjustment
/// starts at the month the new pay is first received). The base for month M is the latest row at or before M.
/// </summary>
public sealed class DuesBase
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public int Year { get; set; }
    public short FromMonth { get; set; }
    /// <summary>应发工资 (or pension / monthly net income for the categories that use it).</summary>
    public decimal Pay { get; set; }
    /// <summary>个人所得税 actually withheld (from the payroll, never recomputed).</summary>
    public decimal TaxWithheld { get; set; }
    /// <summary>Individual social insurance (社保), deducted only when <see cref="InsuranceDeducted"/>.</summary>
    public decimal Insurance { get; set; }
    /// <summary>公积金, deducted only when <see cref="InsuranceDeducted"/>.</summary>
    public decimal HousingFund { get; set; }
    /// <summary>The unit's option when the base was set: social insurance and 公积金 deducted (default off).</summary>
    public bool InsuranceDeducted { get; set; }
    public decimal Base { get; set; }
    /// <summary>The monthly amount under the standard in force when the base was set (shown; each month computes again).</summary>
    public decimal? Amount { get; set; }
    public DuesBaseSource Source { get; set; }
    public long? ImportJobId { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>
/// Dues options of a unit (an organization; the nearest setting at or above a member's organization applies):
/// whether social insurance and 公积金 are deducted from bases, and the 农民 monthly amount its branches use.
/// </summary>
public sealed class DuesUnitSetting
{
    public long OrgId { get; set; }

    /// <summary>Null: not set here (the nearest unit above decides; off when none does).</summary>
    public bool? DeductInsurance { get; set; }
    public decimal? FarmerAmount { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
