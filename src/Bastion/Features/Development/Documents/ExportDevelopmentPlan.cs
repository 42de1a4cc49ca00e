using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// GET /api/v1/development/plan.xlsx?org=&amp;year= — 年度发展党员计划完成情况 (.xlsx): each branch's share and approvals,
/// the organization's total with the completion rate, the approvals per month, the busiest one-month window and the
/// rushed-development warning. Names no person. Audited as an export.
/// </summary>
public sealed class ExportDevelopmentPlan(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Headers = ["序号", "组织", "计划发展人数", "已批准接收预备党员人数", "完成率", "备注"];

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/plan.xlsx", async (int? year, ExportDevelopmentPlan h, CancellationToken ct) =>
                (await h.Handle(year, ct)).ToHttp(f => Results.File(f.Content, Xlsx.ContentType, f.FileName)))
           .Require(Permission.DevelopmentRead)
           .WithSummary("年度发展党员计划完成情况（Excel；org、year，默认今年）")
           .Produces(200, contentType: Xlsx.ContentType).ProducesValidationProblem();

    public async Task<Result<ListFile>> Handle(int? year, CancellationToken ct = default)
    {
        var today = clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year + 1) return Result.Invalid("year", $"年度应在2000年至{today.Year + 1}年之间");
        var org = user.CurrentOrg!;
        var plan = await GetDevelopmentPlan.LoadAsync(db, org, y, today, ct);
        var rows = Rows(plan);
        AuditEvents.Add(db, "development.plan.export", "development_plans", null, org.Id, new { year = y });
        await db.SaveChangesAsync(ct);
        return new ListFile(Xlsx.Write($"{y}年发展党员计划完成情况", Headers, rows), $"{y}年发展党员计划完成情况-{org.Name}-{today:yyyyMMdd}.xlsx");
    }

    public static string Rate(int? planned, int approved) =>
        planned is { } p and > 0 ? (approved * 100m / p).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "";

    public static List<IReadOnlyList<object?>> Rows(GetDevelopmentPlan.Response p)
    {
        var rows = new List<IReadOnlyList<object?>>();
        var i = 0;
        foreach (var b in p.Branches)
            rows.Add([++i, b.Name, b.Planned, b.Approved, Rate(b.Planned, b.Approved), b.Planned is null ? "未分解计划" : ""]);
        rows.Add(["", $"合计（{p.OrgName}）", p.Planned, p.Approved, Rate(p.Planned, p.Approved), p.Planned is null ? "未制定年度计划" : $"截至{DevelopmentGates.D(p.AsOf)}"]);
        rows.Add(["", "", "", "", "", ""]);
        for (var m = 0; m < 12; m++)
            rows.Add(["", $"{p.Year}年{m + 1}月批准", "", p.ByMonth[m], Rate(p.Planned, p.ByMonth[m]), ""]);
        if (p.BusiestMonth is { } w)
            rows.Add(["", "一个月内批准最多", "", w.Approved, Rate(p.Planned, w.Approved), $"{DevelopmentGates.D(w.From)}至{DevelopmentGates.D(w.To)}"]);
        rows.Add(["", "突击发展预警", "", "", "", p.RushedWarning ?? $"无（一个月内批准未超过年度计划的{p.RushedSharePercent}%）"]);
        return rows;
    }
}
