using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// One organization: children, capabilities, history (组织沿革), 联合党支部 units, 联系点 — and for OrgManage the forms
/// to create a child, rename, move, merge and dissolve. Each form posts to its own handler and calls the same
/// handler class as the API; new parents and merge targets are checked against the caller's scope there.
/// </summary>
[Require(Permission.OrgRead, From = OrgFrom.Route, Key = "id")]
public sealed class DetailsModel(AppDbContext db, UserContext user, CreateOrganization create, TimeProvider clock) : PageModel
{
    /// <summary>The fields of the rename, move, merge and dissolve forms.</summary>
    public sealed class ChangeInput
    {
        public string? Name { get; set; }
        public long? TargetId { get; set; }
        public string? Reason { get; set; }
        public string? ApprovalNo { get; set; }
    }

    public sealed class LinkInput
    {
        public string? PersonName { get; set; }
        public string? Post { get; set; }
        public long? BranchId { get; set; }
        public string? UserName { get; set; }
        public DateOnly? LinkedOn { get; set; }
    }

    public sealed class VisitInput
    {
        public long? LinkId { get; set; }
        public DateOnly? VisitDate { get; set; }
        public string? Content { get; set; }
        public string? Problems { get; set; }
    }

    public GetOrganization.Response Org { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool IsActive => Org.Status == nameof(OrgStatus.正常);
    public bool IsCommittee { get; private set; }
    public bool IsJointBranch { get; private set; }
    public DateOnly Today => clock.Today();

    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? CreatedName { get; private set; }
    /// <summary>Errors of the form that was posted (<see cref="Form"/>); the create-child form uses "create".</summary>
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Form { get; private set; }
    public string? Message { get; private set; }

    public ChangeInput Rename { get; private set; } = new();
    public ChangeInput Move { get; private set; } = new();
    public ChangeInput Merge { get; private set; } = new();
    public ChangeInput Dissolve { get; private set; } = new();
    public LinkInput Link { get; private set; } = new();
    public VisitInput Visit { get; private set; } = new();
    public string? UnitName { get; private set; }

    public IReadOnlyList<OrgDetails.HistoryRow> History { get; private set; } = [];
    public IReadOnlyList<JointUnit> Units { get; private set; } = [];
    public IReadOnlyList<Liaison.Link> Links { get; private set; } = [];
    public IReadOnlyList<Liaison.Link> BranchLinks { get; private set; } = [];
    public IReadOnlyList<Liaison.Visit> Visits { get; private set; } = [];
    public IReadOnlyList<OrgDetails.Option> MoveTargets { get; private set; } = [];
    public IReadOnlyList<OrgDetails.Option> MergeTargets { get; private set; } = [];
    public IReadOnlyList<OrgDetails.Option> LiaisonBranches { get; private set; } = [];

    /// <summary>The message for a field of a form, when that form was the one posted.</summary>
    public string? Error(string form, string key) => Form == form && Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string form, string key) => Error(form, key) is null ? "" : "is-invalid";

    private Organization Current => user.CurrentOrg!;
    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? name, string? type)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await create.Handle(Current.Id, new CreateOrganization.Request(name, type), Ct);
        if (!r.IsOk) { Errors = r.Status.Errors!.ToDictionary(); Form = "create"; Name = name; Type = type; }
        else CreatedName = r.Value.Name;
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostRenameAsync(ChangeInput rename, [FromServices] RenameOrganization handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await handler.Handle(Current.Id, new RenameOrganization.Request(rename.Name, rename.Reason, rename.ApprovalNo), Ct);
        return await ResultAsync(r, "rename", rename, $"已更名为“{rename.Name?.Trim()}”。");
    }

    public async Task<IActionResult> OnPostMoveAsync(ChangeInput move, [FromServices] MoveOrganization handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await handler.Handle(Current.Id, new MoveOrganization.Request(move.TargetId, move.Reason, move.ApprovalNo), Ct);
        return await ResultAsync(r, "move", move, "已调整隶属关系，下级组织随同调整。");
    }

    public async Task<IActionResult> OnPostMergeAsync(ChangeInput merge, [FromServices] MergeOrganization handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await handler.Handle(Current.Id, new MergeOrganization.Request(merge.TargetId, merge.Reason, merge.ApprovalNo), Ct);
        return await ResultAsync(r.Status, "merge", merge, r.IsOk ? $"已合并：{r.Value.MovedMembers}名党员、{r.Value.MovedChildren}个下级组织已并入目标组织，本组织已撤销。" : "");
    }

    public async Task<IActionResult> OnPostDissolveAsync(ChangeInput dissolve, [FromServices] DissolveOrganization handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await handler.Handle(Current.Id, new DissolveOrganization.Request(dissolve.Reason, dissolve.ApprovalNo), Ct);
        return await ResultAsync(r, "dissolve", dissolve, "已撤销本组织。");
    }

    public async Task<IActionResult> OnPostAddUnitAsync(string? unitName, [FromServices] AddJointUnit handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await handler.Handle(Current.Id, unitName, Ct);
        if (!r.IsOk) UnitName = unitName;
        return await ResultAsync(r, "unit", null, $"已登记覆盖单位“{unitName?.Trim()}”。");
    }

    public async Task<IActionResult> OnPostRemoveUnitAsync(long unitId, [FromServices] RemoveJointUnit handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        if ((await handler.Handle(Current.Id, unitId, Ct)).ToStatusPage() is { } missing) return missing;
        Message = "已移除该单位。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostLinkAsync(LinkInput link, [FromServices] LinkLiaison handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await handler.Handle(Current, new LinkLiaison.Request(link.PersonName, link.Post, link.BranchId, link.UserName, null, link.LinkedOn), Ct);
        if (!r.IsOk) Link = link;
        return await ResultAsync(r, "link", null, $"已设置{link.PersonName?.Trim()}的联系点。");
    }

    public async Task<IActionResult> OnPostEndLinkAsync(long linkId, [FromServices] EndLiaison handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        return await ResultAsync(await handler.Handle(Current, linkId, Ct), "endLink", null, "已解除联系点。");
    }

    public async Task<IActionResult> OnPostVisitAsync(VisitInput visit, [FromServices] RecordGuidanceVisit handler)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await handler.Handle(Current, new RecordGuidanceVisit.Request(visit.LinkId, visit.VisitDate, visit.Content, visit.Problems), user.UserName, Ct);
        if (!r.IsOk) Visit = visit;
        return await ResultAsync(r, "visit", null, "已记录走访指导情况。");
    }

    /// <summary>Shows the outcome of the form <paramref name="form"/>: its field errors (with the input kept), or <paramref name="done"/>.</summary>
    private async Task<IActionResult> ResultAsync(Result r, string form, ChangeInput? input, string done)
    {
        if (r.Kind == ResultKind.Forbidden) return Forbidden();
        if (!r.IsOk)
        {
            Errors = r.Errors!.ToDictionary();
            Form = form;
            switch (form)
            {
                case "rename": Rename = input!; break;
                case "move": Move = input!; break;
                case "merge": Merge = input!; break;
                case "dissolve": Dissolve = input!; break;
            }
        }
        else Message = done;
        return await PageAsync();
    }

    private Task<bool> CanManageAsync() => user.HasAsync(Permission.OrgManage, Current, Ct);

    private StatusCodeResult Forbidden() => StatusCode(StatusCodes.Status403Forbidden);

    private async Task<IActionResult> PageAsync()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        // re-read: a command of this request may have changed the organization (name, parent, status)
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == Current.Id, Ct);
        Org = await GetOrganization.LoadAsync(db, org, Ct);
        CanManage = await user.HasAsync(Permission.OrgManage, org, Ct);
        IsCommittee = OrgRules.IsCommittee(org.Type);
        IsJointBranch = org.Type == OrgType.联合党支部;
        History = await OrgDetails.HistoryAsync(db, org.Id, Ct);
        if (IsJointBranch) Units = await OrgDetails.UnitsAsync(db, org.Id, Ct);
        if (IsCommittee) Links = await Liaison.ListAsync(db, org.Id, null, Ct);
        if (OrgRules.IsBranch(org.Type))
        {
            BranchLinks = await Liaison.ListAsync(db, null, org.Id, Ct);
            Visits = await Liaison.VisitsAsync(db, org.Id, Ct);
        }
        if (CanManage && org.Status == OrgStatus.正常)
        {
            (MoveTargets, MergeTargets, LiaisonBranches) = await OrgDetails.ChoicesAsync(db, user, org, Ct);
            if (Form != "rename") Rename = new ChangeInput { Name = org.Name };
        }
        Visit.VisitDate ??= Today;
    }
}
