using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Calendar;

/// <summary>
/// /Admin/Calendar (节假日安排, 系统管理员): the recorded years, one year as 12 month grids where a tap toggles a day
/// 休/班, the whole year pasted as dates, deleting a year (after a confirmation), and a trial count of working days that
/// says when it is 暂算. Every change goes through <see cref="SaveHolidayYear"/> / <see cref="DeleteHolidayYear"/>.
/// </summary>
[Require(Permission.CalendarManage, From = OrgFrom.None)]
public sealed class IndexModel(AppDbContext db, GetHolidayYear get, TimeProvider clock) : PageModel
{
    public sealed record YearRow(int Year, bool Recorded, int DaysOff, int MakeupWorkdays, string? Source, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    public sealed class EditInput
    {
        public string? Source { get; set; }
        public string? DaysOff { get; set; }
        public string? MakeupWorkdays { get; set; }
    }

    /// <summary>The year shown (default: this year in China).</summary>
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public EditInput Input { get; set; } = new();
    /// <summary>The trial count (试算): from which day, how many working days.</summary>
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public int? Count { get; set; }
    [TempData] public string? Flash { get; set; }

    public IReadOnlyList<YearRow> Years { get; private set; } = [];
    public GetHolidayYear.Response Selected { get; private set; } = null!;
    public IReadOnlySet<DateOnly> Off { get; private set; } = new HashSet<DateOnly>();
    public IReadOnlySet<DateOnly> Worked { get; private set; } = new HashSet<DateOnly>();
    public CountWorkingDays.Response? Trial { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromServices] CountWorkingDays count)
    {
        if (!await LoadAsync()) return NotFound();
        if (From is not null || Count is not null)
        {
            var r = await count.Handle(From, Count, HttpContext.RequestAborted);
            if (r.IsOk) Trial = r.Value;
            else r.AddTo(ModelState, "Trial");
        }
        return Page();
    }

    /// <summary>Records or replaces the shown year from the pasted dates.</summary>
    public async Task<IActionResult> OnPostSaveAsync([FromServices] SaveHolidayYear save)
    {
        if (!await LoadAsync()) return NotFound();
        var (daysOff, offError) = HolidayArrangementRules.Parse(Input.DaysOff);
        var (makeup, makeupError) = HolidayArrangementRules.Parse(Input.MakeupWorkdays);
        if (offError is not null) ModelState.AddModelError("Input.DaysOff", offError);
        if (makeupError is not null) ModelState.AddModelError("Input.MakeupWorkdays", makeupError);
        if (offError is not null || makeupError is not null) return Page();
        var result = await save.Handle(Selected.Year, new SaveHolidayYear.Request(Input.Source, [.. daysOff!], [.. makeup!]), HttpContext.RequestAborted);
        if (result.ToStatusPage() is { } status) return status;
        if (!result.AddTo(ModelState, nameof(Input))) return Page();
        Flash = Selected.Recorded ? $"已保存{Selected.Year}年的节假日安排。" : $"已录入{Selected.Year}年的节假日安排。";
        return RedirectToPage(new { year = Selected.Year });
    }

    /// <summary>One tap on a day of a recorded year: 普通 → 休 → 班 (weekends only) → 普通.</summary>
    public async Task<IActionResult> OnPostToggleAsync(DateOnly day, [FromServices] ToggleHolidayDay toggle)
    {
        if (!await LoadAsync()) return NotFound();
        var result = await toggle.Handle(day, HttpContext.RequestAborted);
        if (result.ToStatusPage() is { } status) return status;
        if (!result.IsOk)
        {
            ModelState.AddModelError("Toggle", result.Status.FirstMessage!);
            return Page();
        }
        var what = result.Value switch { HolidayDayKind.休 => "放假", HolidayDayKind.班 => "调休上班", _ => "恢复为普通日" };
        Flash = $"{HolidayArrangementRules.Iso(day)}（{HolidayArrangementRules.WeekdayName(day)}）已改为：{what}。";
        return RedirectToPage(new { year = day.Year });
    }

    public async Task<IActionResult> OnPostDeleteAsync([FromServices] DeleteHolidayYear delete)
    {
        if (!await LoadAsync()) return NotFound();
        var result = await delete.Handle(Selected.Year, HttpContext.RequestAborted);
        if (result.ToStatusPage() is { } status) return status;
        if (!result.AddTo(ModelState, "Toggle")) return Page();
        Flash = $"已删除{Selected.Year}年的节假日安排；涉及该年的工作日计算将为暂算。";
        return RedirectToPage(new { year = Selected.Year });
    }

    public string? Error(string key) =>
        ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    public HolidayDayKind KindOf(DateOnly day) => HolidayArrangementRules.KindOf(day, Off, Worked);

    /// <summary>False when the asked year is outside the range the calendar keeps.</summary>
    private async Task<bool> LoadAsync()
    {
        Today = clock.Today();
        Year ??= Today.Year;
        var selected = await get.Handle(Year.Value, HttpContext.RequestAborted);
        if (!selected.IsOk) return false;
        Selected = selected.Value;
        Off = Selected.DaysOff.ToHashSet();
        Worked = Selected.MakeupWorkdays.ToHashSet();
        // the paste form shows the recorded dates unless it is being posted
        if (Input.Source is null && Input.DaysOff is null && Input.MakeupWorkdays is null)
            Input = new EditInput
            {
                Source = Selected.Source,
                DaysOff = HolidayArrangementRules.Format(Selected.DaysOff),
                MakeupWorkdays = HolidayArrangementRules.Format(Selected.MakeupWorkdays),
            };

        var rows = await db.Set<HolidayArrangement>().AsNoTracking().OrderBy(h => h.Year)
            .Select(h => new YearRow(h.Year, true, h.DaysOff.Length, h.MakeupWorkdays.Length, h.Source, h.UpdatedAt, h.UpdatedBy))
            .ToListAsync(HttpContext.RequestAborted);
        // this year, next year and the shown one are listed even when missing: counts touching them are 暂算
        foreach (var y in new[] { Today.Year, Today.Year + 1, Selected.Year }.Distinct())
            if (rows.All(r => r.Year != y)) rows.Add(new YearRow(y, false, 0, 0, null, null, null));
        Years = [.. rows.OrderByDescending(r => r.Year)];
        return true;
    }
}
