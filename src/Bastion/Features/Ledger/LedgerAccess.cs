using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>
/// Who may see a ledger item: the accounts holding LedgerRead over its responsible organization (the one subtree
/// filter), plus its parties — 责任人, 验收人 and 交办人 — wherever they sit. Only parties act; the state machine decides what.
/// </summary>
public sealed class LedgerAccess(AppDbContext db, UserContext user)
{
    public long UserId => user.UserId ?? 0;

    /// <summary>Items the caller may see (not tracked).</summary>
    public async Task<IQueryable<LedgerItem>> VisibleAsync(CancellationToken ct = default)
    {
        var uid = UserId;
        var orgIds = (await db.OrganizationsFor(user, Permission.LedgerRead, ct)).Select(o => o.Id);
        return db.Set<LedgerItem>().AsNoTracking()
            .Where(i => orgIds.Contains(i.OrgId) || i.OwnerUserId == uid || i.VerifierUserId == uid || i.CreatedByUserId == uid);
    }

    public static LedgerParty PartyOf(LedgerItem i, long userId) =>
        (i.OwnerUserId == userId ? LedgerParty.Owner : LedgerParty.None)
        | (i.VerifierUserId == userId ? LedgerParty.Verifier : LedgerParty.None)
        | (i.CreatedByUserId == userId ? LedgerParty.Requester : LedgerParty.None);

    public sealed record View(LedgerParty Party, bool CanRead, bool CanManage);

    /// <summary>How the caller relates to the item: party flags, whether it may read it, whether it manages its organization.</summary>
    public async Task<View> ViewOfAsync(LedgerItem item, CancellationToken ct = default)
    {
        var party = PartyOf(item, UserId);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == item.OrgId, ct);
        var read = party != LedgerParty.None || await user.HasAsync(Permission.LedgerRead, org, ct);
        var manage = org is not null && await user.HasAsync(Permission.LedgerManage, org, ct);
        return new View(party, read, manage);
    }

    /// <summary>The organization a list is narrowed to: the requested one (or the switcher's) when the caller holds LedgerRead on it; null otherwise.</summary>
    public async Task<Organization?> ReadableOrgAsync(long? orgId, CancellationToken ct = default)
    {
        Organization? org = null;
        if (orgId is { } id) org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        org ??= user.CurrentOrg;
        if (org is not null && await user.HasAsync(Permission.LedgerRead, org, ct)) return org;
        return await db.FirstRootAsync(await user.ScopeRootsAsync(Permission.LedgerRead, ct), ct);
    }

    /// <summary>The display name of an account (its DisplayName, else its user name), clipped to the column.</summary>
    public static string NameOf(AppUser u, int max = 50)
    {
        var n = string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName ?? "" : u.DisplayName;
        return n.Length <= max ? n : n[..max];
    }

    public async Task<string> ActorNameAsync(CancellationToken ct = default)
    {
        var u = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.Id == UserId, ct);
        return u is null ? user.UserName ?? "system" : NameOf(u, 100);
    }
}
