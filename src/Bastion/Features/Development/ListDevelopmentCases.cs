using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// GET /api/v1/development/cases — the cases of an organization's subtree (?org=, default the switcher's), one page,
/// with what each needs next, the counts per stage (the branch's board) and the counts of the 党委's queue. The filters on
/// what is due next run in SQL over the whole subtree (the stored queue values, <see cref="DevelopmentQueue"/>): the
/// 党委's queue with waiting=党委 or steps=4,8,18; overdue gates with due=overdue (or overdue=true); deadlines within N
/// days with due=N; 预备期满 within N days with probationEndsWithin=N. A case whose 转出 waits for the receiving branch
/// (转接中, decision 0014) can have nothing recorded until it is decided: it is left out of those filters and of the
/// queue's counts, counted apart (queue.transferring) and listed with transferring=true. Open cases only unless a closed
/// state is asked for or closed=true. ID numbers masked.
/// </summary>
public sealed class ListDevelopmentCases(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    /// <summary>预备期满 within this many days is a figure of its own (DOMAIN-2 §1.8) and a tab of the 党委's queue.</summary>
    public const int ProbationSoonDays = 60;

    public sealed record Filter(
        DevelopmentStage? Stage = null, DevelopmentState? State = null, string? Text = null, StepActor? Waiting = null, bool Overdue = false,
        int? ProbationEndsWithin = null, bool Closed = false, IReadOnlyList<string>? Steps = null, int? DueWithin = null, bool Transferring = false)
    {
        /// <summary>Whether the filter asks about what is due next (the queue's filters, which leave out the cases 转接中).</summary>
        public bool OnDue => Waiting is not null || Overdue || ProbationEndsWithin is not null || Steps is { Count: > 0 } || DueWithin is not null;
    }

    public sealed record Row(
        long Id, long OrgId, string OrgName, string Name, string IdNumber, string Gender, DateOnly AppliedOn, DevelopmentState State,
        DevelopmentStage? Stage, string? LastStep, string? LastStepName, DateOnly? LastStepOn, DateOnly? ProbationEndsOn,
        bool Flagged, GetDevelopmentCase.NextView? Next, string? TransferringTo = null);

    /// <summary>
    /// The queue's counts over the subtree (same organization, state and name filters as the page, none of the due-next
    /// filters): cases by the step due next, overdue ones, and 预备期满 within <see cref="ProbationSoonDays"/> days — none
    /// of them counting a case 转接中 — and the cases 转接中 (a 转出 waiting for the receiving branch).
    /// </summary>
    public sealed record QueueCounts(IReadOnlyDictionary<string, int> Next, int Overdue, int ProbationSoon, int Transferring = 0)
    {
        public int Of(IEnumerable<string> steps) => steps.Sum(s => Next.GetValueOrDefault(s));
    }

    public sealed record Paged(int Total, int Page, int PageSize, IReadOnlyList<Row> Items, IReadOnlyDictionary<DevelopmentStage, int> StageCounts, QueueCounts Queue);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/cases", async (string? stage, string? state, string? q, string? waiting, string? steps, string? due, bool? overdue,
                int? probationEndsWithin, bool? closed, bool? transferring, int? page, int? pageSize, ListDevelopmentCases handler, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                var filter = Parse(stage, state, q, waiting, overdue, probationEndsWithin, closed, errors, steps, due) with { Transferring = transferring == true };
                return errors.Count > 0 ? Result.Invalid(errors).ToHttp() : (await handler.Handle(filter, page, pageSize, ct)).ToHttp();
            })
           .Require(Permission.DevelopmentRead)
           .WithSummary("发展党员档案列表（org、stage：1–5 或阶段名称、state、q：姓名、waiting：支部/党委、steps：下一步骤，如 4,8,18、due：overdue 或天数（期限在N天内，含已超期）、"
                        + "overdue、probationEndsWithin：天数、closed、transferring：转接中（转出待对方接收，不计入待办和超期）、page、pageSize）；queue 为整个范围的待办计数")
           .Produces<Paged>().ProducesValidationProblem();

    /// <summary>The query string as a filter; errors under the parameter's name.</summary>
    public static Filter Parse(string? stage, string? state, string? q, string? waiting, bool? overdue, int? probationEndsWithin, bool? closed,
        Dictionary<string, string[]> errors, string? steps = null, string? due = null)
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
        List<string>? codes = null;
        if (!string.IsNullOrWhiteSpace(steps))
        {
            var parts = steps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var found = parts.Select(DevelopmentSteps.Find).ToList();
            if (parts.Length == 0 || parts.Length > DevelopmentSteps.All.Count || found.Any(d => d is null)) errors["steps"] = ["steps 应为以逗号分隔的步骤编号（1至25，或12a、22a）"];
            else codes = [.. found.Select(d => d!.Code).Distinct()];
        }
        int? dueWithin = null;
        var late = overdue == true;
        if (!string.IsNullOrWhiteSpace(due))
        {
            if (due.Trim().Equals("overdue", StringComparison.OrdinalIgnoreCase)) late = true;
            else if (int.TryParse(due.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= 3660) dueWithin = n;
            else errors["due"] = ["due 应为 overdue（已超期）或0到3660之间的天数"];
        }
        if (probationEndsWithin is < 0 or > 3660) errors["probationEndsWithin"] = ["天数应在0到3660之间"];
        return new Filter(st, state1, q, w, late, probationEndsWithin, closed == true, codes, dueWithin);
    }

    /// <summary>One page of the cases under the current organization (authorized by the caller: DevelopmentRead).</summary>
    public async Task<Result<Paged>> Handle(Filter f, int? page, int? pageSize, CancellationToken ct = default)
    {
        var today = clock.Today();
        var org = user.CurrentOrg!;
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        var all = db.Set<DevelopmentCase>().AsNoTracking().Where(c => orgIds.Contains(c.OrgId));
        await DevelopmentQueue.RefreshAsync(db, all.Select(c => c.Id), today, ct);
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
        var queue = await CountAsync(q, today, ct);

        // 转接中: a 转出 waits for the receiving branch; nothing is due from anyone until it is decided
        var transfers = db.Set<DevelopmentTransfer>().AsNoTracking().Where(t => t.State == DevelopmentTransferState.待接收);
        if (f.Transferring) q = q.Where(c => transfers.Any(t => t.CaseId == c.Id));
        else if (f.OnDue) q = q.Where(c => !transfers.Any(t => t.CaseId == c.Id));

        // what is due next, in SQL over the whole subtree
        var entries = db.Set<DevelopmentQueueEntry>().AsNoTracking();
        if (f.Waiting is { } actor)
        {
            var codes = DevelopmentSteps.All.Where(d => d.Actor == actor).Select(d => d.Code).ToList();
            q = q.Where(c => entries.Any(e => e.CaseId == c.Id && codes.Contains(e.NextStep!)));
        }
        if (f.Steps is { Count: > 0 } steps)
        {
            var codes = steps.ToList();
            q = q.Where(c => entries.Any(e => e.CaseId == c.Id && codes.Contains(e.NextStep!)));
        }
        if (f.Overdue) q = q.Where(c => entries.Any(e => e.CaseId == c.Id && e.NextDue < today));
        if (f.DueWithin is { } within)
        {
            var until = today.AddDays(within);
            q = q.Where(c => entries.Any(e => e.CaseId == c.Id && e.NextDue <= until));
        }
        if (f.ProbationEndsWithin is { } days)
        {
            var until = today.AddDays(days);
            q = q.Where(c => (c.State == DevelopmentState.预备党员 || c.State == DevelopmentState.预备党员延长期)
                             && entries.Any(e => e.CaseId == c.Id && e.ProbationEndsOn >= today && e.ProbationEndsOn <= until));
        }
        q = q.OrderBy(c => c.OrgId).ThenBy(c => c.AppliedOn).ThenBy(c => c.Id);
        var total = await q.CountAsync(ct);
        var w = Pager.Window(page, pageSize, total);
        var cases = await q.Skip(w.Skip).Take(w.Size).ToListAsync(ct);
        var cal = await calendar.LoadAsync(ct);
        var orgsOnPage = cases.Select(c => c.OrgId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgsOnPage.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return new Paged(total, w.Page, w.Size, await RowsAsync(cases, names, today, cal, ct), counts, queue);
    }

    /// <summary>The queue's counts over the cases of <paramref name="q"/> (three grouped queries), the cases 转接中 apart.</summary>
    private async Task<QueueCounts> CountAsync(IQueryable<DevelopmentCase> all, DateOnly today, CancellationToken ct)
    {
        var transfers = db.Set<DevelopmentTransfer>().AsNoTracking().Where(t => t.State == DevelopmentTransferState.待接收);
        var transferring = await all.CountAsync(c => transfers.Any(t => t.CaseId == c.Id), ct);
        var q = all.Where(c => !transfers.Any(t => t.CaseId == c.Id));
        var entries = db.Set<DevelopmentQueueEntry>().AsNoTracking();
        var byStep = await (from c in q
                            join e in entries on c.Id equals e.CaseId
                            where e.NextStep != null
                            group e by e.NextStep into g
                            select new { Step = g.Key!, N = g.Count(), Late = g.Count(x => x.NextDue < today) }).ToListAsync(ct);
        var until = today.AddDays(ProbationSoonDays);
        var soon = await (from c in q
                          join e in entries on c.Id equals e.CaseId
                          where (c.State == DevelopmentState.预备党员 || c.State == DevelopmentState.预备党员延长期) && e.ProbationEndsOn >= today && e.ProbationEndsOn <= until
                          select c.Id).CountAsync(ct);
        return new QueueCounts(byStep.ToDictionary(x => x.Step, x => x.N), byStep.Sum(x => x.Late), soon, transferring);
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
