using Bastion.Web;
using Microsoft.AspNetCore.Mvc;

namespace Bastion.Features.Dues.Months;

/// <summary>One dues sheet: its name and its header row, defined once for the API endpoint and the page download.</summary>
public sealed record DuesSheet(string Name, IReadOnlyList<string> Headers);

/// <summary>
/// A dues export ready to be written: the file name, its sheet and its rows (read from the database as they are written).
/// Both the API endpoint and the page handler send it with <see cref="OpenAsync"/> (<see cref="Xlsx"/>, the one streaming writer).
/// </summary>
public sealed record DuesExportFile(string FileName, DuesSheet Sheet, IAsyncEnumerable<IReadOnlyList<object?>> Rows)
{
    /// <summary>The workbook streamed into a temporary file, positioned at its start for the response.</summary>
    public Task<Stream> OpenAsync(CancellationToken ct) => Xlsx.StreamAsync(Sheet.Name, Sheet.Headers, Rows, ct);

    /// <summary>The page download: the workbook as the response, under its file name.</summary>
    public async Task<FileStreamResult> ToFileAsync(CancellationToken ct) => new(await OpenAsync(ct), Xlsx.ContentType) { FileDownloadName = FileName };

    /// <summary>The API answer: the workbook, or the use case's status as ProblemDetails.</summary>
    public static async Task<IResult> SendAsync(Result<DuesExportFile> r, CancellationToken ct) =>
        r.IsOk ? Results.File(await r.Value.OpenAsync(ct), Xlsx.ContentType, r.Value.FileName) : r.Status.ToHttp();
}
