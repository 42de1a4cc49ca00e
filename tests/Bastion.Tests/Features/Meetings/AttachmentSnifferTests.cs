using System.IO.Compression;
using System.Text;
using Bastion.Features.Meetings;

namespace Bastion.Tests.Features.Meetings;

public class AttachmentSnifferTests
{
    private const long Limit = 1024 * 1024;

    private static byte[] With(byte[] head, int size = 64)
    {
        var b = new byte[Math.Max(size, head.Length)];
        head.CopyTo(b, 0);
        return b;
    }

    public static byte[] Zip(params string[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in entries)
                using (var w = new StreamWriter(zip.CreateEntry(e).Open())) w.Write("<x/>");
        return ms.ToArray();
    }

    [Fact]
    public void Photos_pdf_and_word_are_recognised_by_content()
    {
        AttachmentSniffer.Check(With([0xFF, 0xD8, 0xFF, 0xE0]), Limit).Kind.ShouldBe(AttachmentSniffer.Jpeg);
        AttachmentSniffer.Check(With([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Limit).Kind.ShouldBe(AttachmentSniffer.Png);
        AttachmentSniffer.Check(With(Encoding.ASCII.GetBytes("%PDF-1.7\n")), Limit).Kind.ShouldBe(AttachmentSniffer.Pdf);
        AttachmentSniffer.Check(With([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), Limit).Kind.ShouldBe(AttachmentSniffer.Doc);
        AttachmentSniffer.Check(Zip("[Content_Types].xml", "word/document.xml"), Limit).Kind.ShouldBe(AttachmentSniffer.Docx);
    }

    [Fact]
    public void An_executable_is_refused_whatever_it_is_called()
    {
        var (kind, error) = AttachmentSniffer.Check(With("MZ"u8.ToArray()), Limit);
        kind.ShouldBeNull();
        error!.ShouldContain("可执行程序");
        AttachmentSniffer.Check(With([0x7F, 0x45, 0x4C, 0x46]), Limit).Error!.ShouldContain("可执行程序");
    }

    [Fact]
    public void A_zip_that_is_not_a_word_document_is_refused()
    {
        AttachmentSniffer.Check(Zip("xl/workbook.xml"), Limit).Kind.ShouldBeNull();
        AttachmentSniffer.Check(With("PK\x03\x04garbage"u8.ToArray()), Limit).Kind.ShouldBeNull();
    }

    [Fact]
    public void Html_and_text_are_refused()
    {
        AttachmentSniffer.Check(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), Limit).Error.ShouldBe(AttachmentSniffer.Accepted);
        AttachmentSniffer.Check(Encoding.UTF8.GetBytes("GIF89a"), Limit).Kind.ShouldBeNull();
    }

    [Fact]
    public void Oversized_and_empty_files_are_refused()
    {
        AttachmentSniffer.CheckSize(Limit + 1, Limit)!.ShouldContain("文件过大");
        AttachmentSniffer.CheckSize(Limit, Limit).ShouldBeNull();
        AttachmentSniffer.CheckSize(0, Limit).ShouldBe("请选择要上传的文件");
        AttachmentSniffer.Check(With([0xFF, 0xD8, 0xFF], (int)Limit + 1), Limit).Error!.ShouldContain("文件过大");
    }

    [Theory]
    [InlineData("会议照片.jpg", "会议照片.jpg")]
    [InlineData("会议照片.JPEG", "会议照片.jpeg")]
    [InlineData("木马.exe", "木马.jpg")]
    [InlineData("../../etc/passwd", "passwd.jpg")]
    [InlineData("C:\\temp\\a\"b<c>.jpg", "abc.jpg")]
    [InlineData("", "附件.jpg")]
    public void Stored_names_are_safe_and_carry_the_recognised_extension(string name, string expected) =>
        AttachmentSniffer.SafeName(name, AttachmentSniffer.Jpeg).ShouldBe(expected);
}
