using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Statements;

/// <summary>
/// A statement import as the page and the API follow it: the job (state, progress), the counts, the amount that will be
/// (or was) written, and its lines — matched (with the member and the months), waiting to be assigned (with a
/// suggestion when one member is likely), refused (with the reason), imported. Account numbers show their last 4 digits.
/// </summary>
public sealed class GetDuesStatementImport(AppDbContext db)
{
    /// <summary>Lines listed per answer (the counts cover all of them).</summary>
    public const int MaxLinesListed = 2000;

    public sealed record LineView(long Id, int Row, DateOnly? PaidOn, string? Payer, string? Account, string? Memo, decimal? Amount, string State,
        long? MemberId, string? MemberName, long? SuggestedMemberId, string? SuggestedName, string? Months, string? Reason, bool ByHand);

    public sealed record Response(long Id, long OrgId, string FileName, string State, int Done, int Total, string? Failure, string? CreatedBy,
        DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Method, int Lines, int Matched, int Pending, int Refused, int Imported,
        int Payments, decimal Amount, IReadOnlyList<LineView> Items, IReadOnlyList<ImportError> FileErrors);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/organizations/{id:long}/statements/{jobId:long}", async (long id, long jobId, string? state, GetDuesStatementImport handler, CancellationToken ct) =>
                (await handler.Handle(id, jobId, state, ct)).ToHttp())
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("流水导入的进度与预览：已匹配、待指定、已拒绝（含原因）、已导入的行（state 可筛选）").Produces<Response>();

    public async Task<Result<Response>> Handle(long orgId, long jobId, string? state, CancellationToken ct = default)
    {
        var job = await db.Set<ImportJob>().AsNoTracking().Where(j => j.Id == jobId && j.OrgId == orgId && j.Kind == ImportKind.党费流水)
            .Select(j => new { j.Id, j.OrgId, j.FileName, j.State, j.Done, j.Total, j.Failure, j.CreatedBy, j.CreatedAt, j.FinishedAt, j.Report }).FirstOrDefaultAsync(ct);
        if (job is null) return Result.NotFound();
        var lines = db.Set<DuesStatementLine>().AsNoTracking().Where(l => l.JobId == jobId);
        var counts = await lines.GroupBy(l => l.State).Select(g => new { g.Key, Count = g.Count(), Payments = g.Sum(l => l.Payments), Amount = g.Sum(l => l.Amount ?? 0) }).ToListAsync(ct);
        int Count(DuesStatementLineState s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        var writing = counts.Where(c => c.Key is DuesStatementLineState.已匹配 or DuesStatementLineState.已导入).ToList();
        var filter = Enum.TryParse<DuesStatementLineState>(state, out var s) && Enum.IsDefined(s) ? s : (DuesStatementLineState?)null;
        var q = filter is { } f ? lines.Where(l => l.State == f) : lines;
        var items = await (from l in q
                           join m0 in db.Members on l.MemberId equals (long?)m0.Id into mj
                           from m in mj.DefaultIfEmpty()
                           join s0 in db.Members on l.SuggestedMemberId equals (long?)s0.Id into sj
                           from sm in sj.DefaultIfEmpty()
                           orderby l.State, l.LineNo
                           select new { l, MemberName = m.Name, SuggestedName = sm.Name }).Take(MaxLinesListed).ToListAsync(ct);
        var method = await lines.Select(l => (DuesPayMethod?)l.Method).FirstOrDefaultAsync(ct);
        var fileErrors = job.State is ImportState.已校验 or ImportState.已完成 && counts.Count == 0 && job.Report is { } json
            ? System.Text.Json.JsonSerializer.Deserialize<ImportMembers.Report>(json, ImportJob.Json)?.Errors ?? []
            : [];
        return new Response(job.Id, job.OrgId, job.FileName, job.State.ToString(), job.Done, job.Total, job.Failure, job.CreatedBy, job.CreatedAt, job.FinishedAt,
            method?.ToString(), counts.Sum(c => c.Count), Count(DuesStatementLineState.已匹配), Count(DuesStatementLineState.待指定), Count(DuesStatementLineState.已拒绝),
            Count(DuesStatementLineState.已导入), writing.Sum(c => c.Payments), writing.Sum(c => c.Amount),
            items.Select(x => new LineView(x.l.Id, x.l.LineNo, x.l.PaidOn, x.l.Payer, x.l.AccountTail is null ? null : "****" + x.l.AccountTail, x.l.Memo, x.l.Amount,
                x.l.State.ToString(), x.l.MemberId, x.MemberName, x.l.SuggestedMemberId, x.SuggestedName, x.l.Months, x.l.Reason, x.l.AssignedBy is not null)).ToList(),
            fileErrors);
    }
}
