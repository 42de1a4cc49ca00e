using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class DuesTests
{
    private static DuesStandard Std(DuesCategory c) => DuesRules.NationalStandard(c);

    private static decimal Due(DuesCategory c, decimal? b, decimal? unit = null)
    {
        var r = DuesRules.Assess(Std(c), b, unit);
        r.Error.ShouldBeNull();
        return r.Value!.Amount;
    }

    // DOMAIN-2 §2.5 and every bracket boundary of 中组发〔2008〕3号 (全额累进: the whole base × its bracket's rate)
    [Theory]
    [InlineData("0", "0.00", "0.005")]
    [InlineData("0.01", "0.00", "0.005")]
    [InlineData("1", "0.01", "0.005")]       // 0.005 → 0.01 half-up
    [InlineData("2999.99", "15.00", "0.005")]
    [InlineData("3000.00", "15.00", "0.005")]
    [InlineData("3000.01", "30.00", "0.01")]
    [InlineData("4900", "49.00", "0.01")]
    [InlineData("5000.00", "50.00", "0.01")]
    [InlineData("5000.01", "75.00", "0.015")]
    [InlineData("5100", "76.50", "0.015")]
    [InlineData("5000.004", "75.00", "0.015")] // the bracket is chosen on the unrounded base
    [InlineData("9999.99", "150.00", "0.015")]
    [InlineData("10000.00", "150.00", "0.015")]
    [InlineData("10000.01", "200.00", "0.02")]
    [InlineData("12345.67", "246.91", "0.02")]
    [InlineData("3333.33", "33.33", "0.01")]
    [InlineData("3456.70", "34.57", "0.01")]  // 34.567 → 34.57
    [InlineData("3000.50", "30.01", "0.01")]  // 30.005 → 30.01 (half-up, not banker's)
    public void Pay_categories_use_full_progression(string @base, string amount, string rate)
    {
        foreach (var c in new[] { DuesCategory.在职, DuesCategory.年薪制, DuesCategory.个体 })
        {
            var r = DuesRules.Assess(Std(c), decimal.Parse(@base));
            r.Error.ShouldBeNull();
            r.Value!.Amount.ShouldBe(decimal.Parse(amount));
            r.Value.Rate.ShouldBe(decimal.Parse(rate));
            r.Value.Base.ShouldBe(decimal.Parse(@base));
        }
    }

    [Theory]
    [InlineData("5200", "52.00")]
    [InlineData("5000.00", "25.00")]
    [InlineData("5000.01", "50.00")]
    [InlineData("4999", "24.995")]
    [InlineData("0", "0")]
    public void Retirees_pay_half_a_percent_up_to_5000_and_one_percent_above(string pension, string exact)
    {
        Due(DuesCategory.离退休, decimal.Parse(pension)).ShouldBe(Math.Round(decimal.Parse(exact), 2, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void A_retiree_with_pension_5200_pays_52() => Due(DuesCategory.离退休, 5200m).ShouldBe(52.00m);

    [Theory]
    [InlineData(DuesCategory.学生)]
    [InlineData(DuesCategory.下岗失业)]
    [InlineData(DuesCategory.抚恤救济)]
    [InlineData(DuesCategory.低保)]
    public void Fixed_categories_pay_twenty_fen_whatever_the_base(DuesCategory c)
    {
        Due(c, null).ShouldBe(0.20m);
        Due(c, 8000m).ShouldBe(0.20m);
        DuesRules.Assess(Std(c), null).Value!.Rate.ShouldBeNull();
    }

    [Theory]
    [InlineData(null, "0.20")]
    [InlineData("0.20", "0.20")]
    [InlineData("0.50", "0.50")]
    [InlineData("1.00", "1.00")]
    public void Farmers_pay_the_amount_the_branch_set_within_range(string? set, string expected)
    {
        Due(DuesCategory.农民, null, set is null ? null : decimal.Parse(set)).ShouldBe(decimal.Parse(expected));
    }

    [Theory]
    [InlineData("1.01")]
    [InlineData("0.19")]
    [InlineData("2")]
    [InlineData("0.555")]
    public void A_farmer_amount_outside_the_range_is_refused(string set)
    {
        var r = DuesRules.Assess(Std(DuesCategory.农民), null, decimal.Parse(set));
        r.Ok.ShouldBeFalse();
        r.Error!.Field.ShouldBe("amount");
        r.Error.Message.ShouldContain("0.20元至1.00元");
        DuesRules.CheckUnitAmount(Std(DuesCategory.农民), decimal.Parse(set)).ShouldNotBeNull();
    }

    [Fact]
    public void A_negative_base_is_refused()
    {
        var r = DuesRules.Assess(Std(DuesCategory.在职), -0.01m);
        r.Ok.ShouldBeFalse();
        r.Error!.ShouldBe(new DuesError("base", "党费基数不能为负数"));
    }

    [Fact]
    public void A_bracket_category_without_a_base_is_refused()
    {
        DuesRules.Assess(Std(DuesCategory.在职), null).Error!.Field.ShouldBe("base");
    }

    [Fact]
    public void Rounding_to_the_jiao_is_half_up()
    {
        var s = Std(DuesCategory.在职) with { Rounding = DuesRounding.角 };
        DuesRules.Assess(s, 3456.70m).Value!.Amount.ShouldBe(34.60m); // 34.567 → 34.6
        DuesRules.Assess(s, 3450.00m).Value!.Amount.ShouldBe(34.50m);
        DuesRules.Assess(s, 3445.00m).Value!.Amount.ShouldBe(34.50m); // 34.45 → 34.5
        DuesRules.Assess(s, 3444.99m).Value!.Amount.ShouldBe(34.40m);
    }

    [Fact]
    public void An_exempt_norm_is_zero() =>
        DuesRules.Assess(new DuesStandard(DuesCategory.学生, DuesNormKind.免交, []), null).Value!.Amount.ShouldBe(0m);

    [Theory]
    [InlineData("8000", "600", "800", "500", false, "7400")]
    [InlineData("8000", "600", "800", "500", true, "6100")]
    [InlineData("3000", "0", "0", "0", false, "3000")]
    [InlineData("5000", "5000", "0", "0", false, "0")]
    public void The_base_is_pay_minus_tax_and_insurance_only_when_the_unit_says_so(string pay, string tax, string ins, string fund, bool deduct, string expected)
    {
        var r = DuesRules.ComputeBase(decimal.Parse(pay), decimal.Parse(tax), decimal.Parse(ins), decimal.Parse(fund), deduct);
        r.Error.ShouldBeNull();
        r.Value.ShouldBe(decimal.Parse(expected));
    }

    [Theory]
    [InlineData("1000", "1000.01", "0", "0", false, "taxWithheld")]
    [InlineData("1000", "100", "600", "400", true, "pay")]
    [InlineData("-1", "0", "0", "0", false, "pay")]
    [InlineData("1000", "-1", "0", "0", false, "taxWithheld")]
    [InlineData("1000", "0", "-1", "0", false, "insurance")]
    [InlineData("1000", "0", "0", "-1", false, "housingFund")]
    [InlineData("1000.001", "0", "0", "0", false, "pay")]
    [InlineData("100000001", "0", "0", "0", false, "pay")]
    public void A_base_below_zero_or_a_bad_figure_is_refused(string pay, string tax, string ins, string fund, bool deduct, string field)
    {
        var r = DuesRules.ComputeBase(decimal.Parse(pay), decimal.Parse(tax), decimal.Parse(ins), decimal.Parse(fund), deduct);
        r.Ok.ShouldBeFalse();
        r.Error!.Field.ShouldBe(field);
    }

    [Fact]
    public void Insurance_above_pay_does_not_matter_when_not_deducted()
    {
        DuesRules.ComputeBase(1000m, 0m, 5000m, 5000m, false).Value.ShouldBe(1000m);
    }

    [Theory]
    [InlineData("5000", "5000")]
    [InlineData(" 5,000.50 ", "5000.50")]
    [InlineData("￥5000元", "5000")]
    [InlineData("-3", "-3")]
    [InlineData("abc", null)]
    [InlineData("", null)]
    [InlineData("5e3", null)]
    [InlineData("NaN", null)]
    [InlineData("1.2.3", null)]
    public void Yuan_figures_are_parsed(string raw, string? expected)
    {
        DuesRules.ParseYuan(raw).ShouldBe(expected is null ? null : decimal.Parse(expected));
    }

    [Theory]
    [InlineData("在职", DuesCategory.在职)]
    [InlineData(" 离退休 ", DuesCategory.离退休)]
    [InlineData("个体/无固定收入", DuesCategory.个体)]
    [InlineData("抚恤/救济", DuesCategory.抚恤救济)]
    [InlineData("低保", DuesCategory.低保)]
    public void Categories_are_parsed(string raw, DuesCategory expected) => DuesRules.ParseCategory(raw).ShouldBe(expected);

    [Theory]
    [InlineData("工人")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_categories_are_not_parsed(string? raw) => DuesRules.ParseCategory(raw).ShouldBeNull();

    [Fact]
    public void The_national_brackets_are_valid_and_a_broken_list_is_refused()
    {
        DuesRules.CheckBrackets(DuesRules.PayBrackets).ShouldBeNull();
        DuesRules.CheckBrackets(DuesRules.PensionBrackets).ShouldBeNull();
        DuesRules.CheckBrackets([]).ShouldNotBeNull();
        DuesRules.CheckBrackets([new(3000m, 0.005m)]).ShouldNotBeNull();                          // last must be open
        DuesRules.CheckBrackets([new(null, 0.005m), new(null, 0.01m)]).ShouldNotBeNull();         // only the last is open
        DuesRules.CheckBrackets([new(5000m, 0.005m), new(3000m, 0.01m), new(null, 0.02m)]).ShouldNotBeNull(); // not increasing
        DuesRules.CheckBrackets([new(3000m, 0.005m), new(3000m, 0.01m), new(null, 0.02m)]).ShouldNotBeNull(); // equal bounds
        DuesRules.CheckBrackets([new(3000m, 0m), new(null, 0.01m)]).ShouldNotBeNull();             // zero rate
        DuesRules.CheckBrackets([new(3000m, 1m), new(null, 0.01m)]).ShouldNotBeNull();             // 100 %
        DuesRules.CheckBrackets([new(-1m, 0.01m), new(null, 0.02m)]).ShouldNotBeNull();            // negative bound
    }

    [Fact]
    public void Standards_check_their_own_figures()
    {
        foreach (var c in DuesRules.AllCategories) DuesRules.CheckStandard(Std(c)).ShouldBeNull();
        DuesRules.CheckStandard(new DuesStandard(DuesCategory.学生, DuesNormKind.统一标准, [])).ShouldNotBeNull();
        DuesRules.CheckStandard(new DuesStandard(DuesCategory.农民, DuesNormKind.基层党委设定, [], 0.2m, 1m, 0.2m)).ShouldNotBeNull();
        DuesRules.CheckStandard(new DuesStandard(DuesCategory.农民, DuesNormKind.基层党委设定, [], 2m, 0.2m, 1m)).ShouldNotBeNull();
    }

    [Fact]
    public void The_table_orders_its_brackets_with_the_open_one_last()
    {
        var t = new DuesRateTable
        {
            Category = DuesCategory.在职, Kind = DuesNormKind.公式,
            Brackets = [new() { UpTo = null, Rate = 0.02m }, new() { UpTo = 5000m, Rate = 0.01m }, new() { UpTo = 3000m, Rate = 0.005m }],
        };
        t.ToStandard().Brackets.Select(b => b.UpTo).ShouldBe([3000m, 5000m, null]);
    }

    [Fact]
    public void Percentages_and_yuan_are_shown_plainly()
    {
        DuesRules.Percent(0.015m).ShouldBe("1.5%");
        DuesRules.Percent(0.005m).ShouldBe("0.5%");
        DuesRules.Yuan(75m).ShouldBe("75.00");
    }
}
