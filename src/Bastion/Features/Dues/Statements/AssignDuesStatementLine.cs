using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues.Months;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Statements;

/// <summary>
/// The collector assigns a line the import could not match (待指定) to a member by hand — after checking the payer —
/// or takes a hand assignment back. The member must be of the import's scope, and the line's amount must pay whole
/// months of theirs exactly as an automatic match would (the other matched lines of the file count as paying their
/// months). Only while the job waits for 确认导入 (已校验).
/// </summary>
public sealed class AssignDuesStatementLine(AppDbContext db, AuditActor actor, ImportDuesStatement import)
{
    public sealed record Request(long? MemberId);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/dues/organizations/{id:long}/statements/{jobId:long}/lines/{lineId:long}",
                async (long id, long jobId, long lineId, Request req, AssignDuesStatementLine handler, CancellationToken ct) =>
                    (await handler.Handle(id, jobId, lineId, req, ct)).ToHttp())
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("把待指定的流水行手工指定给党员（memberId；null 取消手工指定）").ProducesValidationProblem();

    public async Task<Result<GetDuesStatementImport.LineView>> Handle(long orgId, long jobId, long lineId, Request req, CancellationToken ct = default)
    {
        var job = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.OrgId == orgId && j.Kind == ImportKind.党费流水, ct);
        if (job is null) return Result.NotFound();
        var line = await db.Set<DuesStatementLine>().FirstOrDefaultAsync(l => l.Id == lineId && l.JobId == jobId, ct);
        if (line is null) return Result.NotFound();
        if (job.State != ImportState.已校验) return Result.Conflict("该流水已确认导入或正在处理，不能再指定");
        if (line.State == DuesStatementLineState.已拒绝) return Result.Conflict($"该行不导入：{line.Reason}");
        if (line.State == DuesStatementLineState.已匹配 && line.AssignedBy is null) return Result.Conflict("该行已自动匹配");
        if (req.MemberId is null)
        {
            if (line.State != DuesStatementLineState.已匹配) return Result.Invalid("memberId", "请选择党员");
            (line.State, line.MemberId, line.Months, line.Payments, line.AssignedBy, line.Reason) =
                (DuesStatementLineState.待指定, null, null, 0, null, "已取消手工指定，请重新指定党员");
            await db.SaveChangesAsync(ct);
            return View(line, null);
        }

        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var open = await DuesMonthsDb.OpenMonthAsync(db, DuesMonthsDb.RootOf(org.Path), ct);
        if (open is null || open.Id != line.MonthId) return Result.Conflict("校验之后党费月份已变化，请重新上传流水");
        var scope = await import.ScopeAsync(org, open, [req.MemberId.Value], ct);
        var person = scope.People.FirstOrDefault(p => p.MemberId == req.MemberId);
        if (person is null) return Result.Invalid("memberId", $"该党员不在{org.Name}本月的缴费名单中");
        // the months the file's other matched lines pay already
        var others = await db.Set<DuesStatementLine>().AsNoTracking()
            .Where(l => l.JobId == jobId && l.Id != lineId && l.MemberId == req.MemberId && l.State == DuesStatementLineState.已匹配)
            .Select(l => new { l.LineNo, l.Months }).ToListAsync(ct);
        var dues = scope.DuesOf(person.MemberId, new Dictionary<long, int>());
        var consumed = new Dictionary<long, int>();
        foreach (var o in others)
            foreach (var code in (o.Months ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (dues.FirstOrDefault(d => DuesMonthRules.Code(d.Month) == code) is { } d) consumed[d.EntryId] = o.LineNo;
        var plan = DuesStatementRules.Plan(line.Amount ?? 0, scope.DuesOf(person.MemberId, consumed), open.Month);
        if (!plan.Ok) return Result.Refused("流水金额与应交不符", $"{person.Name}：{plan.Refusal}", field: "memberId");
        (line.State, line.MemberId, line.Months, line.Payments, line.AssignedBy, line.Reason) =
            (DuesStatementLineState.已匹配, person.MemberId, string.Join(",", plan.Pays.Select(p => DuesMonthRules.Code(p.Month))), plan.Pays.Count, actor.UserName, null);
        await db.SaveChangesAsync(ct);
        return View(line, person.Name);
    }

    private static GetDuesStatementImport.LineView View(DuesStatementLine l, string? name) =>
        new(l.Id, l.LineNo, l.PaidOn, l.Payer, l.AccountTail is null ? null : "****" + l.AccountTail, l.Memo, l.Amount, l.State.ToString(), l.MemberId, name,
            l.SuggestedMemberId, null, l.Months, l.Reason, l.AssignedBy is not null);
}
