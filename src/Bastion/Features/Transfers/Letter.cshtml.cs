using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// The Word 介绍信 of an outward transfer ({id} is the transfer). It prints the full ID number, so it needs
/// MemberManage on the sending organization and every download is audited as a full view of personal data.
/// </summary>
[Require(Permission.MemberManage, From = OrgFrom.Record, Record = typeof(MemberTransfer))]
public sealed class LetterModel(AppDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var t = await db.MemberTransfers.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        if (t.Kind != TransferKind.转出 || t.State != TransferState.已转出) return NotFound();
        var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == t.MemberId, ct);
        var issuer = await db.Organizations.AsNoTracking().Where(o => o.Id == t.IssuingOrgId).Select(o => o.Name).FirstAsync(ct);
        await PersonalData.RecordFullViewAsync(db, m, "transfer-letter " + t.LetterNo, ct);
        var bytes = TransferLetterDocument.Write(new TransferLetterDocument.Content(
            t.LetterNo!, m.Name, m.Gender, MemberRules.Age(m.BirthDate, t.LetterDate!.Value), m.Ethnicity, m.Category, m.IdNumber, m.Phone,
            t.FromOrgName, t.ToOrgName, issuer, t.DuesPaidTo!.Value, t.LetterDate.Value, t.ValidDays!.Value));
        return File(bytes, TransferLetterDocument.ContentType, TransferLetterDocument.FileName(t.LetterNo!));
    }
}
