using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class MaskingTests
{
    [Theory]
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("11010519801231123X", "110105********123X")]
    [InlineData("320106198808080096", "320106********0096")]
    public void An_18_character_id_number_keeps_the_first_6_and_last_4_characters(string value, string expected)
    {
        Masking.IdNumber(value).ShouldBe(expected);
    }

    [Fact]
    public void An_old_15_digit_id_number_is_masked_in_the_middle()
    {
        Masking.IdNumber("110105491231002").ShouldBe("110105*****1002");
    }

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("19900001111", "199****1111")]
    [InlineData("01088886666", "010****6666")]
    public void An_11_digit_phone_keeps_the_first_3_and_last_4_digits(string value, string expected)
    {
        Masking.Phone(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_id_number_masks_to_empty(string? value)
    {
        Masking.IdNumber(value).ShouldBe("");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_phone_masks_to_empty(string? value)
    {
        Masking.Phone(value).ShouldBe("");
    }

    [Theory]
    [InlineData("1", "*")]
    [InlineData("12345", "*****")]
    [InlineData("123456789", "*********")]
    public void A_short_id_number_is_masked_completely(string value, string expected)
    {
        Masking.IdNumber(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("1", "*")]
    [InlineData("110", "***")]
    [InlineData("123456", "******")]
    public void A_short_phone_is_masked_completely(string value, string expected)
    {
        Masking.Phone(value).ShouldBe(expected);
    }

    [Fact]
    public void A_masked_id_number_keeps_the_length_and_is_never_the_original()
    {
        const string digits = "11010519491231002X12345";
        for (var length = 1; length <= digits.Length; length++)
        {
            var value = digits[..length];
            var masked = Masking.IdNumber(value);

            masked.Length.ShouldBe(length);
            masked.ShouldNotBe(value, $"a {length}-character id number was shown unmasked");
        }
    }

    [Fact]
    public void A_masked_phone_keeps_the_length_and_is_never_the_original()
    {
        const string digits = "8613812345678";
        for (var length = 1; length <= digits.Length; length++)
        {
            var value = digits[..length];
            var masked = Masking.Phone(value);

            masked.Length.ShouldBe(length);
            masked.ShouldNotBe(value, $"a {length}-character phone was shown unmasked");
        }
    }
}
