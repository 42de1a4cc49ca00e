using Bastion.Data;
using Bastion.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Ledger;

/// <summary>
/// The filters shared by /Ledger, its export and /Ledger/Print: the view (我的事项, 本组织及下级, 已逾期, 7日内到期) and
/// source, state and text. Accounts without LedgerRead see only their own items.
/// </summary>
public abstract class LedgerListPage(AppDbContext db, LedgerAccess access, TimeProvider clock) : PageModel
{
    public static readonly (string Key, string Title)[] Views = [("mine", "我的事项"), ("org", "本组织及下级"), ("overdue", "已逾期"), ("due7", "7日内到期")];

    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public long? Org { get; set; }

    /// <summary>The organization whose subtree "本组织及下级" shows (null when the account holds no LedgerRead).</summary>
    public Organization? Root { get; private set; }
    public DateOnly Today { get; private set; }
    public string ViewKey { get; private set; } = "mine";
    public string ViewTitle => Views.First(v => v.Key == ViewKey).Title;

    protected async Task<IQueryable<LedgerItem>> QueryAsync(CancellationToken ct)
    {
        Today = ChineseDates.DayOf(clock.GetUtcNow());
        Root = await access.ReadableOrgAsync(Org, ct);
        ViewKey = Views.Any(v => v.Key == View) ? View! : Root is null ? "mine" : "org";
        if (ViewKey == "org" && Root is null) ViewKey = "mine";
        var filter = new ListLedgerItems.Filter(
            ViewKey == "mine" ? null : Root, ListLedgerItems.Source(Source), ListLedgerItems.State(State),
            ViewKey == "overdue" ? true : null, ViewKey == "due7", ViewKey == "mine", Q);
        return ListLedgerItems.Query(db, await access.VisibleAsync(ct), filter, Today, access.UserId);
    }

    /// <summary>A link keeping the filters, with some values replaced (null removes one).</summary>
    public string Link(string path, params (string Key, string? Value)[] set)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["view"] = ViewKey, ["source"] = Source, ["state"] = State, ["q"] = Q, ["org"] = Org?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["layout"] = Request.Query["layout"].ToString(),
        };
        foreach (var (k, v) in set) values[k] = v;
        var parts = values.Where(kv => !string.IsNullOrEmpty(kv.Value)).Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value!));
        var qs = string.Join("&", parts);
        return qs.Length == 0 ? path : path + "?" + qs;
    }
}
