using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class UnitedFrontTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    private static UnitedFrontPersonDraft Valid(string category = "党外知识分子", string? party = null, string? ethnicity = "汉族") =>
        new("陈立新", "男", category, party, ethnicity, "1968-05-20", "市第一人民医院", "主任医师", "心血管内科", "13812345678", null);

    private static UnitedFrontContactDraft Contact(string? date = "2026-03-10") => new(date, "党委书记 王建国", "反映职工子女入托难问题", null);

    [Fact]
    public void A_complete_draft_is_accepted_and_normalized()
    {
        var (v, errors) = UnitedFrontRules.Check(Valid() with { Name = "  陈立新 ", Employer = " 市第一人民医院 ", Position = "" }, Today);
        errors.ShouldBeEmpty();
        v.ShouldNotBeNull();
        v.Name.ShouldBe("陈立新");
        v.Gender.ShouldBe(Gender.男);
        v.Category.ShouldBe(UnitedFrontCategory.党外知识分子);
        v.Employer.ShouldBe("市第一人民医院");
        v.Position.ShouldBeNull();
        v.BirthDate.ShouldBe(new DateOnly(1968, 5, 20));
    }

    [Fact]
    public void A_democratic_party_member_needs_the_party()
    {
        var (v, errors) = UnitedFrontRules.Check(Valid("民主党派成员"), Today);
        v.ShouldBeNull();
        errors["party"].ShouldBe(["民主党派成员须填写所属民主党派"]);
    }

    [Theory]
    [InlineData("民盟", "民盟")]
    [InlineData("中国民主同盟", "民盟")]
    [InlineData("九三学社", "九三学社")]
    [InlineData(" 台湾民主自治同盟 ", "台盟")]
    [InlineData("中国农工民主党", "农工党")]
    public void The_party_is_stored_by_its_short_name(string given, string stored)
    {
        var (v, errors) = UnitedFrontRules.Check(Valid("民主党派成员", given), Today);
        errors.ShouldBeEmpty();
        v!.Party.ShouldBe(stored);
    }

    [Fact]
    public void An_unknown_party_is_refused()
    {
        var (_, errors) = UnitedFrontRules.Check(Valid("民主党派成员", "民主党"), Today);
        errors["party"][0].ShouldStartWith("请选择民革、民盟");
    }

    [Fact]
    public void Only_democratic_party_members_carry_a_party()
    {
        var (_, errors) = UnitedFrontRules.Check(Valid("无党派人士", "民盟"), Today);
        errors.Keys.ShouldBe(["party"]);
    }

    [Fact]
    public void There_are_eight_democratic_parties_and_56_ethnic_groups()
    {
        UnitedFrontRules.DemocraticParties.Count.ShouldBe(8);
        UnitedFrontRules.Ethnicities.Count.ShouldBe(56);
        UnitedFrontRules.Ethnicities.Distinct().Count().ShouldBe(56);
        UnitedFrontRules.Ethnicities.ShouldAllBe(e => e.EndsWith('族'));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("党员")]
    [InlineData("")]
    [InlineData(null)]
    public void The_category_must_be_one_of_the_five_by_name(string? category)
    {
        var (_, errors) = UnitedFrontRules.Check(Valid() with { Category = category }, Today);
        errors["category"][0].ShouldStartWith("请选择类别");
    }

    [Fact]
    public void Name_and_gender_are_required()
    {
        var (_, errors) = UnitedFrontRules.Check(Valid() with { Name = " ", Gender = "未知" }, Today);
        errors["name"].ShouldBe(["请输入姓名"]);
        errors["gender"].ShouldBe(["请选择性别"]);
    }

    [Fact]
    public void An_ethnic_minority_person_cannot_be_recorded_as_han()
    {
        UnitedFrontRules.Check(Valid("少数民族", ethnicity: "汉族"), Today).Errors["ethnicity"].ShouldBe(["类别为少数民族时，民族不能是汉族"]);
        UnitedFrontRules.Check(Valid("少数民族", ethnicity: null), Today).Errors["ethnicity"].ShouldBe(["少数民族须填写民族"]);
        var (v, errors) = UnitedFrontRules.Check(Valid("少数民族", ethnicity: "蒙古"), Today);
        errors.ShouldBeEmpty();
        v!.Ethnicity.ShouldBe("蒙古族");
    }

    [Fact]
    public void An_unknown_ethnicity_is_refused_and_a_blank_one_means_han()
    {
        UnitedFrontRules.Check(Valid(ethnicity: "火星族"), Today).Errors.Keys.ShouldBe(["ethnicity"]);
        UnitedFrontRules.Check(Valid(ethnicity: " "), Today).Values!.Ethnicity.ShouldBe("汉族");
    }

    [Theory]
    [InlineData("2026-03-16", "出生日期不能晚于今天")]
    [InlineData("1899-12-31", "出生日期不能早于1900年")]
    [InlineData("1968/05/20", "出生日期格式应为 年-月-日，例如 1968-05-20")]
    [InlineData("1968-02-30", "出生日期格式应为 年-月-日，例如 1968-05-20")]
    public void The_birth_date_is_checked(string birth, string message)
    {
        UnitedFrontRules.Check(Valid() with { BirthDate = birth }, Today).Errors["birthDate"].ShouldBe([message]);
    }

    [Fact]
    public void The_birth_date_is_optional_and_may_be_today()
    {
        UnitedFrontRules.Check(Valid() with { BirthDate = null }, Today).Values!.BirthDate.ShouldBeNull();
        UnitedFrontRules.Check(Valid() with { BirthDate = "2026-03-15" }, Today).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("19900001111", true)]
    [InlineData("010-12345678", true)]
    [InlineData("0571-8765432", true)]
    [InlineData("010-12345678-801", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("138123456789", false)]
    [InlineData("12345678", false)]
    [InlineData("电话", false)]
    public void Phones_are_mobiles_or_landlines_with_area_code(string phone, bool ok)
    {
        UnitedFrontRules.Check(Valid() with { Phone = phone }, Today).Errors.ContainsKey("phone").ShouldBe(!ok);
    }

    [Fact]
    public void Spaces_inside_a_phone_number_are_dropped()
    {
        UnitedFrontRules.Check(Valid() with { Phone = "138 1234 5678" }, Today).Values!.Phone.ShouldBe("13812345678");
    }

    [Fact]
    public void Overlong_fields_are_refused_with_their_limits()
    {
        var (_, errors) = UnitedFrontRules.Check(Valid() with
        {
            Name = new string('名', 51),
            Employer = new string('单', 101),
            Position = new string('职', 101),
            Expertise = new string('专', 201),
            Notes = new string('备', 1001),
        }, Today);
        errors["name"].ShouldBe(["姓名不能超过50个字"]);
        errors["employer"].ShouldBe(["工作单位不能超过100个字"]);
        errors["position"].ShouldBe(["职务不能超过100个字"]);
        errors["expertise"].ShouldBe(["专长不能超过200个字"]);
        errors["notes"].ShouldBe(["备注不能超过1000个字"]);
    }

    [Fact]
    public void Values_are_applied_to_the_record()
    {
        var p = new UnitedFrontPerson { Name = "旧名", Phone = "13900000000" };
        UnitedFrontRules.Check(Valid("民主党派成员", "民进"), Today).Values!.ApplyTo(p);
        (p.Name, p.Category, p.Party, p.Phone, p.Employer).ShouldBe(("陈立新", UnitedFrontCategory.民主党派成员, "民进", "13812345678", "市第一人民医院"));
    }

    [Fact]
    public void A_contact_on_or_before_today_is_accepted()
    {
        var (v, errors) = UnitedFrontRules.Check(Contact("2026-03-15"), Today);
        errors.ShouldBeEmpty();
        v!.ContactDate.ShouldBe(Today);
        v.OurPerson.ShouldBe("党委书记 王建国");
        v.FollowUp.ShouldBeNull();
    }

    [Fact]
    public void A_contact_date_in_the_future_is_refused()
    {
        UnitedFrontRules.Check(Contact("2026-03-16"), Today).Errors["contactDate"].ShouldBe(["联谊日期不能晚于今天"]);
    }

    [Theory]
    [InlineData(null, "请填写联谊日期")]
    [InlineData("昨天", "联谊日期格式应为 年-月-日，例如 2026-03-15")]
    public void A_contact_needs_a_valid_date(string? date, string message)
    {
        UnitedFrontRules.Check(Contact(date), Today).Errors["contactDate"].ShouldBe([message]);
    }

    [Fact]
    public void A_contact_needs_who_met_and_what_was_raised()
    {
        var (v, errors) = UnitedFrontRules.Check(new UnitedFrontContactDraft("2026-03-01", "", null, new string('跟', 1001)), Today);
        v.ShouldBeNull();
        errors["ourPerson"].ShouldBe(["请填写我方联谊人"]);
        errors["topics"].ShouldBe(["请填写交流内容或对方反映的意见建议"]);
        errors["followUp"].ShouldBe(["跟进落实不能超过1000个字"]);
    }

    [Fact]
    public void Phones_show_in_full_only_with_full_access()
    {
        UnitedFrontRules.DisplayPhone("13812345678", full: false).ShouldBe("138****5678");
        UnitedFrontRules.DisplayPhone("13812345678", full: true).ShouldBe("13812345678");
        UnitedFrontRules.DisplayPhone(null, full: true).ShouldBe("");
    }

    [Theory]
    [InlineData("1968-05-20", "2026-05-19", 57)]
    [InlineData("1968-05-20", "2026-05-20", 58)]
    [InlineData("2000-02-29", "2026-02-28", 25)]
    [InlineData("2000-02-29", "2026-03-01", 26)]
    public void Age_counts_whole_years(string birth, string on, int age)
    {
        UnitedFrontRules.Age(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(age);
    }
}
