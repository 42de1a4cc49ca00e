using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>One round: authorization, inspected organizations with their phases, the team with the 回避 check. Changes need InspectionManage (checked in the handlers).</summary>
[Require(Permission.InspectionRead, From = OrgFrom.Record, Record = typeof(InspectionRound))]
public sealed class RoundModel(AppDbContext db, UserContext user, GetInspectionRound get) : PageModel
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
        var found = await get.Handle(id, ct);
        if (found.ToStatusPage() is { } status) return status;
        var r = Round = found.Value;
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

    /// <summary>Back to the round at <paramref name="anchor"/> when done; the form's errors shown otherwise.</summary>
    private async Task<IActionResult> After(long id, Result r, string done, string anchor)
    {
        if (r.IsOk) return Redirect($"/Inspections/Round/{id}?done={done}#{anchor}");
        Errors = RoundFormPage.ErrorsOf(r);
        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostAddTargetAsync(long id, long? orgId, [FromServices] AddInspectionTarget add)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        return await After(id, (await add.Handle(id, orgId, HttpContext.RequestAborted)).Status, "target-added", "targets");
    }

    public async Task<IActionResult> OnPostRemoveTargetAsync(long id, long targetId, [FromServices] RemoveInspectionTarget remove)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        return await After(id, await remove.Handle(id, targetId, HttpContext.RequestAborted), "target-removed", "targets");
    }

    public async Task<IActionResult> OnPostAddMemberAsync(long id, [FromServices] AddTeamMember add)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await add.Handle(id, new AddTeamMember.Request(UserId, Role, Acknowledge, AcknowledgementReason), HttpContext.RequestAborted);
        return await After(id, r.Status, "member-added", "team");
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(long id, long memberId, [FromServices] RemoveTeamMember remove)
    {
        if (!await ManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        return await After(id, await remove.Handle(id, memberId, HttpContext.RequestAborted), "member-removed", "team");
    }
}
