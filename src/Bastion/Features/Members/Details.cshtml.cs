using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

[Require(Permission.MemberRead, From = OrgFrom.Record, Record = typeof(Member))]
[UploadLimit(MemberRecordRules.PhotoMaxBytes)]
public sealed partial class DetailsModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    /// <summary>The account linked to the member (shown to those who manage the member).</summary>
    public sealed record LinkedAccount(string? UserName, bool IsDisabled);

    public LinkedAccount? Account { get; private set; }
    public Member Entity { get; private set; } = null!;
    public MemberRow Member { get; private set; } = null!;
    public IReadOnlyList<MemberChange> Changes { get; private set; } = [];
    public bool CanSeeFull { get; private set; }
    public bool CanManage { get; private set; }
    /// <summary>Whether the viewer may open the member's 党费 page (category, base, months).</summary>
    public bool CanSeeDues { get; private set; }
    public bool DueForConfirmation { get; private set; }
    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, int? full)
    {
        var ct = HttpContext.RequestAborted;
        Entity = await db.Members.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        CanSeeFull = await user.HasAsync(Permission.PersonalDataFull, user.CurrentOrg, ct);
        CanManage = await user.HasAsync(Permission.MemberManage, user.CurrentOrg, ct);
        CanSeeDues = await user.HasAsync(Permission.DuesRead, user.CurrentOrg, ct);
        if (full == 1 && !CanSeeFull) return StatusCode(StatusCodes.Status403Forbidden);
        var showFull = full == 1;
        if (showFull) await PersonalData.RecordFullViewAsync(db, Entity, "page", ct);
        var today = clock.Today();
        Member = MemberQuery.ToRow(Entity, user.CurrentOrg!.Name, showFull, today);
        DueForConfirmation = MemberRules.IsDueForConfirmation(Entity.Category, Entity.JoinedAt, Entity.ProbationExtensionMonths, today);
        Changes = await db.MemberChanges.AsNoTracking().Where(c => c.MemberId == id).OrderByDescending(c => c.Id).ToListAsync(ct);
        if (CanManage)
            Account = await db.Users.AsNoTracking().Where(u => u.MemberId == id).Select(u => new LinkedAccount(u.UserName, u.IsDisabled)).FirstOrDefaultAsync(ct);
        await LoadRecordAsync(ct); // record tabs: Details.Record.cs
        return Page();
    }
}
