using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// The API of an organization's links, with the same handlers (and rules) as the details page: the units a
/// 联合党支部 covers, 联系点 (leadership-team members linked to branches) and their guidance visits.
/// </summary>
public static class OrgLinksApi
{
    public sealed record UnitBody(string? Name);
    public sealed record Unit(long Id, string Name, DateTimeOffset AddedAt, DateTimeOffset? RemovedAt);
    public sealed record Liaisons(IReadOnlyList<Liaison.Link> AsCommittee, IReadOnlyList<Liaison.Link> AsBranch, IReadOnlyList<Liaison.Visit> Visits);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/organizations/{id:long}/units", ListUnits).Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("联合党支部覆盖的单位（含已移除的，removedAt 非空）").Produces<List<Unit>>();
        api.MapPost("/organizations/{id:long}/units", AddUnit).Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("登记联合党支部覆盖的单位（最多5个；name 必填）").Produces<List<Unit>>(201).ProducesValidationProblem();
        api.MapDelete("/organizations/{id:long}/units/{unitId:long}", RemoveUnit).Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("移除覆盖单位（保留记录及移除时间）").Produces(204).Produces(404);
        api.MapGet("/organizations/{id:long}/liaisons", ListLiaisons).Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("联系点：本党委领导班子成员的联系点（asCommittee）、联系本支部的领导（asBranch）及走访指导记录").Produces<Liaisons>();
        api.MapPost("/organizations/{id:long}/liaisons", Link).Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("设置联系点（id 为党委；personName、branchId 必填，post、userName、linkedOn 可选）").Produces<Liaisons>(201).ProducesValidationProblem();
        api.MapPost("/organizations/{id:long}/liaisons/{linkId:long}/end", EndLink).Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("解除联系点（id 为党委）").Produces(204).ProducesValidationProblem();
        api.MapPost("/organizations/{id:long}/visits", Visit).Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("记录走访指导（id 为党支部；linkId、visitDate、content 必填，problems 为发现的问题）").Produces(201).ProducesValidationProblem();
    }

    private static async Task<IResult> ListUnits(long id, AppDbContext db, CancellationToken ct) =>
        Results.Ok((await OrgDetails.UnitsAsync(db, id, ct)).Select(u => new Unit(u.Id, u.Name, u.AddedAt, u.RemovedAt)).ToList());

    private static async Task<IResult> AddUnit(long id, UnitBody body, AddJointUnit handler, AppDbContext db, CancellationToken ct) =>
        await (await handler.Handle(id, body.Name, ct)).ToHttpAsync(async () =>
            Results.Created($"/api/v1/organizations/{id}/units", (await OrgDetails.UnitsAsync(db, id, ct)).Select(u => new Unit(u.Id, u.Name, u.AddedAt, u.RemovedAt)).ToList()));

    private static async Task<IResult> RemoveUnit(long id, long unitId, RemoveJointUnit handler, CancellationToken ct) =>
        await handler.Handle(id, unitId, ct) ? Results.NoContent() : ErrorResponses.Problem(404, "该单位不存在或已移除。");

    private static async Task<IResult> ListLiaisons(long id, AppDbContext db, CancellationToken ct) =>
        Results.Ok(await LoadAsync(db, id, ct));

    private static async Task<Liaisons> LoadAsync(AppDbContext db, long id, CancellationToken ct) =>
        new(await Liaison.ListAsync(db, id, null, ct), await Liaison.ListAsync(db, null, id, ct), await Liaison.VisitsAsync(db, id, ct));

    private static async Task<IResult> Link(long id, LinkLiaison.Request body, UserContext user, LinkLiaison handler, AppDbContext db, CancellationToken ct) =>
        await (await handler.Handle(user.CurrentOrg!, body, OrgDb.Today(), ct)).ToHttpAsync(async () =>
            Results.Created($"/api/v1/organizations/{id}/liaisons", await LoadAsync(db, id, ct)));

    private static async Task<IResult> EndLink(long id, long linkId, UserContext user, EndLiaison handler, CancellationToken ct) =>
        await handler.Handle(user.CurrentOrg!, linkId, OrgDb.Today(), ct) is { } error
            ? ErrorResponses.Validation(new Dictionary<string, string[]> { ["link"] = [error] })
            : Results.NoContent();

    private static async Task<IResult> Visit(long id, RecordGuidanceVisit.Request body, UserContext user, RecordGuidanceVisit handler, CancellationToken ct) =>
        await handler.Handle(user.CurrentOrg!, body, user.UserName, OrgDb.Today(), ct) is { } errors
            ? ErrorResponses.Validation(errors)
            : Results.Created($"/api/v1/organizations/{id}/liaisons", null);
}
