using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Logs a visit of a leadership-team member to his or her 联系点 branch: date, guidance given, problems found.</summary>
public sealed class RecordGuidanceVisit(AppDbContext db, TimeProvider clock)
{
    public sealed record Request(long? LinkId, DateOnly? VisitDate, string? Content, string? Problems);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{id:long}/visits", async (long id, Request body, UserContext user, RecordGuidanceVisit handler, CancellationToken ct) =>
                (await handler.Handle(user.CurrentOrg!, body, user.UserName, ct)).ToHttp(() => Results.Created($"/api/v1/organizations/{id}/liaisons", null)))
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("记录走访指导（id 为党支部；linkId、visitDate、content 必填，problems 为发现的问题）").Produces(201).ProducesValidationProblem();

    /// <summary>The branch was authorized by the caller (OrgManage). Field errors come under "linkId", "visitDate", "content", "problems".</summary>
    public async Task<Result> Handle(Organization branch, Request req, string? recordedBy, CancellationToken ct = default)
    {
        var errors = OrgLifecycleRules.CheckVisit(req.VisitDate, req.Content, req.Problems, clock.Today());
        var link = req.LinkId is null ? null : await db.LiaisonLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == req.LinkId && l.OrgId == branch.Id, ct);
        if (link is null) errors["linkId"] = ["请选择联系本支部的领导班子成员"];
        else if (req.VisitDate is { } d && !errors.ContainsKey("visitDate") && (d < link.LinkedOn || (link.EndedOn is { } end && d > end)))
            errors["visitDate"] = [$"走访日期应在{link.PersonName}联系本支部期间（{ChineseDates.Date(link.LinkedOn)}起{(link.EndedOn is { } e ? "至" + ChineseDates.Date(e) : "")}）"];
        if (errors.Count > 0) return Result.Invalid(errors);
        db.GuidanceVisits.Add(new GuidanceVisit
        {
            LinkId = link!.Id, OrgId = branch.Id, VisitDate = req.VisitDate!.Value, Content = req.Content!.Trim(),
            Problems = string.IsNullOrWhiteSpace(req.Problems) ? null : req.Problems.Trim(),
            RecordedBy = recordedBy, RecordedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
