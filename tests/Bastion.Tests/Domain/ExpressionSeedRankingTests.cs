using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>Ranking against the whole seeded library (migration 0020), and the plain 匹配度 levels.</summary>
public partial class ExpressionSeedRankingTests
{
    [GeneratedRegex(@"\('([^']*)',\s*'([^']*)',\s*'([^']*)',\s*'([^']*)'\)")]
    private static partial Regex Row();

    private static ExpressionIndex SeedLibrary()
    {
        var sql = MigrationRunner.Embedded().Single(m => m.Version == "0020").Sql;
        var id = 0;
        var entries = Row().Matches(sql).Select(m => new ExpressionIndex.Entry(++id, Enum.Parse<FindingCategory>(m.Groups[1].Value), m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value)).ToList();
        entries.Count.ShouldBeGreaterThanOrEqualTo(42);
        return new ExpressionIndex(entries);
    }

    [Theory]
    [InlineData("2025年支部委员会仅召开5次，三会一课记录不全")]
    [InlineData("支委会会议记录不全，2025年支委会只召开了5次。")]
    [InlineData("支部委员会会议记录缺失，多次会议未形成记录")]
    [InlineData("2025年支部委员会仅召开7次，党小组会记录缺失3次，党员大会未按季度召开。")]
    public void A_finding_about_branch_committee_records_gets_the_three_meetings_expression_first(string facts)
    {
        var found = SeedLibrary().Search(facts, 3);
        found[0].Entry.Expression.ShouldBe("“三会一课”制度落实不严格");
        found[0].Score.ShouldBeGreaterThan(found[1].Score);
    }

    [Fact]
    public void A_part_of_three_meetings_one_lesson_touches_the_term_and_an_unrelated_text_does_not()
    {
        ExpressionIndex.TermsIn("支部委员会会议记录不全").ShouldContain("三会一课");
        ExpressionIndex.TermsIn("全年只上了一次党课").ShouldContain("三会一课");
        ExpressionIndex.TermsIn("财务把关不严").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0.0, MatchLevel.低)]
    [InlineData(0.2499, MatchLevel.低)]
    [InlineData(0.25, MatchLevel.中)]
    [InlineData(0.4999, MatchLevel.中)]
    [InlineData(0.5, MatchLevel.高)]
    [InlineData(1.0, MatchLevel.高)]
    public void The_match_level_is_high_medium_or_low_at_the_thresholds(double score, MatchLevel level) =>
        ExpressionIndex.Level(score).ShouldBe(level);
}
