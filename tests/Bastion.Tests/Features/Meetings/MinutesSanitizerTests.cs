using Bastion.Features.Meetings;

namespace Bastion.Tests.Features.Meetings;

public class MinutesSanitizerTests
{
    private static string? S(string? html) => MinutesSanitizer.Sanitize(html);

    [Theory]
    [InlineData("<p>会议由<strong>张书记</strong>主持</p>", "<p>会议由<strong>张书记</strong>主持</p>")]
    [InlineData("<h3>议程</h3><ol><li>学习</li><li>表决</li></ol>", "<h3>议程</h3><ol><li>学习</li><li>表决</li></ol>")]
    [InlineData("<blockquote><em>引文</em><br/><u>下划线</u><i>斜</i><b>粗</b></blockquote>", "<blockquote><em>引文</em><br><u>下划线</u><i>斜</i><b>粗</b></blockquote>")]
    [InlineData("<table><tr><th>姓名</th><td>张三</td></tr></table>", "<table><tr><th>姓名</th><td>张三</td></tr></table>")]
    [InlineData("<H4>大写</H4>", "<h4>大写</h4>")]
    public void Whitelisted_formatting_is_kept(string input, string expected) => S(input).ShouldBe(expected);

    [Fact]
    public void Scripts_are_dropped_with_their_content()
    {
        S("<p>前</p><script>alert(1)</script><p>后</p>").ShouldBe("<p>前</p><p>后</p>");
        S("<SCRIPT type=\"text/javascript\">alert('x')</SCRIPT >正文").ShouldBe("正文");
        S("<style>p{color:red}</style>正文").ShouldBe("正文");
        S("<iframe src=\"https://evil.example\">内嵌</iframe>正文").ShouldBe("正文");
    }

    [Fact]
    public void A_script_tag_split_around_another_script_tag_leaves_no_tag()
    {
        var r = S("<scr<script>ipt>alert(1)</script>");
        r.ShouldNotBeNull();
        r.ShouldNotContain("<script", Case.Insensitive);
        r.ShouldNotContain("<");
    }

    [Fact]
    public void An_unclosed_script_drops_everything_after_it()
    {
        S("<p>保留</p><script>alert(1)<p>不保留</p>").ShouldBe("<p>保留</p>");
    }

    [Theory]
    [InlineData("<p onclick=\"alert(1)\">文字</p>", "<p>文字</p>")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">文字</p>", "<p>文字</p>")]
    [InlineData("<strong onmouseover='x()' class=\"a\">文字</strong>", "<strong>文字</strong>")]
    [InlineData("<p title=\"a>b\" onclick=\"x\">文字</p>", "<p>文字</p>")]
    public void Every_attribute_is_removed(string input, string expected) => S(input).ShouldBe(expected);

    [Fact]
    public void Javascript_links_become_plain_text()
    {
        S("<a href=\"javascript:alert(1)\">点我</a>").ShouldBe("点我");
        S("<img src=x onerror=alert(1)>图").ShouldBe("图");
    }

    [Fact]
    public void Unclosed_tags_are_closed_in_order()
    {
        S("<p><strong>加粗").ShouldBe("<p><strong>加粗</strong></p>");
        S("<ul><li>一<li>二").ShouldBe("<ul><li>一<li>二</li></li></ul>");
        S("<p><b>交错</p></b>").ShouldBe("<p><b>交错</b></p>");
    }

    [Fact]
    public void Stray_close_tags_are_dropped()
    {
        S("文字</p></table>").ShouldBe("文字");
    }

    [Fact]
    public void Text_is_encoded_and_existing_entities_are_not_doubled()
    {
        S("a < b & c > d").ShouldBe("a &lt; b &amp; c &gt; d");
        S("&lt;script&gt;alert(1)&lt;/script&gt;").ShouldBe("&lt;script&gt;alert(1)&lt;/script&gt;");
        S("张&amp;李").ShouldBe("张&amp;李");
    }

    [Fact]
    public void Comments_and_doctype_are_dropped()
    {
        S("<!-- <script>alert(1)</script> -->正文<!DOCTYPE html>").ShouldBe("正文");
        S("<!--[if IE]><script>x</script><![endif]-->正文").ShouldBe("正文");
    }

    [Fact]
    public void An_unterminated_tag_at_the_end_is_dropped()
    {
        S("<p>正文</p><img src=x onerror=\"alert(1)").ShouldBe("<p>正文</p>");
    }

    [Fact]
    public void Null_characters_cannot_hide_a_tag()
    {
        var r = S("<scr\0ipt>alert(1)</scr\0ipt>正文");
        r.ShouldBe("正文");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<script>x</script>")]
    public void Nothing_left_is_null(string? input) => S(input).ShouldBeNull();

    [Fact]
    public void Svg_and_event_payloads_are_dropped()
    {
        S("<svg><script>alert(1)</script><circle onload=x /></svg>文").ShouldBe("文");
        S("<math><mtext><script>alert(1)</script></mtext></math>文").ShouldBe("文");
    }

    [Fact]
    public void Plain_text_strips_tags_for_lists()
    {
        MinutesSanitizer.PlainText("<p>第一段</p><p>第二&amp;段</p>").ShouldBe("第一段 第二&段");
    }
}
