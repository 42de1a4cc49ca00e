using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// 巡察 API: rounds (list, create, details, team), phases of an inspected organization, findings (create, read with
/// the confidentiality rules — a refusal is 403 with an audit row —, revise, 同题共答 messages).
/// </summary>
public static class InspectionsApi
{
    public sealed record TeamResponse(long Id, string? ConflictNote, string? TeamSizeWarning);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/inspections/rounds", Rounds).Require(Permission.InspectionRead)
           .WithSummary("巡察轮次列表（?org= 组织及其下级党委组织的轮次）").Produces<List<InspectionQueries.RoundRow>>();
        api.MapPost("/inspections/rounds", CreateRound).Require(Permission.InspectionManage)
           .WithSummary("新建巡察轮次（?org= 组织巡察的党委；含一次一授权：authorizedBy、authorizationNo、authorizedOn、authorizationScope；targetOrgIds 被巡察党组织）")
           .Produces(201).ProducesValidationProblem();
        api.MapGet("/inspections/rounds/{id:long}", Round).RequireRecord(Permission.InspectionRead, typeof(InspectionRound))
           .WithSummary("巡察轮次详情（被巡察党组织及其阶段、巡察组、问题数）").Produces<InspectionQueries.RoundDetails>();
        api.MapPost("/inspections/rounds/{id:long}/team", AddMember).RequireRecord(Permission.InspectionManage, typeof(InspectionRound))
           .WithSummary("添加巡察组成员（userId、role=组长|副组长|组员；需回避者须 acknowledge=true 并填写 acknowledgementReason）")
           .Produces<TeamResponse>(201).ProducesValidationProblem();
        api.MapPost("/inspections/targets/{id:long}/phase", Advance).RequireRecord(Permission.InspectionManage, typeof(InspectionTarget))
           .WithSummary("推进到下一阶段（phase 可写明要进入的阶段、note 说明、enteredOn 日期；进入反馈即锁定问题并生成整改台账）")
           .Produces<AdvancePhase.Moved>().ProducesValidationProblem();
        api.MapPost("/inspections/findings", CreateFinding).Require(Permission.InspectionManage)
           .WithSummary("记录巡察发现的问题（正文 targetId 指明被巡察党组织；category 为四个落实之一或问题线索）").Produces(201).ProducesValidationProblem();
        api.MapGet("/inspections/findings/{id:long}", GetFinding).RequireRecord(Permission.InspectionRead, typeof(InspectionFinding))
           .WithSummary("问题详情（按保密规则：问题线索仅巡察、纪检可见且每次查看留痕；无权查看返回 403 并记审计）").Produces<InspectionQueries.FindingDetails>();
        api.MapPut("/inspections/findings/{id:long}", UpdateFinding).RequireRecord(Permission.InspectionManage, typeof(InspectionFinding))
           .WithSummary("修改问题（反馈后须填写 reason 修订，保留历次版本）").Produces(200).ProducesValidationProblem();
        api.MapPost("/inspections/findings/{id:long}/messages", PostMessage).RequireRecord(Permission.InspectionRead, typeof(InspectionFinding))
           .WithSummary("同题共答留言（body、proposedWording 建议表述）").Produces(201).ProducesValidationProblem();
    }

    private static IResult Fail(InspectionFindings.Outcome o) =>
        o.Forbidden ? ErrorResponses.Problem(403, o.Errors.Values.First()[0]) : ErrorResponses.Validation(o.Errors);

    private static async Task<IResult> Rounds(UserContext user, InspectionQueries q, CancellationToken ct) =>
        Results.Ok(await q.RoundsAsync(user.CurrentOrg!, ct));

    private static async Task<IResult> CreateRound(InspectionRounds.RoundRequest body, UserContext user, InspectionRounds rounds, CancellationToken ct)
    {
        var (id, errors) = await rounds.CreateAsync(user.CurrentOrg!, body, ct);
        return id is { } i ? Results.Created($"/api/v1/inspections/rounds/{i}", new { id = i }) : ErrorResponses.Validation(errors);
    }

    private static async Task<IResult> Round(long id, InspectionQueries q, CancellationToken ct) =>
        await q.RoundAsync(id, ct) is { } r ? Results.Ok(r) : ErrorResponses.Problem(404);

    private static async Task<IResult> AddMember(long id, InspectionRounds.MemberRequest body, InspectionRounds rounds, CancellationToken ct)
    {
        var (added, errors) = await rounds.AddMemberAsync(id, body, ct);
        return added is null ? ErrorResponses.Validation(errors)
            : Results.Created($"/api/v1/inspections/rounds/{id}", new TeamResponse(added.Id, added.ConflictNote, added.TeamSizeWarning));
    }

    private static async Task<IResult> Advance(long id, AdvancePhase.Request body, AdvancePhase advance, CancellationToken ct)
    {
        var (moved, errors) = await advance.HandleAsync(id, body, ct);
        return moved is null ? ErrorResponses.Validation(errors) : Results.Ok(moved);
    }

    private static async Task<IResult> CreateFinding(InspectionFindings.Request body, UserContext user, AppDbContext db, InspectionFindings findings, CancellationToken ct)
    {
        // the target must lie in the authorized scope (?org=)
        if (body.TargetId is { } tid)
        {
            var orgId = await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == tid).Select(t => (long?)t.OrgId).FirstOrDefaultAsync(ct);
            if (orgId is { } o && !await db.UnderOrg(user.CurrentOrg!).AnyAsync(x => x.Id == o, ct))
                return ErrorResponses.Validation(InspectionRounds.Error("targetId", "被巡察党组织不在您的管理范围内"));
        }
        var r = await findings.CreateAsync(body, ct);
        return r.Ok ? Results.Created($"/api/v1/inspections/findings/{r.Id}", new { id = r.Id }) : Fail(r);
    }

    private static async Task<IResult> GetFinding(long id, InspectionQueries q, CancellationToken ct)
    {
        var (f, denied) = await q.FindingAsync(id, ct);
        return f is not null ? Results.Ok(f) : denied ? ErrorResponses.Problem(403, "该问题尚在保密期内或属问题线索，您无权查看（已记录）。") : ErrorResponses.Problem(404);
    }

    private static async Task<IResult> UpdateFinding(long id, InspectionFindings.Request body, InspectionFindings findings, CancellationToken ct)
    {
        var r = await findings.UpdateAsync(id, body, ct);
        return r.Ok ? Results.Ok(new { id = r.Id }) : Fail(r);
    }

    private static async Task<IResult> PostMessage(long id, InspectionFindings.MessageRequest body, InspectionFindings findings, CancellationToken ct)
    {
        var r = await findings.PostMessageAsync(id, body, ct);
        return r.Ok ? Results.Created($"/api/v1/inspections/findings/{id}", new { id = r.Id }) : Fail(r);
    }
}
