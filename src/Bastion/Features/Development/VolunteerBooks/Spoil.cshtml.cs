using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>登记作废/遗失: the committee's administrator registers a 志愿书 number spoiled or lost, after seeing whose it is.</summary>
[Require(Permission.DevelopmentApprove)]
public sealed class SpoilModel(AppDbContext db, UserContext user, SpoilVolunteerBookNumber spoil, TimeProvider clock) : PageModel
{
    public sealed class SpoilInput
    {
        public string? Number { get; set; }
        public VolunteerBookLoss? Kind { get; set; }
        public string? Reason { get; set; }
        public DateOnly? On { get; set; }
        public bool FormReturned { get; set; }
        public DateOnly? ReturnedOn { get; set; }
        public bool Reissue { get; set; } = true;
    }

    /// <summary>The number's state as the form shows it before the confirmation.</summary>
    public sealed record NumberState(string Number, string Org, string? HolderName, DateOnly? UsedOn, string? AlreadySpoiled);

    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty] public SpoilInput Input { get; set; } = new();

    public Organization Org => user.CurrentOrg!;
    public NumberState? State { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? FormError { get; private set; }
    public DateOnly Today => clock.Today();
    /// <summary>A number as this 党委's ranges print it (the placeholder of the number field).</summary>
    public string Example { get; private set; } = "粤2026-001";

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    public async Task OnGetAsync()
    {
        await ExampleAsync();
        Input = new SpoilInput { Number = Number, On = Today };
        await LoadAsync(Number);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var r = await spoil.Handle(Org, new SpoilVolunteerBookNumber.Request(Input.Number, Input.Kind?.ToString(), Input.Reason, Input.On, Input.FormReturned,
            Input.FormReturned ? Input.ReturnedOn : null, Input.Reissue), ct);
        if (r.IsOk) return Redirect($"/Development/VolunteerBooks?tab=spoiled&org={Org.Id}&spoiled={r.Value.Spoiled.Id}");
        Errors = r.Status.Errors?.ToDictionary() ?? new Dictionary<string, string[]>();
        if (Errors.Remove("volunteerBookNo", out var reissue)) FormError = reissue[0];
        FormError ??= r.Status.Errors is null ? r.Status.FirstMessage : null;
        db.ChangeTracker.Clear();
        await ExampleAsync();
        await LoadAsync(Input.Number);
        return Page();
    }

    private async Task ExampleAsync()
    {
        var first = await ListVolunteerBookRanges.Query(db, Org).OrderBy(r => r.IssuedOn).ThenBy(r => r.Id).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (first is not null) Example = VolunteerBookRules.Format(first, first.StartNumber);
    }

    private async Task LoadAsync(string? number)
    {
        var ct = HttpContext.RequestAborted;
        if (string.IsNullOrWhiteSpace(number)) return;
        var ranges = await ListVolunteerBookRanges.Query(db, Org).ToListAsync(ct);
        if (VolunteerBookRules.Find(number, ranges) is not var (range, n)) return;
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == range.OrgId).Select(o => o.Name).FirstAsync(ct);
        var use = await db.VolunteerBookUses.AsNoTracking().FirstOrDefaultAsync(u => u.RangeId == range.Id && u.Number == n, ct);
        var spoiled = await db.VolunteerBookSpoils.AsNoTracking().FirstOrDefaultAsync(s => s.RangeId == range.Id && s.Number == n, ct);
        State = new NumberState(VolunteerBookRules.Format(range, n), org, use?.PersonName, use?.UsedOn,
            spoiled is null ? null : $"已于{ChineseDates.Date(spoiled.SpoiledOn)}登记{spoiled.Kind}");
    }
}
