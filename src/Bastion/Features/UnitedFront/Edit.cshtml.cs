using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>Edits a record; authorized against the record's own organization (the route id is a person, not an organization).</summary>
[Require(Permission.UnitedFrontManage, From = OrgFrom.Record, Record = typeof(UnitedFrontPerson))]
public sealed class EditModel(AppDbContext db, UserContext user, UpdateUnitedFrontPerson update) : PageModel
{
    [BindProperty] public PersonInput Input { get; set; } = new();
    public UnitedFrontPerson Person { get; private set; } = null!;
    public Organization Org { get; private set; } = null!;
    public PersonForm Form { get; private set; } = null!;
    private bool _full;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = PersonInput.From(Person, _full);
        if (_full && Person.Phone is not null) await UnitedFrontScope.AuditFullViewAsync(db, Person, "edit", HttpContext.RequestAborted);
        Form = NewForm(new Dictionary<string, string[]>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var r = await update.Handle(Person, Input, keepPhoneWhenBlank: !_full, HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/UnitedFront/Details/{id}?updated=1");
        Form = NewForm(r.Errors!.ToDictionary());
        return Page();
    }

    /// <summary>
    /// The person, whose organization the attribute authorized (the current organization); false when the record was
    /// deleted or moved to another organization since (read again with the organization, never trusted from before).
    /// </summary>
    private async Task<bool> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Org = user.CurrentOrg!;
        var person = await db.Set<UnitedFrontPerson>().FirstOrDefaultAsync(p => p.Id == id && p.OrgId == Org.Id, ct);
        if (person is null) return false;
        Person = person;
        _full = await user.HasAsync(Permission.PersonalDataFull, Org, ct);
        return true;
    }

    private PersonForm NewForm(IDictionary<string, string[]> errors) =>
        new(Input, errors, null, _full ? "手机或固定电话" : $"当前 {Domain.Masking.Phone(Person.Phone)}，不修改请留空", "保存修改", $"/UnitedFront/Details/{Person.Id}");
}
