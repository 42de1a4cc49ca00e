using System.Runtime.CompilerServices;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The arrears list of an organization's subtree as .xlsx (the page's filters applied), audited as a dues export. The rows
/// are read with a streaming query and written as they come (<see cref="DuesExportFile"/>): nothing the size of the list is
/// held in memory.
/// </summary>
public sealed class ExportDuesArrears(AppDbContext db, ListDuesArrears list, TimeProvider clock)
{
    public static readonly DuesSheet Sheet = new("欠交党费名单", ["姓名", "支部", "连续未交（月）", "起始月份", "合计（元）", "处理"]);

    public async Task<Result<DuesExportFile>> Handle(long orgId, ListDuesArrears.Filter filter, CancellationToken ct = default)
    {
        var started = await DuesYearExport.StartAsync(db, orgId, clock.Today().Year, "arrears", ct);
        if (!started.IsOk) return started.Status;
        var q = await list.QueryAsync(orgId, filter, ct);
        if (q is null) return Result.NotFound();
        return new DuesExportFile($"欠交党费名单-{started.Value.Name}-{ChineseDates.DayOf(clock.GetUtcNow()):yyyyMMdd}.xlsx", Sheet, RowsAsync(q, ct));
    }

    private static async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(IQueryable<DuesArrears.Row> q, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in DuesArrears.Ordered(q).AsAsyncEnumerable().WithCancellation(ct))
            yield return [r.Name, r.BranchName, r.Months, DuesMonthRules.Code(r.SinceMonth), r.Owed, DuesMonthRules.Label(r.Level)];
    }
}
