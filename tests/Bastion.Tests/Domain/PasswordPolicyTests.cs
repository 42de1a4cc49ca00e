using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class PasswordPolicyTests
{
    private const string LengthReason = "密码长度至少8位";
    private const string MaxLengthReason = "密码长度不能超过128位";
    private const string ClassesReason = "密码须包含大写字母、小写字母、数字、特殊字符中的至少3类";

    [Theory]
    [InlineData("Abcdef1!")]   // 4 classes, exactly 8
    [InlineData("Abcdefg1")]   // upper, lower, digit
    [InlineData("abcdefg1!")]  // lower, digit, other
    [InlineData("ABCDEFG1!")]  // upper, digit, other
    [InlineData("Abcdefgh!")]  // upper, lower, other
    [InlineData("党员Abcd1234")] // non-ASCII counts as a special character
    public void A_password_of_8_or_more_characters_from_3_classes_is_accepted(string password)
    {
        PasswordPolicy.Check(password).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Ab1!")]
    [InlineData("Abc12!x")] // 7
    public void A_password_shorter_than_8_characters_is_refused(string password)
    {
        PasswordPolicy.Check(password).ShouldBe([LengthReason]);
    }

    [Theory]
    [InlineData("abcdefgh")]
    [InlineData("ABCDEFGH")]
    [InlineData("12345678")]
    [InlineData("!@#$%^&*")]
    [InlineData("abcdefg1")]
    [InlineData("ABCDEFG!")]
    [InlineData("1234567!")]
    [InlineData("abcdEFGH")]
    public void A_password_from_fewer_than_3_classes_is_refused(string password)
    {
        PasswordPolicy.Check(password).ShouldBe([ClassesReason]);
    }

    [Fact]
    public void A_short_password_from_too_few_classes_gets_both_reasons()
    {
        PasswordPolicy.Check("abc").ShouldBe([LengthReason, ClassesReason], ignoreOrder: true);
    }

    [Fact]
    public void A_missing_password_is_refused_like_an_empty_one()
    {
        PasswordPolicy.Check(null).ShouldBe([LengthReason, ClassesReason], ignoreOrder: true);
        PasswordPolicy.Check("").ShouldBe([LengthReason, ClassesReason], ignoreOrder: true);
    }

    [Fact]
    public void A_password_of_exactly_the_maximum_length_is_accepted()
    {
        var password = "Aa1!" + new string('x', PasswordPolicy.MaxLength - 4);

        password.Length.ShouldBe(128);
        PasswordPolicy.Check(password).ShouldBeEmpty();
    }

    [Fact]
    public void A_password_longer_than_the_maximum_is_refused()
    {
        var password = "Aa1!" + new string('x', PasswordPolicy.MaxLength - 3);

        password.Length.ShouldBe(129);
        PasswordPolicy.Check(password).ShouldBe([MaxLengthReason]);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("aaaa", 1)]
    [InlineData("aA", 2)]
    [InlineData("aA1", 3)]
    [InlineData("aA1!", 4)]
    [InlineData(" ", 1)]         // a space is a special character
    [InlineData("ÄÖ", 1)]        // non-ASCII letters are special characters, not upper case
    [InlineData("党", 1)]
    [InlineData("１", 1)]        // full-width digit is not an ASCII digit
    public void Character_classes_are_counted_once_each(string password, int expected)
    {
        PasswordPolicy.ClassCount(password).ShouldBe(expected);
    }

    [Fact]
    public void A_generated_password_always_passes_the_policy_and_has_the_default_length()
    {
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordPolicy.Generate();

            password.Length.ShouldBe(14);
            PasswordPolicy.Check(password).ShouldBeEmpty(password);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(128)]
    public void A_generated_password_has_the_requested_length_and_passes_the_policy(int length)
    {
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordPolicy.Generate(length);

            password.Length.ShouldBe(length);
            PasswordPolicy.Check(password).ShouldBeEmpty(password);
            PasswordPolicy.ClassCount(password).ShouldBe(4, password);
        }
    }

    [Fact]
    public void Generated_passwords_differ_from_each_other()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => PasswordPolicy.Generate()).ToList();

        passwords.Distinct().Count().ShouldBe(200);
    }

    [Fact]
    public void Generated_passwords_avoid_look_alike_characters()
    {
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordPolicy.Generate(32);

            password.IndexOfAny(['0', 'O', 'o', '1', 'l', 'I']).ShouldBe(-1, password);
        }
    }
}
