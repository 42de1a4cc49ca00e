using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;

namespace Bastion.Features.Members;

/// <summary>Full (unmasked) views of personal data are written to the audit trail.</summary>
public static class PersonalData
{
    public static async Task RecordFullViewAsync(AppDbContext db, Member m, string via, CancellationToken ct)
    {
        AuditEvents.Add(db, "personal.view_full", "members", m.Id, m.OrgId, new { via, name = m.Name });
        await db.SaveChangesAsync(ct);
    }
}
