namespace Bastion.Features.Meetings;

/// <summary>
/// Recognises a meeting attachment by its content (magic bytes), never by its name or declared type: photos
/// (JPEG, PNG), PDF, and Word (.docx: a zip holding word/document.xml; .doc: an OLE compound file).
/// </summary>
public static class AttachmentSniffer
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    public sealed record Kind(string ContentType, string Extension, string Label);

    public static readonly Kind Jpeg = new("image/jpeg", ".jpg", "照片");
    public static readonly Kind Png = new("image/png", ".png", "照片");
    public static readonly Kind Pdf = new("application/pdf", ".pdf", "PDF");
    public static readonly Kind Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word");
    public static readonly Kind Doc = new("application/msword", ".doc", "Word");

    public const string Accepted = "只能上传照片（JPEG、PNG）、PDF 或 Word 文档（.docx、.doc），按文件内容识别，改扩展名无效";

    /// <summary>The kind of the file, or a Chinese message saying why it is refused.</summary>
    public static (Kind? Kind, string? Error) Check(ReadOnlySpan<byte> b, long maxBytes)
    {
        if (CheckSize(b.Length, maxBytes) is { } size) return (null, size);
        if (b.StartsWith("MZ"u8) || b.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]) || b.StartsWith("#!"u8))
            return (null, "该文件是可执行程序，不能作为附件上传（" + Accepted + "）");
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return (Jpeg, null);
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return (Png, null);
        if (b.StartsWith("%PDF-"u8)) return (Pdf, null);
        if (Web.OfficeFiles.IsOle(b)) return (Doc, null);
        if (Web.OfficeFiles.IsWordPackage(b)) return (Docx, null);
        return (null, Accepted);
    }

    /// <summary>Reads an uploaded file, refused by its declared length before anything large is read (its kind is not checked here).</summary>
    public static async Task<(byte[]? Bytes, string? Error)> ReadAsync(IFormFile? file, long maxBytes, CancellationToken ct)
    {
        if (file is null) return (null, "请选择要上传的文件");
        if (CheckSize(file.Length, maxBytes) is { } size) return (null, size);
        using var buffer = new MemoryStream((int)file.Length);
        await using (var s = file.OpenReadStream()) await s.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), null);
    }

    /// <summary>Sends a stored file as a download that browsers never render inline, sniff or cache.</summary>
    public static IResult Download(HttpContext http, byte[] data, string contentType, string fileName)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(data, contentType, fileName);
    }

    /// <summary>Refuses an empty file or one above the limit before it is read.</summary>
    public static string? CheckSize(long length, long maxBytes) =>
        length <= 0 ? "请选择要上传的文件"
        : length > maxBytes ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"文件过大：单个附件不超过 {Mb(maxBytes)}（该文件约 {Mb(length)}）")
        : null;

    private static string Mb(long bytes) => bytes >= 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");

    /// <summary>A safe file name to store and offer for download: no path, no control characters, the extension of the recognised kind.</summary>
    public static string SafeName(string? name, Kind kind)
    {
        var n = Path.GetFileName((name ?? "").Replace('\\', '/').Split('/')[^1]);
        n = new string(n.Where(ch => !char.IsControl(ch) && ch is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim();
        var stem = Path.GetFileNameWithoutExtension(n);
        if (string.IsNullOrWhiteSpace(stem)) stem = "附件";
        var ext = Path.GetExtension(n).ToLowerInvariant();
        var keepExt = ext == kind.Extension || (kind == Jpeg && ext == ".jpeg");
        var result = stem + (keepExt ? ext : kind.Extension);
        return result.Length <= 200 ? result : stem[..(200 - kind.Extension.Length)] + kind.Extension;
    }
}
