using System.Text.RegularExpressions;

namespace Bastion.Tests.Web;

/// <summary>
/// Razor reads "工作日@if (…)" as an e-mail address and prints the code as text (a letter or digit right before
/// <c>@if</c>/<c>@foreach</c>/…). This guard reads every view and names the file:line of each such place; write
/// <c>@("工作日")@if</c>, or start the code on a line of its own.
/// </summary>
public sealed partial class RazorTextTests
{
    // a letter or digit (Chinese included) right before a code block's keyword, unless that text is itself an @expression (@n@if)
    [GeneratedRegex(@"(?<!@[\w.]*)[\p{L}\p{N}]@(?:if|foreach|for|switch|while|using|lock)\s*\(")]
    private static partial Regex CodeReadAsText();

    [Fact]
    public void No_view_has_a_code_block_right_after_a_letter()
    {
        var findings = Directory.EnumerateFiles(Path.Combine(Root(), "src", "Bastion"), "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(Root(), f), Line: i + 1, Text: line)))
            .Where(l => CodeReadAsText().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(findings.Count == 0, "Razor prints these as text:\n" + string.Join("\n", findings));
    }

    [Theory]
    [InlineData("共@(n)个工作日@if (p) { <b>暂算</b> }", true)]
    [InlineData("撤销@if (o.MergedIntoId is not null) {<text>x</text>}", true)]
    [InlineData("共@(n)@(\"个工作日\")@if (p) { }", false)]
    [InlineData("@n@if (kind != 0) { <small>@kind</small> }", false)]
    [InlineData("<td>@D(r.DueDate)@if (r.Adjusted) { }</td>", false)]
    public void The_guard_tells_text_from_an_expression(string line, bool flagged) => CodeReadAsText().IsMatch(line).ShouldBe(flagged);

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bastion.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Bastion.slnx not found above " + AppContext.BaseDirectory);
    }
}
