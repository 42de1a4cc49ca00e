using Bastion.Web;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.Features.Inspections.Reports;

/// <summary>
/// A Word (.docx) document in the layout of a 党政机关公文 (GB/T 9704 in spirit): A4, 仿宋 三号 body with the
/// east-asian font set, 黑体 for level-one headings, 宋体 bold titles, page numbers "— n —" in the footer (none on the
/// cover page when there is one), a 密级 mark at the top left. Build the body with the paragraph helpers, then <see cref="Save"/>.
/// Written with the shared <see cref="WordDocument"/>.
/// </summary>
public sealed class OfficialDocument
{
    public const string ContentType = WordDocument.ContentType;
    private const string Song = "宋体", FangSong = "仿宋", Hei = "黑体", Kai = "楷体";
    /// <summary>三号 = 16 pt = 32 half-points; 二号 = 22 pt; 小四 = 12 pt.</summary>
    private const int SanHao = 32, ErHao = 44, XiaoSi = 24, SiHao = 28;

    // 公文: 仿宋 三号, 28 pt exact lines; top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; page numbers "— n —"
    private static readonly WordDocument.Layout Official = new(FangSong, SanHao, 560, true, 2098, 1984, 1588, 1474, Song, SiHao, "— ", " —");

    private readonly WordDocument _doc;

    /// <param name="cover">The first page is a cover: no page number on it.</param>
    public OfficialDocument(bool cover) => _doc = new WordDocument(Official, cover);

    /// <summary>密级 / 保密 mark (机密, 内部 …), top left, 黑体.</summary>
    public void Mark(string mark) => _doc.Add(P(JustificationValues.Left, [R(mark, SanHao, font: Hei)], after: 0));

    /// <summary>The document's title: 宋体 二号 bold, centred.</summary>
    public void Title(string s, int before = 240, int after = 240) => _doc.Add(P(JustificationValues.Center, [R(s, ErHao, bold: true, font: Song)], before, after));

    /// <summary>A centred line (cover details, subtitles), 楷体 三号.</summary>
    public void Centered(string s, int before = 0, int after = 120, bool bold = false) => _doc.Add(P(JustificationValues.Center, [R(s, SanHao, bold, Kai)], before, after));

    /// <summary>一、 heading: 黑体 三号.</summary>
    public void Heading1(string s) => _doc.Add(P(JustificationValues.Left, [R(s, SanHao, font: Hei)], before: 120, after: 60, indent: true, keepNext: true));

    /// <summary>（一） heading: 楷体 三号 bold.</summary>
    public void Heading2(string s) => _doc.Add(P(JustificationValues.Both, [R(s, SanHao, bold: true, font: Kai)], after: 60, indent: true, keepNext: true));

    /// <summary>A paragraph of body text: 仿宋 三号, first line indented two characters.</summary>
    public void Text(string s) => _doc.Add(P(JustificationValues.Both, [R(s, SanHao)], indent: true));

    /// <summary>Body text led by a bold label (事实：…, 依据：…).</summary>
    public void Labeled(string label, string s) => _doc.Add(P(JustificationValues.Both, [R(label, SanHao, bold: true), R(s, SanHao)], indent: true));

    /// <summary>A line to be filled in by hand: the prompt, then an underlined blank.</summary>
    public void Blank(string prompt, int lines = 2)
    {
        _doc.Add(P(JustificationValues.Both, [R(prompt, SanHao, font: Kai)], indent: true));
        for (var i = 0; i < lines; i++)
            _doc.Add(P(JustificationValues.Left, [R(new string('　', 26), SanHao, underline: true)], indent: true));
    }

    public void Plain(string s) => _doc.Add(P(JustificationValues.Left, [R(s, SanHao)]));
    public void Right(string s, int before = 0) => _doc.Add(P(JustificationValues.Right, [R(s, SanHao)], before: before));
    public void Small(string s) => _doc.Add(P(JustificationValues.Left, [R(s, XiaoSi)]));
    public void Empty(int lines = 1) { for (var i = 0; i < lines; i++) _doc.Add(P(JustificationValues.Left, [R("", SanHao)])); }

    public void PageBreak() => _doc.PageBreak();

    /// <summary>A bordered table, 仿宋 小四, the header row bold and repeated on each page; widths in twentieths of a point.</summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows)
    {
        _doc.Table(headers, widths, rows, XiaoSi, FangSong);
        _doc.Add(P(JustificationValues.Left, [R("", XiaoSi)], after: 0));
    }

    /// <summary>Writes the package: styles (default fonts), the body, an A4 section with the page-number footer.</summary>
    public byte[] Save()
    {
        using (_doc) return _doc.ToArray();
    }

    private static Run R(string text, int halfPoints, bool bold = false, string font = FangSong, bool underline = false) =>
        WordDocument.R(text, halfPoints, bold, font, underline);

    private static Paragraph P(JustificationValues align, IEnumerable<OpenXmlElement> runs, int before = 0, int after = 0, bool indent = false, bool keepNext = false) =>
        WordDocument.P(align, runs, before, after, indent, keepNext);
}
