using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.Features.Inspections.Reports;

/// <summary>
/// A Word (.docx) document in the layout of a 党政机关公文 (GB/T 9704 in spirit): A4, 仿宋 三号 body with the
/// east-asian font set, 黑体 for level-one headings, 宋体 bold titles, page numbers "— n —" in the footer (none on the
/// cover page when there is one), a 密级 mark at the top left. Build the body with the paragraph helpers, then <see cref="Save"/>.
/// </summary>
public sealed class OfficialDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Song = "宋体", FangSong = "仿宋", Hei = "黑体", Kai = "楷体";
    /// <summary>三号 = 16 pt = 32 half-points; 二号 = 22 pt; 小四 = 12 pt.</summary>
    private const int SanHao = 32, ErHao = 44, XiaoSi = 24, SiHao = 28;

    private readonly Body _body = new();
    private readonly bool _cover;

    /// <param name="cover">The first page is a cover: no page number on it.</param>
    public OfficialDocument(bool cover) => _cover = cover;

    /// <summary>密级 / 保密 mark (机密, 内部 …), top left, 黑体.</summary>
    public void Mark(string mark) => _body.Append(P(JustificationValues.Left, [R(mark, SanHao, font: Hei)], after: 0));

    /// <summary>The document's title: 宋体 二号 bold, centred.</summary>
    public void Title(string s, int before = 240, int after = 240) => _body.Append(P(JustificationValues.Center, [R(s, ErHao, bold: true, font: Song)], before, after));

    /// <summary>A centred line (cover details, subtitles), 楷体 三号.</summary>
    public void Centered(string s, int before = 0, int after = 120, bool bold = false) => _body.Append(P(JustificationValues.Center, [R(s, SanHao, bold, Kai)], before, after));

    /// <summary>一、 heading: 黑体 三号.</summary>
    public void Heading1(string s) => _body.Append(P(JustificationValues.Left, [R(s, SanHao, font: Hei)], before: 120, after: 60, indent: true, keepNext: true));

    /// <summary>（一） heading: 楷体 三号 bold.</summary>
    public void Heading2(string s) => _body.Append(P(JustificationValues.Both, [R(s, SanHao, bold: true, font: Kai)], after: 60, indent: true, keepNext: true));

    /// <summary>A paragraph of body text: 仿宋 三号, first line indented two characters.</summary>
    public void Text(string s) => _body.Append(P(JustificationValues.Both, [R(s, SanHao)], indent: true));

    /// <summary>Body text led by a bold label (事实：…, 依据：…).</summary>
    public void Labeled(string label, string s) => _body.Append(P(JustificationValues.Both, [R(label, SanHao, bold: true), R(s, SanHao)], indent: true));

    /// <summary>A line to be filled in by hand: the prompt, then an underlined blank.</summary>
    public void Blank(string prompt, int lines = 2)
    {
        _body.Append(P(JustificationValues.Both, [R(prompt, SanHao, font: Kai)], indent: true));
        for (var i = 0; i < lines; i++)
            _body.Append(P(JustificationValues.Left, [R(new string('　', 26), SanHao, underline: true)], indent: true));
    }

    public void Plain(string s) => _body.Append(P(JustificationValues.Left, [R(s, SanHao)]));
    public void Right(string s, int before = 0) => _body.Append(P(JustificationValues.Right, [R(s, SanHao)], before: before));
    public void Small(string s) => _body.Append(P(JustificationValues.Left, [R(s, XiaoSi)]));
    public void Empty(int lines = 1) { for (var i = 0; i < lines; i++) _body.Append(P(JustificationValues.Left, [R("", SanHao)])); }

    public void PageBreak() => _body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

    /// <summary>A bordered table, 仿宋 小四, the header row bold and repeated on each page; widths in twentieths of a point.</summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows)
    {
        static BorderType B<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "000000" };
        var table = new Table(new TableProperties(
            new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(B<TopBorder>(), B<LeftBorder>(), B<BottomBorder>(), B<RightBorder>(), B<InsideHorizontalBorder>(), B<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(headers, widths, header: true));
        foreach (var r in rows) table.Append(Row(r, widths, header: false));
        _body.Append(table);
        _body.Append(P(JustificationValues.Left, [R("", XiaoSi)], after: 0));
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, bool header)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < widths.Count; i++)
        {
            var text = i < cells.Count ? cells[i] : "";
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }),
                P(header ? JustificationValues.Center : JustificationValues.Left, [R(text, XiaoSi, bold: header)], after: 0, line: 300)));
        }
        return row;
    }

    /// <summary>Writes the package: styles (default fonts), the body, an A4 section with the page-number footer.</summary>
    public byte[] Save()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document();

            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = FangSong, ComplexScript = "Times New Roman" },
                    new FontSize { Val = SanHao.ToString(CultureInfo.InvariantCulture) },
                    new FontSizeComplexScript { Val = SanHao.ToString(CultureInfo.InvariantCulture) },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "560", LineRule = LineSpacingRuleValues.Exact }))));
            styles.Styles.Save();

            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                R("— ", SiHao, font: Song),
                new SimpleField(R("1", SiHao, font: Song)) { Instruction = " PAGE " },
                R(" —", SiHao, font: Song)));
            footer.Footer.Save();

            var section = new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new PageSize { Width = 11906U, Height = 16838U },
                // 公文: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U });
            // the cover is page 0 and shows no number: the text starts at — 1 —
            if (_cover) section.Append(new PageNumberType { Start = 0 }, new TitlePage());
            _body.Append(section);
            main.Document.Append(_body);
            main.Document.Save();
        }
        return ms.ToArray();
    }

    private static Run R(string text, int halfPoints, bool bold = false, string font = FangSong, bool underline = false)
    {
        var props = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold) props.Append(new Bold());
        props.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        if (underline) props.Append(new Underline { Val = UnderlineValues.Single }); // schema order: sz before u
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Paragraph P(JustificationValues align, IEnumerable<OpenXmlElement> runs, int before = 0, int after = 0, bool indent = false, bool keepNext = false, int? line = null)
    {
        var pp = new ParagraphProperties();
        if (keepNext) pp.Append(new KeepNext());
        var spacing = new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture) };
        if (line is { } l) { spacing.Line = l.ToString(CultureInfo.InvariantCulture); spacing.LineRule = LineSpacingRuleValues.Auto; }
        pp.Append(spacing);
        if (indent) pp.Append(new Indentation { FirstLineChars = 200 });
        pp.Append(new Justification { Val = align });
        var p = new Paragraph(pp);
        foreach (var r in runs) p.Append(r);
        return p;
    }
}
