using System.IO.Compression;

namespace Bastion.Web;

/// <summary>
/// The Office file signatures, recognised by content, never by name: the one place that knows them (meeting attachments,
/// roster and meeting imports). .xlsx/.docx are OOXML packages, i.e. zip files (local file header <c>PK\x03\x04</c>);
/// .xls/.doc are OLE compound files (<c>D0 CF 11 E0 A1 B1 1A E1</c>).
/// </summary>
public static class OfficeFiles
{
    /// <summary>The first bytes of a zip file (an .xlsx, .docx …).</summary>
    public static ReadOnlySpan<byte> ZipSignature => "PK\x03\x04"u8;

    /// <summary>The first bytes of an OLE compound file (an .xls, .doc …).</summary>
    public static ReadOnlySpan<byte> OleSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>True when the file starts like a zip package (.xlsx, .docx).</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith(ZipSignature);

    /// <summary>True when the file starts like an OLE compound file (.xls, .doc).</summary>
    public static bool IsOle(ReadOnlySpan<byte> head) => head.StartsWith(OleSignature);

    /// <summary>A zip package holding the main part of a Word document (.docx).</summary>
    public static bool IsWordPackage(ReadOnlySpan<byte> file) => IsZip(file) && HasPart(file, "word/document.xml");

    private static bool HasPart(ReadOnlySpan<byte> file, string part)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(file.ToArray(), writable: false), ZipArchiveMode.Read);
            return zip.GetEntry(part) is not null;
        }
        catch (InvalidDataException) { return false; }
    }
}
