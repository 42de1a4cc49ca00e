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
        await LoadAsync(id);
        Input = PersonInput.From(Person, _full);
        if (_full && Person.Phone is not null) await UnitedFrontScope.AuditFullViewAsync(db, Person, "edit", HttpContext.RequestAborted);
        Form = NewForm(new Dictionary<string, string[]>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await LoadAsync(id);
        var errors = await update.Handle(Person, Input, keepPhoneWhenBlank: !_full, HttpContext.RequestAborted);
        if (errors is null) return Redirect($"/UnitedFront/Details/{id}?updated=1");
        Form = NewForm(errors);
        return Page();
    }

    /// <summary>The person, whose organization the attribute authorized (the current organization).</summary>
    private async Task LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Org = user.CurrentOrg!;
        Person = await db.Set<UnitedFrontPerson>().FirstAsync(p => p.Id == id, ct);
        _full = await user.HasAsync(Permission.PersonalDataFull, Org, ct);
    }

    private PersonForm NewForm(IDictionary<string, string[]> errors) =>
        new(Input, errors, null, _full ? "手机或固定电话" : $"当前 {Domain.Masking.Phone(Person.Phone)}，不修改请留空", "保存修改", $"/UnitedFront/Details/{Person.Id}");
}
