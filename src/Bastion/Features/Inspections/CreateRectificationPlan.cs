using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// 反馈 creates the inspected organization's rectification plan: every surface finding (not a clue) of the target
/// becomes one ledger item (source 立行立改 for findings marked so, else 整改) with a deadline, the inspected
/// organization's secretary as owner, the acting inspector as verifier and the inspection office as assessing
/// department. Adds to the context only; the caller saves in its transaction. Findings that already have items
/// are skipped, so it can be called again safely.
/// </summary>
public sealed class CreateRectificationPlan(AppDbContext db)
{
    public const string InspectionOffice = "巡察办";

    /// <summary>The number of ledger items created, or a Conflict saying why no plan can be made (nothing added then).</summary>
    public async Task<Result<int>> HandleAsync(InspectionTarget target, long verifierUserId, string verifierName, DateTimeOffset now, CancellationToken ct)
    {
        var round = await db.Set<InspectionRound>().AsNoTracking().FirstAsync(r => r.Id == target.RoundId, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == target.OrgId, ct);
        var owner = await InspectedSecretaryAsync(target.OrgId, verifierUserId, ct);
        if (owner is null)
            return Result.Conflict($"{org.Name}没有可以承担整改任务的书记或党委管理员账号（须授权在该组织本级），请先授权后再反馈");

        var findings = await db.Set<InspectionFinding>().AsNoTracking()
            .Where(f => f.TargetId == target.Id && f.Category != FindingCategory.问题线索)
            .Where(f => !db.Set<LedgerItem>().Any(i => i.FindingId == f.Id))
            .OrderBy(f => f.Id).ToListAsync(ct);
        var day = ChineseDates.DayOf(now);
        foreach (var f in findings)
        {
            var deadline = InspectionRules.RectificationDeadline(day, f.Immediate);
            var item = new LedgerItem
            {
                OrgId = target.OrgId,
                Source = f.Immediate ? LedgerSource.立行立改 : LedgerSource.整改,
                SourceRef = $"{round.Name}·{org.Name}",
                FindingId = f.Id,
                RoundId = round.Id,
                Title = f.Title,
                Description = f.AgreedWording ?? f.Expression ?? f.Facts,
                Deadline = deadline,
                OriginalDeadline = deadline,
                OwnerUserId = owner.Value.Id,
                OwnerName = owner.Value.Name,
                VerifierUserId = verifierUserId,
                VerifierName = verifierName,
                WorkStandard = string.IsNullOrWhiteSpace(f.Recommendation) ? "问题整改到位，建立长效机制，佐证材料齐全" : f.Recommendation!,
                AssessingDepartment = InspectionOffice,
                Priority = f.Immediate ? LedgerPriority.紧急 : LedgerPriority.重要,
                Tags = [InspectionRules.Display(f.Category)],
                CreatedAt = now,
                CreatedByUserId = verifierUserId,
                CreatedBy = verifierName,
            };
            db.Add(item);
            db.Add(new LedgerTransition
            {
                Item = item, Action = "create", ToState = LedgerState.待办, ActorUserId = verifierUserId, ActorName = verifierName, At = now,
                Reason = "巡察反馈，生成整改任务", DeadlineAfter = deadline,
            });
        }
        return findings.Count;
    }

    /// <summary>The account that owns the inspected organization's rectification: its leadership, a 书记 first (not the verifier).</summary>
    public async Task<(long Id, string Name)?> InspectedSecretaryAsync(long orgId, long notUserId, CancellationToken ct) =>
        (await InspectedLeadershipAsync(db, orgId, ct)).Where(l => l.Id != notUserId).Select(l => ((long Id, string Name)?)l).FirstOrDefault();

    /// <summary>
    /// The inspected organization's leadership: enabled accounts holding 支部书记 or 党委管理员 on that very organization
    /// (the grant-side twin of <see cref="InspectionViewer.InspectedLeadership"/>), 书记 first, each once.
    /// </summary>
    public static async Task<List<(long Id, string Name)>> InspectedLeadershipAsync(AppDbContext db, long orgId, CancellationToken ct) =>
        (await (from g in db.RoleGrants.AsNoTracking()
                join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                where g.OrgId == orgId && (g.Role == Role.BranchSecretary || g.Role == Role.OrgAdmin) && !u.IsDisabled
                orderby g.Role == Role.BranchSecretary ? 0 : 1, u.Id
                select new { u.Id, u.DisplayName, u.UserName }).ToListAsync(ct))
        .DistinctBy(u => u.Id).Select(u => (u.Id, string.IsNullOrEmpty(u.DisplayName) ? u.UserName! : u.DisplayName)).ToList();
}
