using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// 巡察轮次: create and edit a round (plan, dates, 一次一授权), add and remove inspected organizations (in 准备),
/// add and remove team members with the 回避 check. Expected failures are returned as field errors; nothing is
/// written then. Used by the pages and the API.
/// </summary>
public sealed class InspectionRounds(AppDbContext db, UserContext user, TimeProvider clock)
{
    public const int NameMax = 100, PlanMax = 4000, AuthorizedByMax = 100, AuthorizationNoMax = 50, ScopeMax = 1000, ReasonMax = 500;

    /// <summary>A round as written (API JSON in camelCase); targetOrgIds only when creating.</summary>
    public sealed record RoundRequest(
        string? Name, int? Year, string? Plan, DateOnly? StartsOn, DateOnly? EndsOn,
        string? AuthorizedBy, string? AuthorizationNo, DateOnly? AuthorizedOn, string? AuthorizationScope, IReadOnlyList<long>? TargetOrgIds = null);

    /// <summary>A team member to add: an account, a role (组长/副组长/组员), and the acknowledgement of a 回避 conflict.</summary>
    public sealed record MemberRequest(long? UserId, string? Role, bool? Acknowledge, string? AcknowledgementReason);

    public sealed record MemberAdded(long Id, string? ConflictNote, string? TeamSizeWarning);

    public static Dictionary<string, string[]> Error(string key, string message) => new() { [key] = [message] };

    /// <summary>Creates a round run by <paramref name="org"/> (a 党委 or 党总支), with its first inspected organizations.</summary>
    public async Task<(long? Id, Dictionary<string, string[]> Errors)> CreateAsync(Organization org, RoundRequest req, CancellationToken ct)
    {
        var errors = Validate(req, ChineseDates.DayOf(clock.GetUtcNow()));
        if (!OrgRules.IsCommittee(org.Type)) errors["orgId"] = [$"{org.Name}是{org.Type}，巡察由党委（党总支）组织开展"];
        var targets = new List<Organization>();
        foreach (var id in (req.TargetOrgIds ?? []).Distinct())
        {
            var (t, error) = await TargetOrgAsync(org, id, ct);
            if (error is not null) { errors["targetOrgIds"] = [error]; break; }
            targets.Add(t!);
        }
        if (errors.Count > 0) return (null, errors);
        var now = clock.GetUtcNow();
        var r = new InspectionRound { OrgId = org.Id, Name = req.Name!.Trim(), CreatedAt = now, CreatedBy = user.UserName };
        Apply(r, req);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(r);
        await db.SaveChangesAsync(ct);
        foreach (var t in targets) await AddTargetAsync(r, t, now, ct);
        await tx.CommitAsync(ct);
        return (r.Id, errors);
    }

    public async Task<Dictionary<string, string[]>> UpdateAsync(long roundId, RoundRequest req, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().FirstOrDefaultAsync(x => x.Id == roundId, ct);
        if (r is null) return Error("id", "巡察轮次不存在");
        var errors = Validate(req, ChineseDates.DayOf(clock.GetUtcNow()));
        if (errors.Count > 0) return errors;
        Apply(r, req);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    private static Dictionary<string, string[]> Validate(RoundRequest req, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        var name = req.Name?.Trim();
        if (string.IsNullOrEmpty(name)) e["name"] = ["请填写巡察轮次名称"];
        else if (name.Length > NameMax) e["name"] = [$"名称不超过{NameMax}字"];
        if (req.Year is not { } y || y < 2000 || y > 2100) e["year"] = ["请填写巡察年度（如 2026）"];
        if (req.StartsOn is null) e["startsOn"] = ["请填写开始日期"];
        else if (PlanningDates.CheckLatest(req.StartsOn.Value, today, "开始日期") is { } farStart) e["startsOn"] = [farStart];
        if (req.EndsOn is null) e["endsOn"] = ["请填写结束日期"];
        else if (req.StartsOn is { } s && req.EndsOn < s) e["endsOn"] = ["结束日期不能早于开始日期"];
        else if (PlanningDates.CheckLatest(req.EndsOn.Value, today, "结束日期") is { } farEnd) e["endsOn"] = [farEnd];
        if ((req.Plan?.Length ?? 0) > PlanMax) e["plan"] = [$"巡察工作计划不超过{PlanMax}字"];
        if (string.IsNullOrWhiteSpace(req.AuthorizedBy)) e["authorizedBy"] = ["一次一授权：请填写授权主体（如 集团公司党委）"];
        else if (req.AuthorizedBy.Trim().Length > AuthorizedByMax) e["authorizedBy"] = [$"授权主体不超过{AuthorizedByMax}字"];
        if (string.IsNullOrWhiteSpace(req.AuthorizationNo)) e["authorizationNo"] = ["一次一授权：请填写授权文号"];
        else if (req.AuthorizationNo.Trim().Length > AuthorizationNoMax) e["authorizationNo"] = [$"授权文号不超过{AuthorizationNoMax}字"];
        if (req.AuthorizedOn is null) e["authorizedOn"] = ["一次一授权：请填写授权日期"];
        else if (req.StartsOn is { } s2 && req.AuthorizedOn > s2) e["authorizedOn"] = ["授权日期应早于巡察开始日期（先授权，后巡察）"];
        if ((req.AuthorizationScope?.Trim().Length ?? 0) > ScopeMax) e["authorizationScope"] = [$"授权范围不超过{ScopeMax}字"];
        return e;
    }

    private static void Apply(InspectionRound r, RoundRequest req)
    {
        r.Name = req.Name!.Trim();
        r.Year = req.Year!.Value;
        r.Plan = Clean(req.Plan);
        r.StartsOn = req.StartsOn!.Value;
        r.EndsOn = req.EndsOn!.Value;
        r.AuthorizedBy = Clean(req.AuthorizedBy);
        r.AuthorizationNo = Clean(req.AuthorizationNo);
        r.AuthorizedOn = req.AuthorizedOn;
        r.AuthorizationScope = Clean(req.AuthorizationScope);
    }

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>An organization the round may inspect: strictly under the running 党委, in operation.</summary>
    private async Task<(Organization?, string?)> TargetOrgAsync(Organization roundOrg, long orgId, CancellationToken ct)
    {
        var o = await db.UnderOrg(roundOrg).AsNoTracking().FirstOrDefaultAsync(x => x.Id == orgId, ct);
        if (o is null || o.Id == roundOrg.Id) return (null, $"被巡察党组织须是{roundOrg.Name}的下级党组织");
        if (o.Status != OrgStatus.正常) return (null, $"{o.Name}已撤销，不能列为被巡察党组织");
        if (o.Type == OrgType.党小组) return (null, $"{o.Name}是党小组，不能单独列为被巡察党组织");
        return (o, null);
    }

    private async Task<InspectionTarget> AddTargetAsync(InspectionRound r, Organization o, DateTimeOffset now, CancellationToken ct)
    {
        var t = new InspectionTarget { RoundId = r.Id, OrgId = o.Id, Phase = InspectionPhase.准备, PhaseChangedAt = now, CreatedAt = now };
        db.Add(t);
        await db.SaveChangesAsync(ct);
        db.Add(new InspectionPhaseEntry
        {
            TargetId = t.Id, Phase = InspectionPhase.准备, EnteredOn = ChineseDates.DayOf(now), RecordedAt = now, RecordedBy = user.UserName ?? "", Note = "列为被巡察党组织",
        });
        await db.SaveChangesAsync(ct);
        return t;
    }

    public async Task<(long? Id, Dictionary<string, string[]> Errors)> AddTargetAsync(long roundId, long? orgId, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == roundId, ct);
        if (r is null) return (null, Error("id", "巡察轮次不存在"));
        if (r.Archived) return (null, Error("orgId", "该轮巡察已归档"));
        if (orgId is null) return (null, Error("orgId", "请选择被巡察党组织"));
        var roundOrg = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == r.OrgId, ct);
        var (o, error) = await TargetOrgAsync(roundOrg, orgId.Value, ct);
        if (error is not null) return (null, Error("orgId", error));
        if (await db.Set<InspectionTarget>().AnyAsync(t => t.RoundId == roundId && t.OrgId == o!.Id, ct)) return (null, Error("orgId", $"{o!.Name}已在本轮被巡察党组织中"));
        // a team member who did not have to 回避 so far may have to for the new organization: settle that first
        foreach (var m in await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == roundId && m.ConflictNote == null).ToListAsync(ct))
            if (await ConflictAsync(m.UserId, [new TeamConflict.Inspected(o!.Name, o.Path)], ct) is not null)
                return (null, Error("orgId", $"巡察组成员{m.Name}与{o!.Name}存在回避情形：请先将其移出巡察组（如确需参加，移出后重新添加并确认不予回避），再添加该被巡察党组织"));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var t = await AddTargetAsync(r, o!, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return (t.Id, []);
    }

    /// <summary>Removes an inspected organization while it is still in 准备 and has no findings.</summary>
    public async Task<string?> RemoveTargetAsync(long roundId, long targetId, CancellationToken ct)
    {
        var t = await db.Set<InspectionTarget>().FirstOrDefaultAsync(x => x.Id == targetId && x.RoundId == roundId, ct);
        if (t is null) return "被巡察党组织不存在";
        if (t.Phase != InspectionPhase.准备) return "只有处于准备阶段的被巡察党组织可以移出本轮";
        if (await db.Set<InspectionFinding>().AnyAsync(f => f.TargetId == t.Id, ct)) return "已记录问题的被巡察党组织不能移出本轮";
        db.Remove(t);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The 回避 check of an account against the round's inspected organizations (null: no conflict).</summary>
    public async Task<string?> ConflictAsync(long roundId, long userId, CancellationToken ct) =>
        await ConflictAsync(userId, await (from t in db.Set<InspectionTarget>().AsNoTracking()
                                           join o in db.Organizations.AsNoTracking() on t.OrgId equals o.Id
                                           where t.RoundId == roundId
                                           select new TeamConflict.Inspected(o.Name, o.Path)).ToListAsync(ct), ct);

    /// <summary>The 回避 check of an account against the given inspected organizations (null: no conflict).</summary>
    private async Task<string?> ConflictAsync(long userId, IReadOnlyList<TeamConflict.Inspected> inspected, CancellationToken ct)
    {
        var memberId = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.MemberId).FirstOrDefaultAsync(ct);
        if (memberId is null) return null;
        if (inspected.Count == 0) return null;
        var stints = await (from m in db.Set<MemberMembership>().AsNoTracking()
                            join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                            where m.MemberId == memberId
                            select new TeamConflict.Stint(o.Name, o.Path, m.FromDate, m.ToDate)).ToListAsync(ct);
        // the member's current organization counts even when the history has no open row
        var current = await (from m in db.Members.AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                             where m.Id == memberId
                             select new { o.Name, o.Path, m.OrgId }).FirstOrDefaultAsync(ct);
        var today = ChineseDates.DayOf(clock.GetUtcNow());
        if (current is not null && !stints.Any(s => s.OrgPath == current.Path && (s.To is null || s.To > today)))
            stints.Add(new TeamConflict.Stint(current.Name, current.Path, DateOnly.MinValue, null));
        return TeamConflict.Check(stints, inspected, today);
    }

    /// <summary>Adds an account to the team; a conflicted member needs an acknowledgement with a reason, else nothing is written.</summary>
    public async Task<(MemberAdded? Added, Dictionary<string, string[]> Errors)> AddMemberAsync(long roundId, MemberRequest req, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == roundId, ct);
        if (r is null) return (null, Error("id", "巡察轮次不存在"));
        if (req.UserId is not { } userId) return (null, Error("userId", "请选择巡察组成员（账号）"));
        var u = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.Id == userId, ct);
        if (u is null || u.IsDisabled) return (null, Error("userId", "所选账号不存在或已停用"));
        var name = string.IsNullOrEmpty(u.DisplayName) ? u.UserName! : u.DisplayName;
        // 三员分立: the system, security and audit administrators take no part in business work
        var held = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == userId).Select(g => g.Role).ToListAsync(ct);
        if (held.Where(Roles.IsAdministrator).Select(r => (Role?)r).FirstOrDefault() is { } admin)
            return (null, Error("userId", $"三员分立：{Roles.Display(admin)}不参与业务工作，不能加入巡察组"));
        TeamRole role;
        if (string.IsNullOrWhiteSpace(req.Role)) role = TeamRole.组员;
        else if (!Enum.TryParse(req.Role.Trim(), out role) || !Enum.IsDefined(role)) return (null, Error("role", "组内职务只能是组长、副组长或组员"));
        var team = await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == roundId).ToListAsync(ct);
        if (team.Any(m => m.UserId == userId)) return (null, Error("userId", $"{name}已是本轮巡察组成员"));
        if (role == TeamRole.组长 && team.FirstOrDefault(m => m.Role == TeamRole.组长) is { } leader) return (null, Error("role", $"本轮巡察组已有组长（{leader.Name}）"));
        var conflict = await ConflictAsync(roundId, userId, ct);
        var reason = Clean(req.AcknowledgementReason);
        if (conflict is not null)
        {
            if (req.Acknowledge != true || reason is null)
                return (null, Error("acknowledge", $"{name}须回避：{conflict.Replace("回避提示：", "", StringComparison.Ordinal)}。如确需参加，请勾选“确认不予回避”并填写理由"));
            if (reason.Length > ReasonMax) return (null, Error("acknowledgementReason", $"理由不超过{ReasonMax}字"));
        }
        var now = clock.GetUtcNow();
        var m = new InspectionTeamMember
        {
            RoundId = roundId, UserId = userId, Name = name.Length > 50 ? name[..50] : name, Role = role, ConflictNote = conflict,
            ConflictAcknowledged = conflict is not null, AcknowledgementReason = conflict is null ? null : reason, AddedAt = now, AddedBy = user.UserName,
        };
        db.Add(m);
        await db.SaveChangesAsync(ct);
        return (new MemberAdded(m.Id, conflict, InspectionRules.TeamSizeWarning(team.Count + 1)), []);
    }

    public async Task<string?> RemoveMemberAsync(long roundId, long memberId, CancellationToken ct)
    {
        var m = await db.Set<InspectionTeamMember>().FirstOrDefaultAsync(x => x.Id == memberId && x.RoundId == roundId, ct);
        if (m is null) return "巡察组成员不存在";
        db.Remove(m);
        await db.SaveChangesAsync(ct);
        return null;
    }
}
