using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class ChineseIdNumberTests
{
    // Every example below was computed by hand with the GB 11643 algorithm:
    // weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check characters "10X98765432" indexed by sum mod 11.
    private const string WellKnownSample = "11010519491231002X";

    [Fact]
    public void The_well_known_sample_is_valid()
    {
        ChineseIdNumber.IsValid(WellKnownSample).ShouldBeTrue();
    }

    [Fact]
    public void The_well_known_sample_decodes_to_its_birth_date_sex_and_region()
    {
        var parsed = ChineseIdNumber.TryParse(WellKnownSample, out var error);

        error.ShouldBeNull();
        parsed.ShouldNotBeNull();
        parsed.BirthDate.ShouldBe(new DateOnly(1949, 12, 31));
        parsed.Gender.ShouldBe(Gender.女);
        parsed.RegionCode.ShouldBe("110105");
    }

    [Fact]
    public void A_lowercase_x_check_character_is_accepted()
    {
        var parsed = ChineseIdNumber.TryParse("11010519491231002x", out var error);

        error.ShouldBeNull();
        parsed.ShouldNotBeNull();
        parsed.BirthDate.ShouldBe(new DateOnly(1949, 12, 31));
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
    {
        ChineseIdNumber.IsValid("  11010519491231002X ").ShouldBeTrue();
    }

    [Theory]
    [InlineData("320106198808080010")] // check 0
    [InlineData("320106198808080061")] // check 1
    [InlineData("320106198808080002")] // check 2
    [InlineData("320106198808080053")] // check 3
    [InlineData("320106198808080184")] // check 4
    [InlineData("320106198808080045")] // check 5
    [InlineData("320106198808080096")] // check 6
    [InlineData("320106198808080037")] // check 7
    [InlineData("320106198808080088")] // check 8
    [InlineData("320106198808080029")] // check 9
    [InlineData("32010619880808007X")] // check X
    [InlineData("44030419900307123X")]
    [InlineData("310101200002294569")]
    [InlineData("110105198001010016")]
    [InlineData("330102198511160024")]
    [InlineData("510104199912310004")]
    [InlineData("110105200001010008")]
    public void Numbers_with_every_possible_check_character_are_accepted(string value)
    {
        ChineseIdNumber.TryParse(value, out var error).ShouldNotBeNull();
        error.ShouldBeNull();
    }

    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("32010619880808001", '0')]
    [InlineData("32010619880808006", '1')]
    [InlineData("32010619880808000", '2')]
    [InlineData("32010619880808018", '4')]
    [InlineData("44030419900307124", '8')]
    public void The_check_character_is_computed_from_the_first_17_digits(string first17, char expected)
    {
        ChineseIdNumber.CheckCharacter(first17).ShouldBe(expected);
    }

    [Theory]
    [InlineData("110105194912310020")] // sample with 0 instead of X
    [InlineData("110105194912310021")]
    [InlineData("320106198808080011")]
    [InlineData("440304199003071239")] // should end in X
    [InlineData("31010120000229456X")]
    public void A_wrong_check_character_is_refused(string value)
    {
        ChineseIdNumber.TryParse(value, out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码校验码错误");
        ChineseIdNumber.IsValid(value).ShouldBeFalse();
    }

    [Fact]
    public void Changing_any_single_digit_of_a_valid_number_is_detected()
    {
        for (var i = 0; i < 17; i++)
        {
            var chars = WellKnownSample.ToCharArray();
            chars[i] = chars[i] == '9' ? '0' : (char)(chars[i] + 1);
            var changed = new string(chars);
            // the change may also make the birth date impossible; either way it must be refused
            ChineseIdNumber.IsValid(changed).ShouldBeFalse($"changed position {i}: {changed}");
        }
    }

    [Theory]
    [InlineData("110105199902300015")] // 1999-02-30
    [InlineData("110105199902310010")] // 1999-02-31
    [InlineData("110105202302290014")] // 2023-02-29, not a leap year
    [InlineData("110105199913010013")] // month 13
    [InlineData("110105199900000019")] // month 00, day 00
    public void An_impossible_birth_date_is_refused_even_with_a_correct_check_character(string value)
    {
        ChineseIdNumber.TryParse(value, out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码中的出生日期无效");
    }

    [Fact]
    public void February_29_of_a_leap_year_is_accepted()
    {
        var parsed = ChineseIdNumber.TryParse("110105202402290011", out var error);

        error.ShouldBeNull();
        parsed.ShouldNotBeNull();
        parsed.BirthDate.ShouldBe(new DateOnly(2024, 2, 29));
    }

    [Fact]
    public void A_birth_year_before_1900_is_refused()
    {
        ChineseIdNumber.TryParse("110105189912310015", out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码中的出生日期无效");
    }

    [Fact]
    public void A_birth_date_on_1_January_1900_is_accepted()
    {
        var parsed = ChineseIdNumber.TryParse("11010519000101001X", out _);

        parsed.ShouldNotBeNull();
        parsed.BirthDate.ShouldBe(new DateOnly(1900, 1, 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("11010519491231002")]      // 17
    [InlineData("11010519491231002X0")]    // 19
    [InlineData("110105491231002")]        // old 15-digit format
    public void A_number_of_the_wrong_length_is_refused(string value)
    {
        ChineseIdNumber.TryParse(value, out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码应为18位");
    }

    [Fact]
    public void A_missing_number_is_refused_with_a_reason()
    {
        ChineseIdNumber.TryParse(null, out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码应为18位");
        ChineseIdNumber.IsValid(null).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1101051949123100AX")]
    [InlineData("X10105194912310020")]
    [InlineData("11010519491231-02X")]
    [InlineData("１１０１０５19491231002X")] // full-width digits
    [InlineData("110105 9491231002X")]
    public void Non_digits_in_the_first_17_positions_are_refused(string value)
    {
        ChineseIdNumber.TryParse(value, out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码前17位必须是数字");
    }

    [Theory]
    [InlineData("11010519491231002Y")]
    [InlineData("11010519491231002-")]
    [InlineData("11010519491231002*")]
    public void A_last_character_other_than_a_digit_or_X_is_refused(string value)
    {
        ChineseIdNumber.TryParse(value, out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码最后一位应为数字或X");
    }

    [Theory]
    [InlineData("110105194912310011", Gender.男)] // 17th digit 1
    [InlineData("110105194912310038", Gender.男)] // 17th digit 3
    [InlineData("320106198808080096", Gender.男)] // 17th digit 9
    [InlineData("11010519491231002X", Gender.女)] // 17th digit 2
    [InlineData("330102198511160024", Gender.女)] // 17th digit 2
    [InlineData("320106198808080010", Gender.男)] // 17th digit 1
    [InlineData("320106198808080002", Gender.女)] // 17th digit 0
    [InlineData("320106198808080088", Gender.女)] // 17th digit 8
    public void The_sex_is_read_from_the_parity_of_the_17th_digit(string value, Gender expected)
    {
        var parsed = ChineseIdNumber.TryParse(value, out _);

        parsed.ShouldNotBeNull();
        parsed.Gender.ShouldBe(expected);
    }

    [Fact]
    public void The_check_character_needs_exactly_17_characters()
    {
        Should.Throw<ArgumentException>(() => ChineseIdNumber.CheckCharacter("1101051949123100"));
        Should.Throw<ArgumentException>(() => ChineseIdNumber.CheckCharacter("110105194912310020"));
    }

    [Fact]
    public void The_check_character_needs_digits()
    {
        Should.Throw<ArgumentException>(() => ChineseIdNumber.CheckCharacter("1101051949123100A"));
    }

    [Fact]
    public void Compose_builds_the_well_known_sample()
    {
        ChineseIdNumber.Compose("110105", new DateOnly(1949, 12, 31), 2).ShouldBe(WellKnownSample);
    }

    [Fact]
    public void Compose_pads_the_sequence_to_three_digits()
    {
        ChineseIdNumber.Compose("320106", new DateOnly(1988, 8, 8), 7).ShouldBe("32010619880808007X");
    }

    [Fact]
    public void Composed_numbers_round_trip_through_parsing()
    {
        var regions = new[] { "110105", "310101", "440304", "510104", "650102" };
        var dates = new[]
        {
            new DateOnly(1900, 1, 1), new DateOnly(1949, 10, 1), new DateOnly(1976, 2, 29),
            new DateOnly(1999, 12, 31), new DateOnly(2000, 2, 29), new DateOnly(2008, 8, 8),
        };
        foreach (var region in regions)
            foreach (var date in dates)
                for (var seq = 0; seq <= 999; seq += 37)
                {
                    var id = ChineseIdNumber.Compose(region, date, seq);

                    id.Length.ShouldBe(18);
                    var parsed = ChineseIdNumber.TryParse(id, out var error);
                    error.ShouldBeNull(id);
                    parsed.ShouldNotBeNull();
                    parsed.RegionCode.ShouldBe(region);
                    parsed.BirthDate.ShouldBe(date);
                    parsed.Gender.ShouldBe(seq % 2 == 1 ? Gender.男 : Gender.女);
                }
    }
}
