using System.Buffers.Binary;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Bastion.Web;

/// <summary>
/// The one Word (.docx) writer: an A4 package with default fonts (east-asian font set), a page-number footer, and
/// helpers for runs, paragraphs, bordered tables and embedded photos. The 公文 layout
/// (<see cref="Features.Inspections.Reports.OfficialDocument"/>) and the 会议记录本 are built on it. The package is
/// written to the given stream (a temporary file for large documents) or to memory; call <see cref="Finish"/> or
/// <see cref="ToArray"/> once.
/// </summary>
public sealed class WordDocument : IDisposable
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    /// <summary>EMUs per twentieth of a point (dxa): 635; per centimetre: 360,000.</summary>
    public const long EmuPerDxa = 635, EmuPerCm = 360_000;

    /// <summary>Fonts, sizes (half-points), line spacing (twentieths of a point, exact or auto) and margins (dxa).</summary>
    public sealed record Layout(
        string BodyFont, int BodySize, int Line, bool LineExact, int Top, int Bottom, int Left, int Right,
        string FooterFont, int FooterSize, string FooterBefore, string FooterAfter);

    private readonly MemoryStream? _own;
    private readonly WordprocessingDocument _package;
    private readonly MainDocumentPart _main;
    private readonly Body _body = new();
    private readonly Layout _layout;
    private readonly bool _cover;
    private uint _drawingId;
    private bool _finished;

    /// <param name="cover">The first page is a cover: no page number on it, the text starts at 1.</param>
    /// <param name="output">Where the package goes (seekable); null: memory, read with <see cref="ToArray"/>.</param>
    public WordDocument(Layout layout, bool cover, Stream? output = null)
    {
        _layout = layout;
        _cover = cover;
        if (output is null) _own = new MemoryStream();
        _package = WordprocessingDocument.Create(output ?? _own!, WordprocessingDocumentType.Document);
        _main = _package.AddMainDocumentPart();
        _main.Document = new Document();
    }

    public int WidthDxa => 11906 - _layout.Left - _layout.Right;

    public void Add(OpenXmlElement element) => _body.Append(element);

    public void PageBreak() => _body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

    /// <summary>Asks Word to update fields (the 目录's page numbers) when the document is opened.</summary>
    public void UpdateFieldsOnOpen()
    {
        var settings = _main.DocumentSettingsPart ?? _main.AddNewPart<DocumentSettingsPart>();
        settings.Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
        settings.Settings.Save();
    }

    /// <summary>A run of text; <paramref name="font"/> null keeps the document's default font.</summary>
    public static Run R(string text, int halfPoints, bool bold = false, string? font = null, bool underline = false, bool italic = false)
    {
        var props = new RunProperties();
        if (font is not null) props.Append(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold) props.Append(new Bold());
        if (italic) props.Append(new Italic());
        props.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        if (underline) props.Append(new Underline { Val = UnderlineValues.Single }); // schema order: sz before u
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>A paragraph: alignment, spacing (dxa), first-line indent of two characters, left indent in characters (hundredths).</summary>
    public static Paragraph P(JustificationValues align, IEnumerable<OpenXmlElement> runs, int before = 0, int after = 0, bool indent = false,
        bool keepNext = false, int? line = null, int leftChars = 0, bool pageBreakBefore = false)
    {
        var pp = new ParagraphProperties();
        if (keepNext) pp.Append(new KeepNext());
        if (pageBreakBefore) pp.Append(new PageBreakBefore());
        var spacing = new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture) };
        if (line is { } l) { spacing.Line = l.ToString(CultureInfo.InvariantCulture); spacing.LineRule = LineSpacingRuleValues.Auto; }
        pp.Append(spacing);
        if (indent || leftChars > 0)
        {
            var ind = new Indentation();
            if (leftChars > 0) ind.LeftChars = leftChars;
            if (indent) ind.FirstLineChars = 200;
            pp.Append(ind);
        }
        pp.Append(new Justification { Val = align });
        var p = new Paragraph(pp);
        foreach (var r in runs) p.Append(r);
        return p;
    }

    private static BorderType B<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "000000" };

    /// <summary>An empty bordered table of fixed column widths (dxa), appended to the body; add rows with <see cref="Cell"/>.</summary>
    public Table NewTable(IReadOnlyList<int> widths)
    {
        var table = new Table(new TableProperties(
            new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(B<TopBorder>(), B<LeftBorder>(), B<BottomBorder>(), B<RightBorder>(), B<InsideHorizontalBorder>(), B<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        _body.Append(table);
        return table;
    }

    /// <summary>A table cell of the given width (dxa) spanning <paramref name="span"/> grid columns, holding the paragraphs.</summary>
    public static TableCell Cell(int width, IEnumerable<Paragraph> paragraphs, int span = 1, bool shaded = false, bool centerVertically = true)
    {
        var props = new TableCellProperties(new TableCellWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
        if (span > 1) props.Append(new GridSpan { Val = span });
        if (shaded) props.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "F2F2F2" });
        if (centerVertically) props.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
        var cell = new TableCell(props);
        var any = false;
        foreach (var p in paragraphs) { cell.Append(p); any = true; }
        if (!any) cell.Append(new Paragraph());
        return cell;
    }

    /// <summary>A bordered table with a bold header row repeated on each page (null: no header), one line of text per cell.</summary>
    public Table Table(IReadOnlyList<string>? headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows, int halfPoints, string? font = null, int line = 300)
    {
        var table = NewTable(widths);
        TableRow Row(IReadOnlyList<string> cells, bool header)
        {
            var row = new TableRow();
            if (header) row.Append(new TableRowProperties(new TableHeader()));
            for (var i = 0; i < widths.Count; i++)
            {
                var text = i < cells.Count ? cells[i] : "";
                row.Append(Cell(widths[i], [P(header ? JustificationValues.Center : JustificationValues.Left, [R(text, halfPoints, bold: header, font: font)], after: 0, line: line)],
                    shaded: header, centerVertically: false));
            }
            return row;
        }
        if (headers is not null) table.Append(Row(headers, header: true));
        foreach (var r in rows) table.Append(Row(r, header: false));
        return table;
    }

    /// <summary>
    /// A JPEG or PNG photo as an inline picture in its own centred paragraph, scaled to at most
    /// <paramref name="maxWidthEmu"/> wide and <paramref name="maxHeightEmu"/> high; null when the bytes are not a readable image.
    /// </summary>
    public Paragraph? Picture(byte[] data, string name, long maxWidthEmu, long maxHeightEmu)
    {
        if (!ImageSize.TryRead(data, out var w, out var h, out var type)) return null;
        var part = _main.AddImagePart(type == "png" ? ImagePartType.Png : ImagePartType.Jpeg);
        using (var s = new MemoryStream(data, writable: false)) part.FeedData(s);
        var rel = _main.GetIdOfPart(part);
        // pixels at 96 dpi → EMU, then scaled down to fit
        double cx = w * 9525.0, cy = h * 9525.0;
        var scale = Math.Min(1, Math.Min(maxWidthEmu / cx, maxHeightEmu / cy));
        var width = (long)(cx * scale);
        var height = (long)(cy * scale);
        var id = ++_drawingId;
        var safe = name.Length > 100 ? name[..100] : name;
        var drawing = new Drawing(new DW.Inline(
            new DW.Extent { Cx = width, Cy = height },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = "图片 " + id.ToString(CultureInfo.InvariantCulture), Description = safe },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(
                        new PIC.NonVisualDrawingProperties { Id = 0U, Name = safe },
                        new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = rel }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = width, Cy = height }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U,
        });
        var p = P(JustificationValues.Center, [new Run(drawing)], before: 120, after: 60);
        _body.Append(p);
        return p;
    }

    /// <summary>A bookmark around nothing at the start of <paramref name="p"/> (a target for 目录 links and page references).</summary>
    public static void Bookmark(Paragraph p, string name, int id)
    {
        var sid = id.ToString(CultureInfo.InvariantCulture);
        var start = new BookmarkStart { Id = sid, Name = name };
        if (p.ParagraphProperties is not OpenXmlElement after) p.PrependChild(start); else p.InsertAfter(start, after);
        p.InsertAfter(new BookmarkEnd { Id = sid }, start);
    }

    /// <summary>A link to a bookmark in the document.</summary>
    public static Hyperlink Link(string bookmark, Run run) => new(run) { Anchor = bookmark, History = true };

    /// <summary>A PAGEREF field: the page a bookmark is on (Word and LibreOffice compute it; <paramref name="cached"/> until then).</summary>
    public static IEnumerable<OpenXmlElement> PageRef(string bookmark, int halfPoints, string cached = "—")
    {
        RunProperties Size() => new(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        yield return new Run(Size(), new FieldChar { FieldCharType = FieldCharValues.Begin });
        yield return new Run(Size(), new FieldCode($" PAGEREF {bookmark} \\h ") { Space = SpaceProcessingModeValues.Preserve });
        yield return new Run(Size(), new FieldChar { FieldCharType = FieldCharValues.Separate });
        yield return new Run(Size(), new Text(cached));
        yield return new Run(Size(), new FieldChar { FieldCharType = FieldCharValues.End });
    }

    /// <summary>Writes styles, footer and section, and closes the package (into the output stream).</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        var l = _layout;
        var styles = _main.AddNewPart<StyleDefinitionsPart>();
        var spacing = new SpacingBetweenLines { After = "0", Line = l.Line.ToString(CultureInfo.InvariantCulture), LineRule = l.LineExact ? LineSpacingRuleValues.Exact : LineSpacingRuleValues.Auto };
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = l.BodyFont, ComplexScript = "Times New Roman" },
                new FontSize { Val = l.BodySize.ToString(CultureInfo.InvariantCulture) },
                new FontSizeComplexScript { Val = l.BodySize.ToString(CultureInfo.InvariantCulture) },
                new Languages { Val = "en-US", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(spacing))));
        styles.Styles.Save();

        var footer = _main.AddNewPart<FooterPart>();
        footer.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            R(l.FooterBefore, l.FooterSize, font: l.FooterFont),
            new SimpleField(R("1", l.FooterSize, font: l.FooterFont)) { Instruction = " PAGE " },
            R(l.FooterAfter, l.FooterSize, font: l.FooterFont)));
        footer.Footer.Save();

        var section = new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = _main.GetIdOfPart(footer) },
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = l.Top, Bottom = l.Bottom, Left = (uint)l.Left, Right = (uint)l.Right, Header = 851U, Footer = 992U, Gutter = 0U });
        // the cover is page 0 and shows no number: the text starts at 1
        if (_cover) section.Append(new PageNumberType { Start = 0 }, new TitlePage());
        _body.Append(section);
        _main.Document.Append(_body);
        _main.Document.Save();
        _package.Dispose();
    }

    /// <summary>Finishes the document and returns the package (in-memory documents only).</summary>
    public byte[] ToArray()
    {
        Finish();
        return _own?.ToArray() ?? throw new InvalidOperationException("The document was written to a stream.");
    }

    public void Dispose()
    {
        if (!_finished) _package.Dispose();
        _own?.Dispose();
    }
}

/// <summary>Pixel size of a JPEG or PNG from its header (no decoding).</summary>
public static class ImageSize
{
    public static bool TryRead(ReadOnlySpan<byte> b, out int width, out int height, out string type)
    {
        width = height = 0;
        type = "";
        if (b.Length > 24 && b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            width = BinaryPrimitives.ReadInt32BigEndian(b[16..]);
            height = BinaryPrimitives.ReadInt32BigEndian(b[20..]);
            type = "png";
            return width > 0 && height > 0;
        }
        if (b.Length > 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            var i = 2;
            while (i + 9 < b.Length)
            {
                if (b[i] != 0xFF) { i++; continue; }
                var marker = b[i + 1];
                if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF) { i += marker == 0xFF ? 1 : 2; continue; }
                var length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
                // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size
                if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    height = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]);
                    width = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]);
                    type = "jpeg";
                    return width > 0 && height > 0;
                }
                if (length < 2) return false;
                i += 2 + length;
            }
        }
        return false;
    }
}
