using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// GET /api/v1/development/cases — the cases of an organization's subtree (?org=, default the switcher's), one page,
/// with what each needs next and the counts per stage (the branch's board; the 党委's queue with waiting=党委; overdue
/// gates with overdue=true; 预备期满 within N days with probationEndsWithin=N). Open cases only unless a closed state
/// is asked for or closed=true. ID numbers masked.
/// </summary>
public sealed class ListDevelopmentCases(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record Filter(
        DevelopmentStage? Stage = null, DevelopmentState? State = null, string? Text = null, StepActor? Waiting = null, bool Overdue = false,
        int? ProbationEndsWithin = null, bool Closed = false);

    public sealed record Row(
        long Id, long OrgId, string OrgName, string Name, string IdNumber, string Gender, DateOnly AppliedOn, DevelopmentState State,
        DevelopmentStage? Stage, string? LastStep, string? LastStepName, DateOnly? LastStepOn, DateOnly? ProbationEndsOn,
        bool Flagged, GetDevelopmentCase.NextView? Next, string? TransferringTo = null);

    public sealed record Paged(int Total, int Page, int PageSize, IReadOnlyList<Row> Items, IReadOnlyDictionary<DevelopmentStage, int> StageCounts);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/cases", async (string? stage, string? state, string? q, string? waiting, bool? overdue, int? probationEndsWithin, bool? closed,
                int? page, int? pageSize, ListDevelopmentCases handler, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                var filter = Parse(stage, state, q, waiting, overdue, probationEndsWithin, closed, errors);
                return errors.Count > 0 ? Result.Invalid(errors).ToHttp() : (await handler.Handle(filter, page, pageSize, ct)).ToHttp();
            })
           .Require(Permission.DevelopmentRead)
           .WithSummary("发展党员档案列表（org、stage：1–5 或阶段名称、state、q：姓名、waiting：支部/党委、overdue、probationEndsWithin：天数、closed、page、pageSize）")
           .Produces<Paged>().ProducesValidationProblem();

    /// <summary>The query string as a filter; errors under the parameter's name.</summary>
    public static Filter Parse(string? stage, string? state, string? q, string? waiting, bool? overdue, int? probationEndsWithin, bool? closed, Dictionary<string, string[]> errors)
    {
        DevelopmentStage? st = null;
        if (!string.IsNullOrWhiteSpace(stage))
        {
            if (Enum.TryParse<DevelopmentStage>(stage.Trim(), out var s) && Enum.IsDefined(s)) st = s;
            else errors["stage"] = ["阶段应为1至5或阶段名称"];
        }
        DevelopmentState? state1 = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (Enum.TryParse<DevelopmentState>(state.Trim(), out var s) && Enum.IsDefined(s)) state1 = s;
            else errors["state"] = ["状态不存在"];
        }
        StepActor? w = null;
        if (!string.IsNullOrWhiteSpace(waiting))
        {
            if (Enum.TryParse<StepActor>(waiting.Trim(), out var a) && Enum.IsDefined(a)) w = a;
            else errors["waiting"] = ["waiting 应为“支部”或“党委”"];
        }
        if (probationEndsWithin is < 0 or > 3660) errors["probationEndsWithin"] = ["天数应在0到3660之间"];
        return new Filter(st, state1, q, w, overdue == true, probationEndsWithin, closed == true);
    }

    /// <summary>One page of the cases under the current organization (authorized by the caller: DevelopmentRead).</summary>
    public async Task<Result<Paged>> Handle(Filter f, int? page, int? pageSize, CancellationToken ct = default)
    {
        var today = clock.Today();
        var org = user.CurrentOrg!;
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        var all = db.Set<DevelopmentCase>().AsNoTracking().Where(c => orgIds.Contains(c.OrgId));
        var open = DevelopmentSteps.OpenStates.ToList();
        var counts = (await all.Where(c => open.Contains(c.State)).GroupBy(c => c.State).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct))
            .GroupBy(x => DevelopmentSteps.StageOf(x.Key)!.Value).ToDictionary(g => g.Key, g => g.Sum(x => x.N));

        var q = all;
        if (f.State is { } s) q = q.Where(c => c.State == s);
        else if (f.Stage is { } stage)
        {
            var states = DevelopmentSteps.StatesOf(stage).ToList();
            q = q.Where(c => states.Contains(c.State));
        }
        else if (!f.Closed) q = q.Where(c => open.Contains(c.State));
        if (!string.IsNullOrWhiteSpace(f.Text))
        {
            var like = SqlLike.Contains(f.Text);
            q = q.Where(c => EF.Functions.ILike(c.Name, like));
        }
        q = q.OrderBy(c => c.OrgId).ThenBy(c => c.AppliedOn).ThenBy(c => c.Id);
        var cal = await calendar.LoadAsync(ct);
        var names = await db.UnderOrg(org).Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

        if (f.Waiting is null && !f.Overdue && f.ProbationEndsWithin is null)
        {
            var total = await q.CountAsync(ct);
            var w = Pager.Window(page, pageSize, total);
            var cases = await q.Skip(w.Skip).Take(w.Size).ToListAsync(ct);
            return new Paged(total, w.Page, w.Size, await RowsAsync(cases, names, today, cal, ct), counts);
        }
        // the filters on what is due next are computed from the timelines (a subtree's open cases: hundreds, not millions)
        var rows = (await RowsAsync(await q.ToListAsync(ct), names, today, cal, ct))
            .Where(r => f.Waiting is not { } actor || r.Next?.Actor == actor)
            .Where(r => !f.Overdue || r.Next?.Overdue == true)
            .Where(r => f.ProbationEndsWithin is not { } days || (r.ProbationEndsOn is { } end && end >= today && end <= today.AddDays(days) && r.State is DevelopmentState.预备党员 or DevelopmentState.预备党员延长期))
            .ToList();
        var win = Pager.Window(page, pageSize, rows.Count);
        return new Paged(rows.Count, win.Page, win.Size, rows.Skip(win.Skip).Take(win.Size).ToList(), counts);
    }

    private async Task<List<Row>> RowsAsync(List<DevelopmentCase> cases, Dictionary<long, string> orgNames, DateOnly today, WorkingDayCalendar cal, CancellationToken ct)
    {
        var ids = cases.Select(c => c.Id).ToList();
        var steps = (await db.Set<DevelopmentStep>().AsNoTracking().Where(s => ids.Contains(s.CaseId)).OrderBy(s => s.Id).ToListAsync(ct))
            .GroupBy(s => s.CaseId).ToDictionary(g => g.Key, g => DevelopmentFacts.Timeline(g.ToList()));
        // a 转出 waiting for the receiving side (转出中/待接收): the card says where to
        var waiting = await db.Set<DevelopmentTransfer>().AsNoTracking().Where(t => ids.Contains(t.CaseId) && t.State == DevelopmentTransferState.待接收)
            .Join(db.Organizations, t => t.OrgId, o => o.Id, (t, o) => new { t.CaseId, o.Name }).ToDictionaryAsync(x => x.CaseId, x => x.Name, ct);
        return cases.Select(c =>
        {
            var rows = steps.GetValueOrDefault(c.Id) ?? [];
            var entries = rows.Select(r => r.Entry).ToList();
            var pack = DevelopmentRulePacks.Get(c.PackVersion);
            var last = rows.LastOrDefault();
            return new Row(c.Id, c.OrgId, orgNames.GetValueOrDefault(c.OrgId) ?? "", c.Name, Masking.IdNumber(c.IdNumber), c.Gender.ToString(), c.AppliedOn, c.State,
                DevelopmentSteps.StageOf(c.State), last?.Version.Step, last is null ? null : DevelopmentSteps.Get(last.Version.Step).Name, last?.Version.On,
                GetDevelopmentCase.ProbationEndsOn(pack, entries), rows.Any(r => r.Version.Warnings.Length > 0),
                GetDevelopmentCase.Next(pack, c.State, entries, today, cal), waiting.GetValueOrDefault(c.Id));
        }).ToList();
    }
}
