using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// GET /api/v1/development/documents/confirmation-list.xlsx — 申请转正预备党员汇总预审表: the 预备党员 of the organization's
/// subtree who have applied for 转正 or whose 预备期 ends within <see cref="WithinDays"/> days (or has ended), one row each
/// with 入党时间, 预备期满, the 转正申请, 公示 and 支部大会, and an empty 党委预审意见 column. No ID numbers. Audited.
/// </summary>
public sealed class ExportConfirmationList(AppDbContext db, UserContext user, HolidayCalendar calendar, TimeProvider clock)
{
    public const int WithinDays = 60;

    public static readonly IReadOnlyList<string> Headers =
    [
        "序号", "姓名", "性别", "出生年月", "所在党支部", "入党时间（支部大会）", "党委审批时间", "入党介绍人", "入党宣誓时间", "预备期满时间", "延长预备期",
        "转正申请时间", "转正公示", "支部大会讨论转正时间", "表决结果", "支部大会决定", "党委预审意见",
    ];

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/documents/confirmation-list.xlsx", async (ExportConfirmationList h, CancellationToken ct) =>
                (await h.Handle(ct)).ToHttp(f => Results.File(f.Content, Xlsx.ContentType, f.FileName)))
           .Require(Permission.DevelopmentRead)
           .WithSummary("申请转正预备党员汇总预审表（Excel）：org 下已提出转正申请或预备期60天内期满的预备党员")
           .Produces(200, contentType: Xlsx.ContentType);

    public async Task<Result<ListFile>> Handle(CancellationToken ct = default)
    {
        var org = user.CurrentOrg!;
        var today = clock.Today();
        var cal = await calendar.LoadAsync(ct);
        var sheets = (await ListFile.CasesAsync(db, org, [DevelopmentState.预备党员, DevelopmentState.预备党员延长期], ct))
            .Where(s => Applied(s) || s.ProbationEnds is { } e && e <= today.AddDays(WithinDays)).ToList();
        var rows = sheets.Select((s, i) =>
        {
            var applied = Applied(s);
            // the 转正 支部大会 waiting for the 党委's approval, if any
            var meeting = s.Rows.Count(r => r.Version.Step == "23") > s.Rows.Count(r => r.Version.Step == "24") ? s.Last("23") : null;
            return (IReadOnlyList<object?>)
            [
                i + 1, s.Case.Name, s.Case.Gender.ToString(), s.BirthMonth, s.OrgName, CaseSheet.D(s.On("15")), CaseSheet.D(s.On("17")), s.Sponsors, CaseSheet.D(s.On("20")),
                CaseSheet.D(s.ProbationEnds), s.Extension is { } x ? $"{x}个月" : "", applied ? CaseSheet.D(s.On("22")) : "", applied ? s.Publicity("22a", cal) : "",
                CaseSheet.D(meeting?.On), meeting?.Fields.Vote is { } v ? Describe.Vote(v) : "", meeting?.Fields.Outcome?.ToString() ?? "", "",
            ];
        }).ToList();
        AuditEvents.Add(db, "development.confirmation_list.export", "development_cases", null, org.Id, new { rows = rows.Count });
        await db.SaveChangesAsync(ct);
        const string title = "申请转正预备党员汇总预审表";
        return new ListFile(Xlsx.Write(title, Headers, [.. rows, .. ListFile.SignBlock("党委预审意见")], above: ListFile.Above(title, org, today)),
            $"{title}-{org.Name}-{today:yyyyMMdd}.xlsx");
    }

    /// <summary>Whether the 转正申请 (step 22, recorded once) is recorded.</summary>
    private static bool Applied(CaseSheet s) => s.Last("22") is not null;
}
