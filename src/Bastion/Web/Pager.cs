namespace Bastion.Web;

/// <summary>Page numbers for lists: 1-based, clamped, keeps the other query values in its links.</summary>
public sealed class Pager
{
    public int Page { get; }
    public int Size { get; }
    public int Total { get; }
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public int Skip => (Page - 1) * Size;
    private readonly IQueryCollection _query;

    public Pager(int page, int size, int total, IQueryCollection query)
    {
        Size = Math.Max(1, size);
        size = Size;
        Total = total;
        _query = query;
        Page = Math.Clamp(page, 1, Math.Max(1, (total + size - 1) / size));
    }

    public string Link(int page)
    {
        var parts = _query.Where(kv => !string.Equals(kv.Key, "p", StringComparison.OrdinalIgnoreCase)).SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        return "?" + string.Join("&", parts.Append("p=" + page));
    }
}
