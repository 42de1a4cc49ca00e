using Bastion.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.Features.Transfers;

/// <summary>
/// The Word (.docx) 中国共产党党员组织关系介绍信 in the official three-part layout — 存根, 介绍信, 回执 — separated
/// by cut lines, the letter number on each part.
/// </summary>
public static class TransferLetterDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string CutLine = "- - - - - - - - - - - - - - - - 沿 此 线 剪 开 - - - - - - - - - - - - - - - -";
    public const string StubTitle = "中国共产党党员组织关系介绍信（存根）";
    public const string LetterTitle = "中国共产党党员组织关系介绍信";
    public const string ReceiptTitle = "中国共产党党员组织关系介绍信回执";

    public sealed record Content(
        string LetterNo, string Name, Gender Gender, int Age, string Ethnicity, MemberCategory Category, string IdNumber, string? Phone,
        string FromOrgName, string ToOrgName, string IssuingOrgName, DateOnly DuesPaidTo, DateOnly LetterDate, int ValidDays);

    public static string FileName(string letterNo) => $"组织关系介绍信-{letterNo}.docx";

    public static byte[] Write(Content c)
    {
        var validUntil = TransferRules.ValidUntil(c.LetterDate, c.ValidDays);
        var person = $"{c.Name}同志（{c.Gender}，{c.Age}岁，{c.Ethnicity}），系中共{c.Category}，身份证号码{c.IdNumber}";
        var no = $"第 {c.LetterNo} 号";
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document();
            var body = new Body();

            // 存根: kept by the issuing committee
            body.Append(Title(StubTitle), Right(no),
                Text($"{person}，组织关系由{c.FromOrgName}转到{c.ToOrgName}。"),
                Text($"党费交到{TransferRules.Month(c.DuesPaidTo)}。"),
                Text($"有效期{c.ValidDays}天（至{ChineseDates.Date(validUntil)}）。"),
                Right(c.IssuingOrgName), Right(ChineseDates.Date(c.LetterDate)),
                Cut());

            // 介绍信: carried by the member to the receiving organization
            body.Append(Title(LetterTitle), Right(no),
                Plain($"{c.ToOrgName}："),
                Text($"兹介绍{person}，由{c.FromOrgName}转到你处，请接转组织关系。"),
                Text($"该同志党费已交到{TransferRules.Month(c.DuesPaidTo)}。"),
                Text($"（有效期{c.ValidDays}天，{ChineseDates.Date(validUntil)}前有效）"),
                Right($"{c.IssuingOrgName}（盖章）"), Right(ChineseDates.Date(c.LetterDate)),
                Small($"党员联系电话：{c.Phone ?? "　　　　　　"}　　党员原所在党组织：{c.FromOrgName}"),
                Cut());

            // 回执: returned by the receiving organization
            body.Append(Title(ReceiptTitle), Right(no),
                Plain($"{c.IssuingOrgName}："),
                Text($"{c.Name}同志的党员组织关系已转达我处，特此回复。"),
                Right("接收党组织（盖章）"), Right("　　　　年　　月　　日"));

            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1531U, Right = 1531U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document.Append(body);
            main.Document.Save();
        }
        return ms.ToArray();
    }

    private static Run R(string text, int halfPoints, bool bold = false, string font = "仿宋")
    {
        var props = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold) props.Append(new Bold());
        props.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Paragraph P(JustificationValues align, Run run, int before = 0, int after = 60, bool indent = false)
    {
        var pp = new ParagraphProperties(new SpacingBetweenLines { Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture), After = after.ToString(System.Globalization.CultureInfo.InvariantCulture), Line = "400", LineRule = LineSpacingRuleValues.Auto });
        if (indent) pp.Append(new Indentation { FirstLineChars = 200 });
        pp.Append(new Justification { Val = align });
        return new Paragraph(pp, run);
    }

    private static Paragraph Title(string s) => P(JustificationValues.Center, R(s, 36, bold: true, font: "宋体"), before: 120, after: 120);
    private static Paragraph Right(string s) => P(JustificationValues.Right, R(s, 28));
    private static Paragraph Plain(string s) => P(JustificationValues.Left, R(s, 28));
    private static Paragraph Text(string s) => P(JustificationValues.Both, R(s, 28), indent: true);
    private static Paragraph Small(string s) => P(JustificationValues.Left, R(s, 21));
    private static Paragraph Cut() => P(JustificationValues.Center, R(CutLine, 21), before: 240, after: 240);
}
