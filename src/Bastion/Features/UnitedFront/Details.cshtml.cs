using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>
/// One 党外人士 with the contact log (联谊交友) and the change history. The route id is a person: the page is
/// authorized against the record's own organization (403 outside the caller's scope, 404 when missing); logging or
/// deleting a contact needs UnitedFrontManage there as well.
/// </summary>
[Require(Permission.UnitedFrontRead, From = OrgFrom.Record, Record = typeof(UnitedFrontPerson))]
public sealed class DetailsModel(AppDbContext db, UserContext user, RecordUnitedFrontContact record, DeleteUnitedFrontContact delete, TimeProvider clock) : PageModel
{
    public UnitedFrontPerson Person { get; private set; } = null!;
    public Organization Org { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool FullPersonalData { get; private set; }
    public string Phone { get; private set; } = "";
    public IReadOnlyList<GetUnitedFrontPerson.Contact> Contacts { get; private set; } = [];
    public IReadOnlyList<GetUnitedFrontPerson.Change> History { get; private set; } = [];
    public DateOnly Today => clock.Today();
    [BindProperty] public ContactInput Contact { get; set; } = new();
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, int? created, int? updated)
    {
        if (await LoadPersonAsync(id, manage: false) is { } denied) return denied;
        Message = created == 1 ? "已新增党外人士信息。" : updated == 1 ? "已保存修改。" : null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostContactAsync(long id)
    {
        if (await LoadPersonAsync(id, manage: true) is { } denied) return denied;
        var r = await record.Handle(Person, Contact, user.UserName ?? "", HttpContext.RequestAborted);
        if (r.IsOk)
        {
            Message = "已记录联谊交友情况。";
            Contact = new ContactInput();
        }
        else Errors = r.Errors!.ToDictionary();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteContactAsync(long id, long contactId)
    {
        if (await LoadPersonAsync(id, manage: true) is { } denied) return denied;
        if ((await delete.Handle(Person, contactId, HttpContext.RequestAborted)).ToStatusPage() is { } missing) return missing;
        Message = "已删除该条联谊记录。";
        await LoadAsync();
        return Page();
    }

    /// <summary>The person (already authorized for reading by the attribute); changes need UnitedFrontManage on its organization.</summary>
    private async Task<IActionResult?> LoadPersonAsync(long id, bool manage)
    {
        var ct = HttpContext.RequestAborted;
        Org = user.CurrentOrg!;
        if (manage && !await user.HasAsync(Permission.UnitedFrontManage, Org, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        // read again with the organization: deleted or moved since the attribute authorized it → gone for this request
        var person = await db.Set<UnitedFrontPerson>().FirstOrDefaultAsync(p => p.Id == id && p.OrgId == Org.Id, ct);
        if (person is null) return NotFound();
        Person = person;
        return null;
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanManage = await user.HasAsync(Permission.UnitedFrontManage, Org, ct);
        FullPersonalData = await user.HasAsync(Permission.PersonalDataFull, Org, ct);
        Phone = UnitedFrontRules.DisplayPhone(Person.Phone, FullPersonalData);
        if (FullPersonalData && Person.Phone is not null) await UnitedFrontScope.AuditFullViewAsync(db, Person, "details", ct);
        Contacts = await GetUnitedFrontPerson.ContactsAsync(db, Person.Id, ct);
        History = await GetUnitedFrontPerson.HistoryAsync(db, Person.Id, ct: ct);
        Contact.ContactDate ??= Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
