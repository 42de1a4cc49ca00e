using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class AuditTextTests
{
    [Theory]
    [InlineData("ghost\r\nsigned in: admin", "ghostsigned in: admin")]
    [InlineData("tab\there", "tabhere")]
    [InlineData("bell\a esc\u001b del\u007f nel\u0085 csi\u009b", "bell esc del nel csi")]
    [InlineData("evil\u202Egnp.exe", "evilgnp.exe")]
    [InlineData("\u2066李\u2069\u200E四\u200F\u061C", "李四")]
    [InlineData("line\u2028para\u2029end", "lineparaend")]
    public void Control_and_bidi_characters_are_removed_and_the_visible_text_kept(string value, string expected)
    {
        AuditText.StripControls(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("张三")]
    [InlineData("orgadmin")]
    [InlineData("Zhang San (甲一党支部)")]
    [InlineData("")]
    public void Visible_text_is_returned_as_it_is(string value)
    {
        AuditText.StripControls(value).ShouldBeSameAs(value);
    }

    [Fact]
    public void Null_stays_null()
    {
        AuditText.StripControls(null).ShouldBeNull();
        AuditText.MaskNumbers(null).ShouldBeNull();
        AuditText.Name(null).ShouldBeNull();
    }

    [Theory]
    [InlineData("q=11010519491231002X&page=2", "q=110105********002X&page=2")]
    [InlineData("身份证320106198808080096，电话13912345678", "身份证320106********0096，电话139****5678")]
    [InlineData("+86 13912345678", "+86 139****5678")]
    [InlineData("8613912345678", "86139****5678")]
    [InlineData("110105491231002", "110105*****1002")]
    [InlineData("13912345678", "139****5678")]
    public void Full_id_and_mobile_numbers_in_free_text_are_masked_as_the_lists_show_them(string value, string expected)
    {
        AuditText.MaskNumbers(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("sha256 a13912345678bc")]                                                // inside a hexadecimal run
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]     // a whole hash
    [InlineData("01088886666")]                                                          // a landline
    [InlineData("1391234567")]                                                           // 10 digits
    [InlineData("139123456789")]                                                         // 12 digits
    [InlineData("12345678901")]                                                          // not a mobile prefix
    [InlineData("2026-12-07 共3人")]
    public void Other_numbers_are_left_alone(string value)
    {
        AuditText.MaskNumbers(value).ShouldBe(value);
    }

    [Fact]
    public void A_name_is_cleaned_masked_and_cut_to_the_column()
    {
        AuditText.Name("139\r\n12345678").ShouldBe("139****5678");
        AuditText.Name("11010519491231002X").ShouldBe("110105********002X");
        AuditText.Name(new string('名', 150) + "\n").ShouldBe(new string('名', AuditText.NameMaxLength));
        AuditText.Name("admin").ShouldBe("admin");
    }
}
