using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class ChineseIdNumberDayTests
{
    private static readonly string BornOnNewYear2030 = ChineseIdNumber.Compose("110105", new DateOnly(2030, 1, 1), 1);

    [Fact]
    public void A_birth_date_after_the_given_day_is_refused_and_one_on_it_accepted()
    {
        ChineseIdNumber.TryParse(BornOnNewYear2030, new DateOnly(2029, 12, 31), out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码中的出生日期无效");
        ChineseIdNumber.TryParse(BornOnNewYear2030, new DateOnly(2030, 1, 1), out _)!.BirthDate.ShouldBe(new DateOnly(2030, 1, 1));
        ChineseIdNumber.IsValid(BornOnNewYear2030, new DateOnly(2029, 12, 31)).ShouldBeFalse();
    }

    [Fact]
    public void Member_validation_judges_the_birth_date_against_its_own_day()
    {
        var input = new MemberInput("张三", BornOnNewYear2030, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, false, null, null);
        MemberRules.Validate(input, new DateOnly(2029, 12, 31)).ShouldContainKey("idNumber");
        MemberRules.Validate(input, new DateOnly(2030, 6, 1)).ShouldNotContainKey("idNumber");
    }

    [Fact]
    public void Decoding_without_a_day_checks_the_form_only()
    {
        ChineseIdNumber.TryParse(BornOnNewYear2030, out _)!.Gender.ShouldBe(Gender.男);
        ChineseIdNumber.TryParse(ChineseIdNumber.Compose("110105", new DateOnly(1899, 12, 31), 1), out var error).ShouldBeNull();
        error.ShouldBe("公民身份号码中的出生日期无效");
    }
}
