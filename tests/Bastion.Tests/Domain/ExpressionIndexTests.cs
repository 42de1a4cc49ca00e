using Bastion.Domain;
using Bastion.Features.Inspections.Expressions;

namespace Bastion.Tests.Domain;

public class ExpressionIndexTests
{
    private static readonly ExpressionIndex.Entry Finance = new(1, FindingCategory.从严治党落实, "严格管理、严格教育、严格监督不到位，全面从严治党不力",
        "财务把关不严、违规问题频发、内部制度缺失", "该单位财务把关不严。");
    private static readonly ExpressionIndex.Entry Leadership = new(2, FindingCategory.理论路线落实, "党组织政治领导力、组织力、影响力和战斗力方面存在问题",
        "业务管理混乱、行政工作落后、制度执行不严、服务大局被动", null);
    private static readonly ExpressionIndex.Entry Meetings = new(3, FindingCategory.组织路线落实, "“三会一课”制度落实不严格",
        "支部党员大会未按期召开、支委会召开不规律、党课次数不够、会议记录补记代记", null);
    private static readonly ExpressionIndex.Entry Rectify = new(4, FindingCategory.整改落实, "巡察反馈问题整改不彻底、不到位",
        "整改台账虚假销号、问题反弹回潮、整改只停留在表面", null);
    private static readonly ExpressionIndex.Entry Gifts = new(5, FindingCategory.问题线索, "涉嫌违规收受礼品礼金",
        "收受下属礼金、收受供应商购物卡、婚丧嫁娶借机敛财、收受红包", null);

    private static ExpressionIndex Library() => new([Finance, Leadership, Meetings, Rectify, Gifts]);

    [Fact]
    public void Grams_are_character_bigrams_and_trigrams_inside_runs_never_across_punctuation()
    {
        ExpressionIndex.Grams("财务把关").ShouldBe(["财务", "务把", "把关", "财务把", "务把关"]);
        ExpressionIndex.Grams("不严、频发").ShouldBe(["不严", "频发"]);
    }

    [Fact]
    public void A_single_character_between_punctuation_is_kept_as_a_unigram()
    {
        ExpressionIndex.Grams("党，政").ShouldBe(["党", "政"]);
    }

    [Fact]
    public void Letters_are_lower_cased_and_full_width_digits_folded()
    {
        ExpressionIndex.Runs("ＡB１２ 党委").ShouldBe(["ab12", "党委"]);
    }

    [Fact]
    public void Synonyms_fold_variants_of_one_business_word_into_one_form()
    {
        ExpressionIndex.Fold("公款吃喝和大吃大喝").ShouldBe("违规吃喝和违规吃喝");
        ExpressionIndex.Fold("支部党员大会").ShouldBe("党员大会");
        ExpressionIndex.Fold("干部选拔任用").ShouldBe("选人用人");
    }

    [Fact]
    public void Symptoms_split_on_the_enumeration_comma_commas_semicolons_and_line_breaks()
    {
        ExpressionIndex.SplitSymptoms("财务把关不严、违规问题频发；内部制度缺失\n白条入账 ,  ").ShouldBe(["财务把关不严", "违规问题频发", "内部制度缺失", "白条入账"]);
    }

    [Fact]
    public void A_finding_about_lax_finance_is_matched_to_the_finance_expression_first()
    {
        var found = Library().Search("经查，该单位财务审核把关不严，报销违规问题频发，相关内部制度缺失。", 3);
        found[0].Entry.ShouldBe(Finance);
        found[0].Entry.Category.ShouldBe(FindingCategory.从严治党落实);
    }

    [Fact]
    public void The_seed_000_business_symptoms_are_matched_to_the_leadership_expression()
    {
        var found = Library().Search("该公司业务管理混乱，行政工作落后，对集团部署服务大局被动应付。", 1);
        found.Single().Entry.ShouldBe(Leadership);
    }

    [Fact]
    public void Folded_synonyms_let_different_wording_meet()
    {
        // "支部党员大会" in the library and "党员大会" in the text are the same word after folding
        var found = Library().Search("第二支部全年只开了两次党员大会，会议记录是事后补记的。", 1);
        found.Single().Entry.ShouldBe(Meetings);
    }

    [Fact]
    public void Results_are_ordered_by_score_and_limited_to_top()
    {
        var found = Library().Search("收受供应商购物卡和下属礼金，财务把关不严", 2);
        found.Count.ShouldBe(2);
        found[0].Score.ShouldBeGreaterThanOrEqualTo(found[1].Score);
        found.Select(m => m.Entry).ShouldBeSubsetOf([Gifts, Finance]);
    }

    [Fact]
    public void Scores_lie_between_0_and_1_and_a_whole_symptom_scores_higher_than_a_partial_one()
    {
        var index = Library();
        var whole = index.Search("整改台账虚假销号", 1).Single();
        var partial = index.Search("台账", 1).Single();
        whole.Entry.ShouldBe(Rectify);
        whole.Score.ShouldBeInRange(0.0, 1.0);
        partial.Score.ShouldBeLessThan(whole.Score);
    }

    [Fact]
    public void Text_sharing_nothing_with_the_library_gets_no_candidates()
    {
        Library().Search("今天天气晴朗", 5).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ，。 ")]
    public void Empty_text_gets_no_candidates(string? text)
    {
        Library().Search(text, 5).ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_library_suggests_nothing()
    {
        new ExpressionIndex([]).Search("财务把关不严", 5).ShouldBeEmpty();
    }

    [Fact]
    public void A_gram_common_to_every_entry_weighs_less_than_a_rare_one()
    {
        // "问题" appears in several entries, "礼金" in one: a text with only "问题" is a weak match for anything
        var index = Library();
        var common = index.Search("问题", 5).Select(m => m.Score).DefaultIfEmpty(0).Max();
        var rare = index.Search("礼金", 5).First();
        rare.Entry.ShouldBe(Gifts);
        rare.Score.ShouldBeGreaterThan(common);
    }

    [Fact]
    public void The_check_refuses_empty_and_too_long_text_in_chinese()
    {
        ExpressionSuggester.Check("  ").ShouldBe("请输入问题事实或描述，再获取巡言巡语推荐");
        ExpressionSuggester.Check(new string('党', ExpressionSuggester.MaxText + 1))!.ShouldStartWith("问题描述不能超过4000字");
        ExpressionSuggester.Check("财务把关不严").ShouldBeNull();
    }

    [Fact]
    public void Saving_an_entry_requires_category_expression_and_symptoms()
    {
        var e = SaveExpression.Validate(new SaveExpression.Request("不存在", " ", "、、", null));
        e.Keys.ShouldBe(["category", "expression", "symptoms"], ignoreOrder: true);
        SaveExpression.Validate(new SaveExpression.Request("从严治党落实", "全面从严治党不力", "财务把关不严", null)).ShouldBeEmpty();
        SaveExpression.Validate(new SaveExpression.Request("问题线索", new string('x', 501), "a", new string('y', 2001))).Keys.ShouldBe(["expression", "example"], ignoreOrder: true);
    }

    [Fact]
    public void Symptoms_are_stored_one_phrase_each_joined_with_the_enumeration_comma()
    {
        SaveExpression.NormalizeSymptoms("白条入账\n报销票据不全；  预算执行随意").ShouldBe("白条入账、报销票据不全、预算执行随意");
    }
}
