using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Adds an account to a round's team with the 回避 check and 三员分立; a conflicted member needs an acknowledgement with a reason.</summary>
public sealed class AddTeamMember(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>A team member to add: an account, a role (组长/副组长/组员), and the acknowledgement of a 回避 conflict.</summary>
    public sealed record Request(long? UserId, string? Role, bool? Acknowledge, string? AcknowledgementReason);

    /// <summary>The member added, its 回避 note and the team size warning (the API's answer).</summary>
    public sealed record Added(long Id, string? ConflictNote, string? TeamSizeWarning);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/inspections/rounds/{id:long}/team", async (long id, Request body, AddTeamMember handler, CancellationToken ct) =>
                (await handler.Handle(id, body, ct)).ToHttp(added => Results.Created($"/api/v1/inspections/rounds/{id}", added)))
           .RequireRecord(Permission.InspectionManage, typeof(InspectionRound))
           .WithSummary("添加巡察组成员（userId、role=组长|副组长|组员；需回避者须 acknowledge=true 并填写 acknowledgementReason）")
           .Produces<Added>(201).ProducesValidationProblem();

    /// <summary>Adds an account to the team; a conflicted member needs an acknowledgement with a reason, else nothing is written.</summary>
    public async Task<Result<Added>> Handle(long roundId, Request req, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == roundId, ct);
        if (r is null) return Result.Invalid("id", "巡察轮次不存在");
        if (req.UserId is not { } userId) return Result.Invalid("userId", "请选择巡察组成员（账号）");
        var u = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.Id == userId, ct);
        if (u is null || u.IsDisabled) return Result.Invalid("userId", "所选账号不存在或已停用");
        var name = string.IsNullOrEmpty(u.DisplayName) ? u.UserName! : u.DisplayName;
        // 三员分立: the system, security and audit administrators take no part in business work
        var held = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == userId).Select(g => g.Role).ToListAsync(ct);
        if (held.Where(Roles.IsAdministrator).Select(r => (Role?)r).FirstOrDefault() is { } admin)
            return Result.Invalid("userId", $"三员分立：{Roles.Display(admin)}不参与业务工作，不能加入巡察组");
        TeamRole role;
        if (string.IsNullOrWhiteSpace(req.Role)) role = TeamRole.组员;
        else if (!Enum.TryParse(req.Role.Trim(), out role) || !Enum.IsDefined(role)) return Result.Invalid("role", "组内职务只能是组长、副组长或组员");
        var team = await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == roundId).ToListAsync(ct);
        if (team.Any(m => m.UserId == userId)) return Result.Invalid("userId", $"{name}已是本轮巡察组成员");
        if (role == TeamRole.组长 && team.FirstOrDefault(m => m.Role == TeamRole.组长) is { } leader) return Result.Invalid("role", $"本轮巡察组已有组长（{leader.Name}）");
        var now = clock.GetUtcNow();
        var conflict = await TeamConflict.ForRoundAsync(db, roundId, userId, ChineseDates.DayOf(now), ct);
        var reason = InspectionInput.Clean(req.AcknowledgementReason);
        if (conflict is not null)
        {
            if (req.Acknowledge != true || reason is null)
                return Result.Invalid("acknowledge", $"{name}须回避：{conflict.Replace("回避提示：", "", StringComparison.Ordinal)}。如确需参加，请勾选“确认不予回避”并填写理由");
            if (reason.Length > RoundInput.ReasonMax) return Result.Invalid("acknowledgementReason", $"理由不超过{RoundInput.ReasonMax}字");
        }
        var m = new InspectionTeamMember
        {
            RoundId = roundId, UserId = userId, Name = name.Length > 50 ? name[..50] : name, Role = role, ConflictNote = conflict,
            ConflictAcknowledged = conflict is not null, AcknowledgementReason = conflict is null ? null : reason, AddedAt = now, AddedBy = user.UserName,
        };
        db.Add(m);
        await db.SaveChangesAsync(ct);
        return new Added(m.Id, conflict, InspectionRules.TeamSizeWarning(team.Count + 1));
    }
}
