namespace Bastion.Web;

/// <summary>Page numbers for lists: 1-based, clamped, keeps the other query values in its links.</summary>
public sealed class Pager
{
    public int Page { get; }
    public int Size { get; }
    public int Total { get; }
    public int Pages => PagesOf(Total, Size);
    public int Skip => (Page - 1) * Size;
    private readonly IQueryCollection _query;

    public Pager(int page, int size, int total, IQueryCollection query)
    {
        var w = Window(page, size, total, size, int.MaxValue);
        Size = w.Size;
        Page = w.Page;
        Total = total;
        _query = query;
    }

    public string Link(int page)
    {
        var parts = _query.Where(kv => !string.Equals(kv.Key, "p", StringComparison.OrdinalIgnoreCase)).SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        return "?" + string.Join("&", parts.Append("p=" + page));
    }

    /// <summary>One page of a list: its number and size, and the rows to skip.</summary>
    public readonly record struct PageWindow(int Page, int Size)
    {
        public int Skip => (Page - 1) * Size;
    }

    /// <summary>
    /// THE paging calculation of every list (pages and API): the size clamped to 1..<paramref name="maxSize"/> (missing: the
    /// default), the page to 1..the last page (missing, zero or negative: 1; int.MaxValue: the last page), so the offset
    /// (page − 1) × size never exceeds the row count and never overflows.
    /// </summary>
    public static PageWindow Window(int? page, int? size, int total, int defaultSize = 20, int maxSize = 200)
    {
        var s = Math.Clamp(size ?? defaultSize, 1, Math.Max(1, maxSize));
        return new(Math.Clamp(page ?? 1, 1, PagesOf(total, s)), s);
    }

    private static int PagesOf(int total, int size) => (int)Math.Max(1, (Math.Max(0L, total) + size - 1) / Math.Max(1, size));
}
