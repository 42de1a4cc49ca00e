using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// Confidentiality of findings for the signed-in account: how it stands towards an inspected organization
/// (<see cref="InspectionRules.ViewerFrom"/>) and whether it may read a finding (<see cref="InspectionRules.CanRead"/>).
/// A clue read (or refused) writes an audit row, added to the context for the caller's save.
/// </summary>
public sealed class InspectionAccess(AppDbContext db, UserContext user)
{
    public async Task<InspectionViewer> ViewerAsync(long inspectedOrgId, CancellationToken ct)
    {
        var path = await db.Organizations.AsNoTracking().Where(o => o.Id == inspectedOrgId).Select(o => o.Path).FirstAsync(ct);
        return InspectionRules.ViewerFrom(await user.GrantsAsync(ct), inspectedOrgId, path);
    }

    /// <summary>The phase an inspected organization is in.</summary>
    public Task<InspectionPhase> PhaseAsync(long targetId, CancellationToken ct) =>
        db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == targetId).Select(t => t.Phase).FirstAsync(ct);

    /// <summary>The signed-in account's display name (its user name when it has none).</summary>
    public async Task<string> MyNameAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == user.UserId).Select(u => u.DisplayName == "" ? u.UserName! : u.DisplayName).FirstOrDefaultAsync(ct) ?? user.UserName ?? "";

    /// <summary>Whether the account may read the finding; a clue read or refused is audited (saved here).</summary>
    public async Task<bool> CanReadAsync(InspectionFinding f, CancellationToken ct)
    {
        var phase = await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == f.TargetId).Select(t => t.Phase).FirstAsync(ct);
        var ok = InspectionRules.CanRead(await ViewerAsync(f.OrgId, ct), f.Category, f.State, phase);
        if (InspectionRules.IsClue(f.Category) || !ok)
        {
            AuditEvents.Add(db, InspectionRules.IsClue(f.Category) ? "inspection.clue.read" : "inspection.finding.read", "inspection_findings", f.Id, f.OrgId,
                new { finding = f.Id, category = f.Category.ToString() }, ok ? "success" : "denied");
            await db.SaveChangesAsync(ct);
        }
        return ok;
    }
}
