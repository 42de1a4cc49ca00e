using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Ledger;

/// <summary>
/// POST /api/v1/ledger/items (交办 under the ?org= / switcher scope, LedgerManage), GET /api/v1/ledger/items (what the caller
/// may see: items of organizations in its LedgerRead scope plus items where it is a party), GET /api/v1/ledger/items/{id},
/// POST /api/v1/ledger/items/{id}/transitions and the evidence download. Owners may be plain members, so the item endpoints
/// only need a signed-in account: visibility (404) and party (403) are checked in the handlers.
/// </summary>
public static class LedgerApi
{
    public sealed record EvidenceInput(string? Text, string? FileName, string? ContentBase64);

    public sealed record TransitionRequest(string? Action, string? Reason, DateOnly? NewDeadline, IReadOnlyList<EvidenceInput>? Evidence);

    public sealed record TransitionResponse(long Id, string State, string Message);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/ledger/items", Create).Require(Permission.LedgerManage)
           .WithSummary("交办台账事项（四个明确；?org= 为授权范围，responsibleOrgId 须在其下；responsiblePersonId、verifierId 为账号编号）")
           .Produces(201).ProducesValidationProblem();
        api.MapGet("/ledger/items", List).RequireSignedIn()
           .WithSummary("台账事项列表（仅本人可见的：LedgerRead 范围内组织的事项及本人为责任人、验收人、交办人的事项；org、source、state、overdue、dueSoon、mine、q、page、pageSize）")
           .Produces<ListLedgerItems.Paged>();
        api.MapGet("/ledger/items/{id:long}", Get).RequireSignedIn()
           .WithSummary("台账事项详情（含流转记录、佐证材料与本人可执行的操作）").Produces<GetLedgerItem.Details>().Produces(404);
        api.MapPost("/ledger/items/{id:long}/transitions", Transition).RequireSignedIn()
           .WithSummary("办理台账事项：action 为 start|progress|submit|close|reject|reopen|extend|approveExtension|rejectExtension；evidence 为 [{text,fileName,contentBase64}]")
           .Produces<TransitionResponse>().ProducesValidationProblem().Produces(403).Produces(404);
        api.MapGet("/ledger/items/{id:long}/evidence", Evidence).RequireSignedIn()
           .WithSummary("下载佐证材料附件（?file= 佐证材料编号）").Produces(200).Produces(404);
    }

    private static async Task<IResult> Create(CreateLedgerItem.Request body, UserContext user, CreateLedgerItem create, CancellationToken ct)
    {
        var (id, errors) = await create.HandleAsync(user.CurrentOrg!, body, ct);
        return id is { } v ? Results.Created($"/api/v1/ledger/items/{v}", new { id = v }) : ErrorResponses.Validation(errors);
    }

    private static async Task<IResult> List(AppDbContext db, LedgerAccess access, TimeProvider clock, long? org, string? source, string? state, string? overdue,
        string? dueSoon, string? mine, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var today = ChineseDates.DayOf(clock.GetUtcNow());
        var visible = await access.VisibleAsync(ct);
        Organization? root = null;
        if (org is { } o)
        {
            root = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Organizations, x => x.Id == o, ct);
            if (root is null) return ErrorResponses.Problem(404, "组织不存在。");
        }
        var filter = new ListLedgerItems.Filter(root, ListLedgerItems.Source(source), ListLedgerItems.State(state), ListLedgerItems.Bool(overdue),
            ListLedgerItems.Bool(dueSoon) == true, ListLedgerItems.Bool(mine) == true, q);
        var query = ListLedgerItems.Query(db, visible, filter, today, access.UserId);
        return Results.Ok(await ListLedgerItems.PageAsync(db, query, today, page ?? 1, Math.Clamp(pageSize ?? 20, 1, 200), ct));
    }

    private static async Task<IResult> Get(long id, GetLedgerItem get, CancellationToken ct) =>
        await get.HandleAsync(id, ct) is { } d ? Results.Ok(d) : ErrorResponses.Problem(404, "事项不存在或您无权查看。");

    private static async Task<IResult> Transition(long id, TransitionRequest? body, TransitionLedgerItem transition, CancellationToken ct)
    {
        var evidence = (body?.Evidence ?? []).Select(Decode).ToList();
        var r = await transition.HandleAsync(id, new TransitionLedgerItem.Command(body?.Action, body?.Reason, body?.NewDeadline, evidence), ct);
        return r.Outcome switch
        {
            TransitionLedgerItem.Outcome.Done => Results.Ok(new TransitionResponse(id, r.State!.Value.ToString(), r.Message!)),
            TransitionLedgerItem.Outcome.NotFound => ErrorResponses.Problem(404, "事项不存在或您无权查看。"),
            TransitionLedgerItem.Outcome.Forbidden => ErrorResponses.Problem(403, r.Message),
            _ => ErrorResponses.Validation(r.Errors),
        };
    }

    /// <summary>Decodes one evidence piece of the JSON body (an undecodable file becomes a field error).</summary>
    public static TransitionLedgerItem.Evidence Decode(EvidenceInput e)
    {
        if (string.IsNullOrWhiteSpace(e.ContentBase64)) return new(e.Text, null, null);
        try { return new(e.Text, e.FileName, Convert.FromBase64String(e.ContentBase64.Trim())); }
        catch (FormatException) { return new(e.Text, e.FileName, null, "附件内容不是有效的 Base64 编码"); }
    }

    private static async Task<IResult> Evidence(long id, long? file, HttpContext http, GetLedgerItem get, CancellationToken ct) =>
        file is { } f && await get.EvidenceFileAsync(id, f, ct) is { } x ? GetLedgerItem.Download(http, x) : ErrorResponses.Problem(404, "附件不存在。");
}
