using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>One branch for one period: each rule's 应开 / 已开 / 缺 and status, its gaps, and the valid meetings counted.</summary>
[Require(Permission.ComplianceRead, From = OrgFrom.Route, Key = "id")]
public sealed class BranchModel(ComplianceEngine engine, AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    public sealed record MeetingRow(long Id, string OrgName, DateTimeOffset HeldAt, MeetingKinds Kinds, string Topic, int Expected, int Present);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "period")] public string? PeriodCode { get; set; }
    public Organization Org { get; private set; } = null!;
    public Organization? Parent { get; private set; }
    public Period Period { get; private set; }
    public string? PeriodError { get; private set; }
    public BranchOutcome? Outcome { get; private set; }
    public IReadOnlyList<MeetingRow> Meetings { get; private set; } = [];
    public DateOnly Today { get; private set; }
    /// <summary>Whether the caller may open the parent's rollup (it may be outside their scope).</summary>
    public bool CanSeeParent { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        if (!await LoadAsync() || Outcome is null) return BadRequest();
        var rows = Outcome.Rules.Select(r => (IReadOnlyList<object?>)[r.Kind.ToString(), ComplianceView.Every(r.Frequency), r.Required, r.Held, r.Missing, r.Status.ToString(), string.Join("；", r.Gaps.Select(g => g.Message))])
            .Concat(Meetings.Select(m => (IReadOnlyList<object?>)["会议", ChineseDates.DateTime(m.HeldAt), MeetingRules.Display(m.Kinds), m.Topic, m.OrgName, $"{m.Present}/{m.Expected}", null]));
        var file = Xlsx.Stream("组织生活达标情况", ["类型", "频次", "应开", "已开", "缺", "状态", "说明"], rows);
        return File(file, Xlsx.ContentType, $"组织生活达标情况-{Org.Name}-{Period.Code}.xlsx");
    }

    private async Task<bool> LoadAsync()
    {
        Org = user.CurrentOrg!;
        Today = clock.Today();
        Parent = Org.ParentId is { } pid ? await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == pid, HttpContext.RequestAborted) : null;
        CanSeeParent = Parent is not null && await user.HasAsync(Permission.ComplianceRead, Parent, HttpContext.RequestAborted);
        var (p, error) = GetCompliance.ParsePeriodOrCurrent(PeriodCode, Today);
        if (p is null)
        {
            PeriodError = error;
            Period = Period.Containing(PeriodUnit.季, Today);
            return false;
        }
        Period = p.Value;
        if (!ComplianceRules.IsEvaluated(Org.Type)) return true;
        Outcome = await engine.EvaluateBranchAsync(Org.Id, Period, HttpContext.RequestAborted, Today);

        // the valid meetings of the branch and its 党小组 held in the period (a quarter's yearly items look at the whole
        // year; the year's view lists those)
        var start = ChineseDates.StartOf(Period.Start);
        var end = ChineseDates.StartOf(Period.End.AddDays(1));
        var orgId = Org.Id;
        // a yearly meeting counts in the December of its 所属年度 (a 2025年度组织生活会 held in January 2026 is listed
        // under 2025, where it counts, as well as in the month it was held)
        int? december = Period.End.Month == 12 ? Period.End.Year : null;
        Meetings = await (from m in db.Set<Meeting>().AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                          where (o.Id == orgId || (o.ParentId == orgId && o.Type == OrgType.党小组))
                                && m.State == MeetingState.已召开 && m.QuorumMet
                                && ((m.HeldAt >= start && m.HeldAt < end) || (december != null && m.YearOf == december))
                          orderby m.HeldAt
                          select new MeetingRow(m.Id, o.Name, m.HeldAt, m.Kinds, m.Topic, m.Expected, m.Present)).ToListAsync(HttpContext.RequestAborted);
        return true;
    }

    public string Link(Period p, string? handler = null) => $"/Compliance/Branch/{Org.Id}?period={p.Code}" + (handler is null ? "" : "&handler=" + handler);
}
