using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Bastion.Features.Organizations;

/// <summary>The organization feature's tables on the shared context, and the lock every change of the tree takes.</summary>
public static class OrgDb
{
    /// <summary>Advisory lock key serialising changes of the tree's shape (create, move, merge, dissolve, rename).</summary>
    private const long TreeLockKey = AdvisoryLocks.OrganizationTree;

    extension(AppDbContext db)
    {
        public DbSet<OrgHistory> OrgHistories => db.Set<OrgHistory>();
        public DbSet<JointUnit> JointUnits => db.Set<JointUnit>();
        public DbSet<LiaisonLink> LiaisonLinks => db.Set<LiaisonLink>();
        public DbSet<GuidanceVisit> GuidanceVisits => db.Set<GuidanceVisit>();

        /// <summary>
        /// Starts the one transaction of a change to the tree: takes the tree lock (so two moves can never build a
        /// cycle and sibling names stay unique), then row locks on the organizations involved (so nobody adds a
        /// member or child to them meanwhile: those inserts wait on the foreign key). Load the rows after this.
        /// </summary>
        public async Task<IDbContextTransaction> BeginTreeChangeAsync(IEnumerable<long> orgIds, CancellationToken ct = default)
        {
            var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({TreeLockKey})", ct);
            var ids = orgIds.Distinct().ToArray();
            if (ids.Length > 0)
                await db.Database.ExecuteSqlAsync($"SELECT id FROM organizations WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", ct);
            return tx;
        }

        /// <summary>Adds a history row (组织沿革) for the change made at <paramref name="at"/>; saved with the change itself.</summary>
        public void AddHistory(AuditActor actor, long orgId, OrgHistoryAction action, string? oldValue, string? newValue,
            long? relatedOrgId, string reason, string? approvalNo, DateTimeOffset at) =>
            db.OrgHistories.Add(new OrgHistory
            {
                OrgId = orgId, Action = action, OldValue = Cut(oldValue, 300), NewValue = Cut(newValue, 300), RelatedOrgId = relatedOrgId,
                Reason = reason, ApprovalNo = string.IsNullOrWhiteSpace(approvalNo) ? null : approvalNo.Trim(),
                ActorId = actor.UserId, ActorName = actor.UserName, At = at,
            });

        /// <summary>True when an active sibling (same parent) other than <paramref name="exceptId"/> has the name.</summary>
        public Task<bool> SiblingNameTakenAsync(long? parentId, string name, long? exceptId, CancellationToken ct = default) =>
            db.Organizations.AnyAsync(o => o.ParentId == parentId && o.Name == name && o.Status == OrgStatus.正常 && o.Id != exceptId, ct);

        /// <summary>
        /// The one capability check for other modules: why the organization may not do it (e.g. "临时党支部不能发展党员"),
        /// or null when it may. See <see cref="OrgCapabilities"/>.
        /// </summary>
        public async Task<string?> CapabilityRefusalAsync(long orgId, OrgCapability capability, CancellationToken ct = default)
        {
            var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
            return org is null ? "组织不存在" : OrgCapabilities.Refusal(org, capability);
        }

        /// <summary>Moves a subtree in one UPDATE of every descendant's path (the organization itself is updated by the caller).</summary>
        public async Task<int> MoveDescendantsAsync(Organization org, string oldParentPath, string newParentPath, CancellationToken ct = default)
        {
            var oldPath = org.Path;
            return await db.Database.ExecuteSqlAsync($"""
                UPDATE organizations SET path = {newParentPath}::ltree || subpath(path, nlevel({oldParentPath}::ltree))
                WHERE path <@ {oldPath}::ltree AND id <> {org.Id}
                """, ct);
        }
    }

    private static string? Cut(string? s, int n) => s is null ? null : s.Length <= n ? s : s[..n];
}
