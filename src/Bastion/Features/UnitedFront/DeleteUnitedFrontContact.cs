using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>Removes one entry from a 党外人士's contact log (the audit trail keeps what it said).</summary>
public sealed class DeleteUnitedFrontContact(AppDbContext db)
{
    /// <summary>The caller authorized the person for UnitedFrontManage; NotFound when the entry is not in that person's log.</summary>
    public async Task<Result> Handle(UnitedFrontPerson person, long contactId, CancellationToken ct = default)
    {
        var entry = await db.Set<UnitedFrontContact>().FirstOrDefaultAsync(c => c.Id == contactId && c.PersonId == person.Id, ct);
        if (entry is null) return Result.NotFound();
        db.Set<UnitedFrontContact>().Remove(entry);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
