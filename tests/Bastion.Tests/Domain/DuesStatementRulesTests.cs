using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>Matching statement lines to members (name plus a disambiguator, never a guess) and the months a line pays.</summary>
public sealed class DuesStatementRulesTests
{
    private static readonly DuesStatementPerson Zhang = new(1, "张三", "110101199001011234", "13800001111");
    private static readonly DuesStatementPerson ZhangToo = new(2, "张三", "110101198502025678", "13900002222");
    private static readonly DuesStatementPerson Li = new(3, "李四", "11010119920303999X", null);
    private static readonly DuesStatementRules.Matcher Matcher = new([Zhang, ZhangToo, Li]);
    private static readonly DateOnly May = new(2026, 5, 1);

    private static DuesStatementMatch Match(string? payer, params string?[] texts) => Matcher.Match([payer], [payer, .. texts]);

    [Theory]
    [InlineData("张三", "党费 身份证后四位1234", 1L)]       // ID tail
    [InlineData("张三", "党费 5678", 2L)]                  // the other 张三 by ID tail
    [InlineData("张三", "手机尾号2222", 2L)]               // phone tail
    [InlineData("王五", "代张三交党费 1111", 1L)]           // a relative pays: the name is in the 附言
    [InlineData("李四", "999x", 3L)]                      // ID tail ending in X, any case
    [InlineData("张三-1234", null, 1L)]                   // a WeChat nickname carrying both
    public void A_name_plus_a_tail_matches_one_member(string payer, string? memo, long member) =>
        Match(payer, memo).MemberId.ShouldBe(member);

    [Fact]
    public void A_name_without_a_disambiguator_is_not_guessed_but_suggested_when_only_one_member_has_it()
    {
        var both = Match("张三", "党费");
        (both.MemberId, both.SuggestedId).ShouldBe((null, null));
        both.Reason!.ShouldContain("没有身份证号或手机号后4位");
        var one = Match("李四", "党费");
        (one.MemberId, one.SuggestedId).ShouldBe((null, 3L));
    }

    [Fact]
    public void A_tail_without_a_name_only_suggests_and_a_wrong_tail_matches_nobody()
    {
        var tail = Match("阳光", "党费 1234");
        (tail.MemberId, tail.SuggestedId).ShouldBe((null, 1L));
        tail.Reason!.ShouldContain("不是党员姓名");
        var wrong = Match("张三", "党费 4321");
        wrong.MemberId.ShouldBeNull();
        wrong.Reason!.ShouldContain("都不相符");
        Match("赵六", "党费").Reason!.ShouldContain("找不到");
    }

    [Fact]
    public void Two_members_fitting_the_same_line_is_ambiguous()
    {
        var m = new DuesStatementRules.Matcher([Zhang, ZhangToo with { Phone = "13700001234" }]);
        var r = m.Match(["张三"], ["张三", "1234"]);
        r.MemberId.ShouldBeNull();
        r.Reason!.ShouldContain("同时符合2名党员");
    }

    [Theory]
    [InlineData("2026年5月党费", 0)]
    [InlineData("2026-05-06 党费", 0)]
    [InlineData("党费 1234 2026.05", 1)]
    [InlineData("110101199001011234", 1)]
    [InlineData("123", 0)]
    public void Dates_and_short_numbers_are_not_tails(string text, int count) => DuesStatementRules.Tokens(text).Count.ShouldBe(count);

    private static DuesStatementDue Due(long id, int month, decimal? due, bool paid = false, bool pending = false, bool locked = false, int? byRow = null) =>
        new(id, new DateOnly(2026, month, 1), due, paid, pending, locked, due is null ? "未设置党费类别" : null, byRow);

    [Fact]
    public void A_line_pays_whole_months_oldest_first_and_nothing_else()
    {
        IReadOnlyList<DuesStatementDue> dues = [Due(5, 5, 15m), Due(4, 4, 15m)];
        DuesStatementRules.Plan(15m, dues, May).Pays.Select(p => p.EntryId).ShouldBe([4L]);          // the 往月 first
        DuesStatementRules.Plan(30m, dues, May).Pays.Select(p => p.EntryId).ShouldBe([4L, 5L]);
        DuesStatementRules.Plan(14.99m, dues, May).Refusal!.ShouldContain("少于2026年4月应交的15.00元");
        DuesStatementRules.Plan(20m, dues, May).Refusal!.ShouldContain("与应交不符");
        DuesStatementRules.Plan(45m, dues, May).Refusal!.ShouldContain("自愿多交");
    }

    [Fact]
    public void A_month_paid_pending_locked_or_taken_by_an_earlier_row_is_never_paid_again()
    {
        DuesStatementRules.Plan(15m, [Due(5, 5, 15m, paid: true)], May).Refusal!.ShouldContain("同一月份不能重复缴纳");
        DuesStatementRules.Plan(15m, [Due(5, 5, 15m, pending: true)], May).Refusal!.ShouldContain("待确认");
        DuesStatementRules.Plan(15m, [Due(5, 5, 15m, locked: true)], May).Refusal!.ShouldContain("已报送");
        DuesStatementRules.Plan(15m, [Due(5, 5, 15m, byRow: 3)], May).Refusal!.ShouldContain("第3行");
        DuesStatementRules.Plan(15m, [Due(5, 5, null)], May).Refusal!.ShouldContain("应交金额尚未确定");
        DuesStatementRules.Plan(15m, [], May).Refusal!.ShouldContain("没有应交党费");
    }

    [Fact]
    public void A_back_pay_more_than_six_months_back_is_left_to_the_branch()
    {
        var old = new DuesStatementDue(1, new DateOnly(2025, 10, 1), 15m, false, false, false, null);
        DuesStatementRules.Plan(15m, [old], May).Refusal!.ShouldContain("超过6个月");
        DuesStatementRules.Plan(15m, [old with { Month = new DateOnly(2025, 11, 1) }], May).Ok.ShouldBeTrue();
    }

    [Fact]
    public void A_line_keeps_its_identity_across_uploads()
    {
        DuesStatementRules.LineKey(" YH001 ", "x").ShouldBe(DuesStatementRules.LineKey("YH001", "y"));
        DuesStatementRules.LineKey(null, "2026-05-06", "张三", "15").ShouldBe(DuesStatementRules.LineKey(null, "2026-05-06", "张三", "15"));
        DuesStatementRules.LineKey(null, "2026-05-06", "张三", "15").ShouldNotBe(DuesStatementRules.LineKey(null, "2026-05-07", "张三", "15"));
        DuesStatementRules.MaskDigits("张三 13800001111 1234").ShouldBe("张三 *******1111 1234");
        DuesStatementRules.MaskDigits("110101199001011234").ShouldBe("**************1234");
    }
}
