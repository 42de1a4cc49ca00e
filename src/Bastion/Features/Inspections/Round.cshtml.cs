using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>One round: authorization, inspected organizations with their phases, the team with the 回避 check. Changes need InspectionManage (checked in the handlers).</summary>
[Require(Permission.InspectionRead, From = OrgFrom.Record, Record = typeof(InspectionRound))]
public sealed class RoundModel(AppDbContext db, UserContext user, InspectionQueries q, InspectionRounds rounds) : PageModel
{
    public InspectionQueries.RoundDetails Round { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public List<Organization> Candidates { get; private set; } = [];
    public List<(long Id, string Name, string UserName)> Accounts { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public long? UserId { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public bool Acknowledge { get; set; }
    [BindProperty] public string? AcknowledgementReason { get; set; }
    public string? Warning { get; private set; }

    private async Task<IActionResult> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        if (await q.RoundAsync(id, ct) is not { } r) return NotFound();
        Round = r;
        var roundOrg = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == r.OrgId, ct);
        CanManage = await user.HasAsync(Permission.InspectionManage, roundOrg, ct);
        if (CanManage)
        {
            var taken = r.Targets.Select(t => t.OrgId).ToHashSet();
            Candidates = (await db.UnderOrg(roundOrg).AsNoTracking().Where(o => o.Id != roundOrg.Id && o.Status == OrgStatus.正常).OrderBy(o => o.Path).ToListAsync(ct))
                .Where(o => o.Type != OrgType.党小组 && !taken.Contains(o.Id)).ToList();
            var onTeam = r.Team.Select(m => m.UserId).ToHashSet();
            // 三员分立: administrator accounts are not offered (and refused by the use case)
            var administrators = new[] { Domain.Role.SystemAdmin, Domain.Role.SecurityAdmin, Domain.Role.AuditAdmin };
            Accounts = (await db.Users.AsNoTracking().Where(u => !u.IsDisabled && !db.RoleGrants.Any(g => g.UserId == u.Id && administrators.Contains(g.Role))).OrderBy(u => u.UserName).Select(u => new { u.Id, u.DisplayName, u.UserName }).Take(1000).ToListAsync(ct))
                .Where(u => !onTeam.Contains(u.Id)).Select(u => (u.Id, u.DisplayName == "" ? u.UserName! : u.DisplayName, u.UserName!)).ToList();
        }
        return Page();
    }

    public Task<IActionResult> OnGetAsync(long id) => LoadAsync(id);

    private async Task<bool> ManageAsync(long id)
    {
        var orgId = await db.Set<InspectionRound>().AsNoTracking().Where(r => r.Id == id).Select(r => r.OrgId).FirstAsync(HttpContext.RequestAborted);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, HttpContext.RequestAborted);
        return await user.HasAsync(Permission.InspectionManage, org, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAddTargetAsync(long id, long? orgId)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        var (_, errors) = await rounds.AddTargetAsync(id, orgId, HttpContext.RequestAborted);
        if (errors.Count == 0) return Redirect($"/Inspections/Round/{id}?done=target-added#targets");
        Errors = errors;
        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostRemoveTargetAsync(long id, long targetId)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await rounds.RemoveTargetAsync(id, targetId, HttpContext.RequestAborted) is { } e) { Errors = InspectionRounds.Error("targets", e); return await LoadAsync(id); }
        return Redirect($"/Inspections/Round/{id}?done=target-removed#targets");
    }

    public async Task<IActionResult> OnPostAddMemberAsync(long id)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        var (added, errors) = await rounds.AddMemberAsync(id, new InspectionRounds.MemberRequest(UserId, Role, Acknowledge, AcknowledgementReason), HttpContext.RequestAborted);
        if (added is not null) return Redirect($"/Inspections/Round/{id}?done=member-added#team");
        Errors = errors;
        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(long id, long memberId)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await rounds.RemoveMemberAsync(id, memberId, HttpContext.RequestAborted) is { } e) { Errors = InspectionRounds.Error("team", e); return await LoadAsync(id); }
        return Redirect($"/Inspections/Round/{id}?done=member-removed#team");
    }
}
