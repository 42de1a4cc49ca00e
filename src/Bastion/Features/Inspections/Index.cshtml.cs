using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Inspections;

/// <summary>巡察: the rounds run in the subtree and, under 接受巡察, the inspections of organizations in the caller's scope.</summary>
[Require(Permission.InspectionRead)]
public sealed class IndexModel(UserContext user, InspectionQueries q, ListInspectionRounds rounds) : PageModel
{
    public Organization Root { get; private set; } = null!;
    public List<InspectionQueries.RoundRow> Rounds { get; private set; } = [];
    public List<InspectionQueries.TargetRow> Inspected { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool CanReadClues { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Root = user.CurrentOrg!;
        Rounds = await rounds.Handle(Root, ct);
        Inspected = await q.InspectedAsync(ct);
        CanManage = await user.HasAsync(Permission.InspectionManage, Root, ct);
        CanReadClues = await user.HasAsync(Permission.ClueRead, Root, ct);
    }
}
