using System.IO.Compression;
using Bastion.Web;

namespace Bastion.Tests.Web;

public class OfficeFilesTests
{
    private static byte[] Zip(params string[] parts)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var p in parts)
                using (var w = new StreamWriter(zip.CreateEntry(p).Open())) w.Write("<x/>");
        return ms.ToArray();
    }

    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];

    [Fact]
    public void Zip_packages_and_ole_compound_files_are_told_apart_by_their_first_bytes()
    {
        OfficeFiles.IsZip(Zip("xl/workbook.xml")).ShouldBeTrue();
        OfficeFiles.IsOle(Zip("xl/workbook.xml")).ShouldBeFalse();
        OfficeFiles.IsOle(Ole).ShouldBeTrue();
        OfficeFiles.IsZip(Ole).ShouldBeFalse();
        OfficeFiles.IsZip("PK\x03"u8).ShouldBeFalse("too short");
        OfficeFiles.IsOle(Ole.AsSpan(0, 7)).ShouldBeFalse("too short");
        OfficeFiles.IsZip("%PDF-1.7"u8).ShouldBeFalse();
    }

    [Fact]
    public void A_word_package_is_a_zip_with_the_main_document_part()
    {
        OfficeFiles.IsWordPackage(Zip("word/document.xml")).ShouldBeTrue();
        OfficeFiles.IsWordPackage(Zip("xl/workbook.xml")).ShouldBeFalse();
        OfficeFiles.IsWordPackage([.. "PK\x03\x04"u8, 1, 2, 3]).ShouldBeFalse("a broken zip");
    }

    [Fact]
    public void The_attachment_sniffer_and_the_roster_reader_use_the_same_signatures()
    {
        Bastion.Features.Meetings.AttachmentSniffer.Check(Ole, 1024).Kind.ShouldBe(Bastion.Features.Meetings.AttachmentSniffer.Doc);
        Bastion.Features.Meetings.AttachmentSniffer.Check(Zip("word/document.xml"), 1024 * 1024).Kind.ShouldBe(Bastion.Features.Meetings.AttachmentSniffer.Docx);
        Bastion.Features.Members.Import.RosterReader.Check(new MemoryStream("not excel"u8.ToArray())).ShouldBe("文件不是Excel文件（应为 .xlsx 或 .xls）");
    }
}
