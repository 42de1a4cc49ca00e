using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>
/// 工作计划: a branch's calendar of organizational life (month and year views) with its plans, the fixed 主题党日 day,
/// generating the year's 主题党日 and copying last year's plans; a superior sees its subtree, filtered by child.
/// </summary>
[Require(Permission.MeetingRead)]
public sealed class IndexModel(UserContext caller, TimeProvider clock, AppDbContext db, SavePlan savePlan, CancelPlan cancelPlan, SetThemeDay setThemeDay,
    GenerateThemeDayPlans generate, CopyLastYearPlans copy) : BranchPageModel(caller, clock)
{
    public sealed class PlanInput
    {
        public List<string> Types { get; set; } = [];
        public DateOnly? Date { get; set; }
        public TimeOnly? Time { get; set; }
        public string? Topic { get; set; }
        public string? Place { get; set; }
    }

    public sealed record Child(long Id, string Name);

    [BindProperty(SupportsGet = true, Name = "view")] public string? Mode { get; set; }
    [BindProperty(SupportsGet = true)] public int? Month { get; set; }
    [BindProperty(SupportsGet = true, Name = "child")] public long? ChildFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "edit")] public long? EditId { get; set; }

    public bool YearView => Mode == "year";
    public int M { get; private set; }
    public IReadOnlyList<ListPlans.Row> Rows { get; private set; } = [];
    public IReadOnlyList<Child> Children { get; private set; } = [];
    public long? ChildId { get; private set; }
    public BranchSetting? Setting { get; private set; }
    public PlanInput Plan { get; private set; } = new();
    public long? Editing { get; private set; }
    public int? ThemeDayInput { get; private set; }
    public string? ThemePlaceInput { get; private set; }
    public TimeOnly? ThemeTimeInput { get; private set; }

    /// <summary>Query values that keep the page's organization and view on links and form posts.</summary>
    public Dictionary<string, string> RouteFor(string? view = null, int? year = null, int? month = null)
    {
        var d = new Dictionary<string, string>
        {
            ["org"] = Org.Id.ToString(CultureInfo.InvariantCulture),
            ["view"] = view ?? (YearView ? "year" : "month"),
            ["year"] = (year ?? Y).ToString(CultureInfo.InvariantCulture),
            ["month"] = (month ?? M).ToString(CultureInfo.InvariantCulture),
        };
        if (ChildId is { } c) d["child"] = c.ToString(CultureInfo.InvariantCulture);
        return d;
    }

    public string Link(string? view = null, int? year = null, int? month = null) =>
        "/Plans" + QueryString.Create(RouteFor(view, year, month).Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync(PlanInput plan) => await SaveAsync(null, plan);

    public async Task<IActionResult> OnPostUpdateAsync(long id, PlanInput plan) => await SaveAsync(id, plan);

    private async Task<IActionResult> SaveAsync(long? id, PlanInput plan)
    {
        if (!await HasManageAsync()) return Forbidden();
        var saved = await savePlan.Handle(Org, id, new SavePlan.Request(plan.Types, plan.Date, plan.Time, plan.Topic, plan.Place),
            Caller.UserName, HttpContext.RequestAborted);
        if (!saved.IsOk) { Errors = saved.Status.Errors!.ToDictionary(); Plan = plan; Editing = id; }
        else
        {
            Message = id is null ? $"已新建计划：{ChineseDates.Date(plan.Date!.Value)} {plan.Topic!.Trim()}。" : "计划已修改。";
            (Year, Month) = (plan.Date!.Value.Year, plan.Date.Value.Month);
            EditId = null;
        }
        return await PageAsync(keepPlan: !saved.IsOk);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        if (!await HasManageAsync()) return Forbidden();
        var cancelled = await cancelPlan.Handle(Org, id, HttpContext.RequestAborted);
        if (!cancelled.IsOk) Errors = new Dictionary<string, string[]> { ["cancel"] = [cancelled.FirstMessage!] };
        else Message = "计划已取消。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostThemeDayAsync(int? themeDay, TimeOnly? themeTime, string? themePlace)
    {
        if (!await HasManageAsync()) return Forbidden();
        var set = await setThemeDay.Handle(Org, new SetThemeDay.Request(themeDay, themeTime, themePlace), Caller.UserName, HttpContext.RequestAborted);
        if (!set.IsOk) { Errors = set.Errors!.ToDictionary(); ThemeDayInput = themeDay; ThemePlaceInput = themePlace; ThemeTimeInput = themeTime; }
        else Message = $"主题党日已固定为每月{themeDay}日。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostGenerateAsync()
    {
        if (!await HasManageAsync()) return Forbidden();
        var year = Year ?? Clock.Today().Year;
        var generated = await generate.Handle(Org, year, Caller.UserName, HttpContext.RequestAborted);
        if (!generated.IsOk) Errors = new Dictionary<string, string[]> { ["generate"] = [generated.Status.FirstMessage!] };
        else if (generated.Value is var o) Message = $"已生成{year}年主题党日计划{o.Created}个" + Skipped(o.Existing, "已有主题党日") + Skipped(o.Past, "日期已过") + "。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostCopyAsync()
    {
        if (!await HasManageAsync()) return Forbidden();
        var year = Year ?? Clock.Today().Year;
        var copied = await copy.Handle(Org, year, Caller.UserName, HttpContext.RequestAborted);
        if (!copied.IsOk) Errors = new Dictionary<string, string[]> { ["copy"] = [copied.Status.FirstMessage!] };
        else if (copied.Value is var o) Message = $"已从{year - 1}年的{o.Source}项安排复制{o.Created}个计划" + Skipped(o.Duplicates, "重复") + Skipped(o.Past, "日期已过") + "。";
        return await PageAsync();
    }

    private static string Skipped(int n, string why) => n > 0 ? $"，跳过{n}个（{why}）" : "";

    private async Task<IActionResult> PageAsync(bool keepPlan = false)
    {
        await LoadAsync(keepPlan);
        return Page();
    }

    private async Task LoadAsync(bool keepPlan = false)
    {
        var ct = HttpContext.RequestAborted;
        await LoadCommonAsync();
        M = Month is >= 1 and <= 12 ? Month.Value : (Y == Today.Year ? Today.Month : 1);

        var root = Org;
        if (!IsBranch)
        {
            Children = await db.Organizations.AsNoTracking().Where(o => o.ParentId == Org.Id && o.Status == OrgStatus.正常)
                .OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new Child(o.Id, o.Name)).ToListAsync(ct);
            if (ChildFilter is { } c && Children.Any(x => x.Id == c))
            {
                ChildId = c;
                root = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c, ct);
            }
        }
        var (from, to) = YearView
            ? PlanQueries.YearRange(Y)
            : PlanQueries.Range(PlanRules.MonthGrid(Y, M)[0][0], PlanRules.MonthGrid(Y, M)[^1][6].AddDays(1));
        Rows = await ListPlans.RowsAsync(db, root, from, to, [MeetingState.计划, MeetingState.已召开, MeetingState.已取消], ct);

        if (IsBranch)
        {
            Setting = await SetThemeDay.GetAsync(db, Org.Id, ct);
            if (!keepPlan && EditId is { } id && CanManage)
            {
                var m = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.OrgId == Org.Id && x.State == MeetingState.计划, ct);
                if (m is not null)
                {
                    Editing = m.Id;
                    Plan = new PlanInput
                    {
                        Types = MeetingRules.Split(m.Kinds).Select(k => k.ToString()).ToList(), Date = PlanRules.LocalDate(m.HeldAt),
                        Time = PlanRules.LocalTime(m.HeldAt), Topic = m.Topic, Place = m.Place,
                    };
                }
            }
        }
    }
}
