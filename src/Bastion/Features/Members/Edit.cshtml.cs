using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// Edits a member record. The ID number and phone are shown in full only to accounts that may see personal data
/// (and that view is audited); others see them masked, and a masked value posted back keeps the stored one.
/// </summary>
[Require(Permission.MemberManage, From = OrgFrom.Record, Record = typeof(Member))]
public sealed class EditModel(AppDbContext db, SaveMember save, UserContext user) : PageModel
{
    [BindProperty] public MemberForm Form { get; set; } = new();
    public long Id { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(long id)
    {
        Id = id;
        var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == id);
        Form = MemberForm.From(m);
        if (await user.HasAsync(Permission.PersonalDataFull, user.CurrentOrg))
            await PersonalData.RecordFullViewAsync(db, m, "edit", HttpContext.RequestAborted);
        else
        {
            Form.IdNumber = Masking.IdNumber(m.IdNumber);
            Form.Phone = Masking.Phone(m.Phone);
        }
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        Id = id;
        var r = await save.UpdateAsync(id, new SaveMember.Request(Form.ToInput(), Form.ChangeReason), HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = r.Status.Errors!.ToDictionary(); return Page(); }
        return Redirect($"/Members/Details/{id}?saved=1");
    }
}
