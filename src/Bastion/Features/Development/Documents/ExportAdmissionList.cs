using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// GET /api/v1/development/documents/admission-list.xlsx — 拟吸收预备党员名单汇总审批表: the people of the organization's
/// subtree whose 支部大会 has passed them and who wait for the 党委's approval (预备党员待审批), one row each with the dates
/// and results of their process and an empty 党委审批意见 column for the 党委会. No ID numbers. Every export is audited.
/// </summary>
public sealed class ExportAdmissionList(AppDbContext db, UserContext user, HolidayCalendar calendar, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Headers =
    [
        "序号", "姓名", "性别", "出生年月", "所在党支部", "申请入党时间", "确定入党积极分子时间", "确定发展对象时间", "培养联系人", "入党介绍人",
        "政审结论", "培训情况", "公示情况", "党委预审时间", "志愿书编号", "支部大会时间", "表决结果", "党委审批意见",
    ];

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/documents/admission-list.xlsx", async (ExportAdmissionList h, CancellationToken ct) =>
                (await h.Handle(ct)).ToHttp(f => Results.File(f.Content, Xlsx.ContentType, f.FileName)))
           .Require(Permission.DevelopmentRead)
           .WithSummary("拟吸收预备党员名单汇总审批表（Excel）：org 下支部大会已通过、待党委审批的人员")
           .Produces(200, contentType: Xlsx.ContentType);

    public async Task<Result<ListFile>> Handle(CancellationToken ct = default)
    {
        var org = user.CurrentOrg!;
        var sheets = await ListFile.CasesAsync(db, org, [DevelopmentState.预备党员待审批], ct);
        var cal = await calendar.LoadAsync(ct);
        var rows = sheets.Select((s, i) => (IReadOnlyList<object?>)
        [
            i + 1, s.Case.Name, s.Case.Gender.ToString(), s.BirthMonth, s.OrgName, CaseSheet.D(s.On("1") ?? s.Case.AppliedOn), CaseSheet.D(s.On("3")), CaseSheet.D(s.On("7")),
            s.Contacts, s.Sponsors, s.PoliticalReview, s.Training, s.Publicity("12a", cal), CaseSheet.D(s.On("13")), s.Case.VolunteerBookNo ?? "",
            CaseSheet.D(s.On("15")), s.Vote("15"), "",
        ]).ToList();
        AuditEvents.Add(db, "development.admission_list.export", "development_cases", null, org.Id, new { rows = rows.Count });
        await db.SaveChangesAsync(ct);
        const string title = "拟吸收预备党员名单汇总审批表";
        var today = clock.Today();
        return new ListFile(Xlsx.Write(title, Headers, [.. rows, .. ListFile.SignBlock("党委审批意见")], above: ListFile.Above(title, org, today)),
            $"{title}-{org.Name}-{today:yyyyMMdd}.xlsx");
    }
}

/// <summary>A summary list (.xlsx) of the cases of a subtree.</summary>
public sealed record ListFile(byte[] Content, string FileName)
{
    /// <summary>At most this many rows: a 党委's batch is far smaller.</summary>
    public const int MaxRows = 5000;

    /// <summary>The lines above a form's header: its title, the organization that issues it, the day it was made.</summary>
    public static IReadOnlyList<string> Above(string title, Organization org, DateOnly today) =>
        [title, $"{(OrgRules.IsCommittee(org.Type) ? "党委" : "党组织")}：{org.Name}", $"制表日期：{ChineseDates.Date(today)}"];

    /// <summary>The block under a form's rows where the 党委 writes its opinion, signs and seals.</summary>
    public static IReadOnlyList<IReadOnlyList<object?>> SignBlock(string opinion) =>
    [
        [],
        [$"{opinion}："],
        ["负责人（签字）：", null, null, "（党委盖章）"],
        [null, null, null, "年　　月　　日"],
    ];

    /// <summary>The cases in the states under <paramref name="org"/>, by branch and application date, with their timelines.</summary>
    public static async Task<List<CaseSheet>> CasesAsync(AppDbContext db, Organization org, IReadOnlyList<DevelopmentState> states, CancellationToken ct)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        var list = states.ToList();
        var cases = await db.Set<DevelopmentCase>().AsNoTracking().Where(c => orgIds.Contains(c.OrgId) && list.Contains(c.State))
            .OrderBy(c => c.OrgId).ThenBy(c => c.AppliedOn).ThenBy(c => c.Id).Take(MaxRows).ToListAsync(ct);
        return await CaseSheet.LoadAsync(db, cases, ct);
    }
}
