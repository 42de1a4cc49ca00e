using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Features.Inspections.Reports;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// GET /api/v1/development/documents/publicity.docx — the 公示 notice (.docx, §1.7 item 1): the names, unit and stage of
/// the people to be admitted (发展对象, kind 接收) or confirmed (预备党员, kind 转正) in the organization's subtree, the
/// 公示期 from its first day over the pack's working days on the holiday calendar (marked 暂算 when a year's calendar
/// is missing), and the telephone and mailbox for views as entered on the form. Every export is audited.
/// </summary>
public sealed class ExportPublicityNotice(AppDbContext db, UserContext user, HolidayCalendar calendar)
{
    public const int MaxCases = 200;

    public enum NoticeKind { 接收 = 1, 转正 = 2 }

    public sealed record Request(string? Kind, string? Cases, DateOnly? Start, string? Phone, string? Mailbox, string? Issuer);

    public sealed record Document(byte[] Content, string FileName);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/documents/publicity.docx", async (string? kind, string? cases, DateOnly? start, string? phone, string? mailbox, string? issuer,
                ExportPublicityNotice h, CancellationToken ct) =>
                (await h.Handle(new Request(kind, cases, start, phone, mailbox, issuer), ct)).ToHttp(f => Results.File(f.Content, WordDocument.ContentType, f.FileName)))
           .Require(Permission.DevelopmentRead)
           .WithSummary("发展党员公示（Word）：org、kind（接收/转正）、cases（档案编号，逗号分隔；默认全部）、start（公示第一天 yyyy-mm-dd）、phone、mailbox（受理意见的电话和邮箱）、issuer（落款，默认本组织）")
           .Produces(200, contentType: WordDocument.ContentType).ProducesValidationProblem();

    /// <summary>The states whose people a notice of the kind lists.</summary>
    public static IReadOnlyList<DevelopmentState> StatesOf(NoticeKind kind) => kind == NoticeKind.接收
        ? [DevelopmentState.发展对象]
        : [DevelopmentState.预备党员, DevelopmentState.预备党员延长期];

    public static NoticeKind? ParseKind(string? kind) =>
        string.IsNullOrWhiteSpace(kind) ? NoticeKind.接收 : Enum.TryParse<NoticeKind>(kind.Trim(), out var k) && Enum.IsDefined(k) ? k : null;

    /// <summary>The cases a notice of the kind may list under the current organization (for the form).</summary>
    public async Task<List<DevelopmentCase>> CandidatesAsync(NoticeKind kind, CancellationToken ct)
    {
        var orgIds = db.UnderOrg(user.CurrentOrg!).Select(o => o.Id);
        var states = StatesOf(kind).ToList();
        return await db.Set<DevelopmentCase>().AsNoTracking().Where(c => orgIds.Contains(c.OrgId) && states.Contains(c.State))
            .OrderBy(c => c.OrgId).ThenBy(c => c.AppliedOn).ThenBy(c => c.Id).Take(MaxCases + 1).ToListAsync(ct);
    }

    /// <summary>The notice for the current organization (authorized by the caller: DevelopmentRead).</summary>
    public async Task<Result<Document>> Handle(Request r, CancellationToken ct = default)
    {
        var org = user.CurrentOrg!;
        var errors = new Dictionary<string, string[]>();
        var kind = ParseKind(r.Kind);
        if (kind is null) errors["kind"] = ["公示类别应为“接收”或“转正”"];
        if (r.Start is null) errors["start"] = ["请填写公示开始日期"];
        var phone = r.Phone?.Trim();
        if (string.IsNullOrEmpty(phone)) errors["phone"] = ["请填写受理意见的联系电话"];
        else if (phone.Length > 30) errors["phone"] = ["联系电话不超过30个字符"];
        var mailbox = r.Mailbox?.Trim();
        if (mailbox is { Length: > 100 }) errors["mailbox"] = ["邮箱不超过100个字符"];
        var issuer = string.IsNullOrWhiteSpace(r.Issuer) ? null : r.Issuer.Trim();
        if (issuer is { Length: > 100 }) errors["issuer"] = ["落款不超过100个字符"];
        var ids = new List<long>();
        foreach (var part in (r.Cases ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) ids.Add(id);
            else { errors["cases"] = ["档案编号应为数字，用逗号分隔"]; break; }
        }
        if (errors.Count > 0) return Result.Invalid(errors);

        var candidates = await CandidatesAsync(kind!.Value, ct);
        List<DevelopmentCase> chosen;
        if (ids.Count == 0) chosen = candidates;
        else
        {
            var byId = candidates.ToDictionary(c => c.Id);
            if (ids.FirstOrDefault(id => !byId.ContainsKey(id)) is var missing and > 0)
                return Result.Invalid("cases", $"档案{missing}不在{org.Name}，或不处于{(kind == NoticeKind.接收 ? "发展对象" : "预备党员")}阶段");
            chosen = ids.Distinct().Select(id => byId[id]).ToList();
        }
        if (chosen.Count == 0) return Result.Invalid("cases", $"{org.Name}没有处于{(kind == NoticeKind.接收 ? "发展对象" : "预备党员")}阶段的人员可以公示");
        if (chosen.Count > MaxCases) return Result.Invalid("cases", $"一次公示不超过{MaxCases}人");

        var cal = await calendar.LoadAsync(ct);
        var sheets = await CaseSheet.LoadAsync(db, chosen, ct);
        var pack = DevelopmentRulePacks.For(r.Start!.Value);
        var span = cal.Count(r.Start.Value, pack.PublicityWorkingDays);
        var bytes = Write(kind.Value, org.Name, issuer ?? org.Name, sheets, r.Start.Value, span, pack.PublicityWorkingDays, phone!, mailbox);
        AuditEvents.Add(db, "development.publicity.export", "development_cases", null, org.Id,
            new { kind = kind.ToString(), people = sheets.Count, start = DevelopmentGates.D(r.Start.Value), provisional = span.Provisional });
        await db.SaveChangesAsync(ct);
        return new Document(bytes, $"发展党员公示-{org.Name}-{r.Start.Value:yyyyMMdd}.docx");
    }

    public static string TitleOf(NoticeKind kind) => kind == NoticeKind.接收 ? "关于拟发展党员的公示" : "关于预备党员拟转正的公示";

    /// <summary>"2026年6月22日至2026年6月26日（5个工作日）", with the 暂算 note when a year's calendar is missing.</summary>
    public static string PeriodText(DateOnly start, WorkingDaySpan span, int days) =>
        $"{ChineseDates.Date(start)}至{ChineseDates.Date(span.LastDay)}（{days}个工作日）"
        + (span.Provisional ? "（所跨年份的节假日安排未登记，工作日暂算）" : "");

    /// <summary>Who studied it: the organization's name when it names a party organization ("集团公司党委"), else "…党组织".</summary>
    public static string Studied(string orgName) =>
        new[] { "党委", "党总支", "支部", "党组", "党工委", "党组织" }.Any(t => orgName.EndsWith(t, StringComparison.Ordinal)) ? orgName : orgName + "党组织";

    private static byte[] Write(NoticeKind kind, string orgName, string issuer, IReadOnlyList<CaseSheet> sheets, DateOnly start, WorkingDaySpan span, int days, string phone, string? mailbox)
    {
        var doc = new OfficialDocument(cover: false);
        doc.Title(TitleOf(kind), before: 0);
        var names = string.Join("、", sheets.Select(s => s.Case.Name));
        doc.Text(kind == NoticeKind.接收
            ? $"经{Studied(orgName)}研究，拟将{names}{sheets.Count}名同志作为预备党员接收对象。根据《中国共产党发展党员工作细则》的有关规定，现将有关情况予以公示。"
            : $"{names}{sheets.Count}名同志预备期将满或已满，经{Studied(orgName)}研究，拟按期转为中共正式党员。现将有关情况予以公示。");
        if (kind == NoticeKind.接收)
            doc.Table(["序号", "姓名", "性别", "出生年月", "所在单位", "申请入党时间", "确定入党积极分子时间", "确定发展对象时间", "所处阶段"],
                [560, 960, 560, 1000, 1800, 1100, 1100, 1100, 1100],
                sheets.Select((s, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), s.Case.Name, s.Case.Gender.ToString(), s.BirthMonth, s.OrgName,
                    CaseSheet.D(s.On("1") ?? s.Case.AppliedOn), CaseSheet.D(s.On("3")), CaseSheet.D(s.On("7")), "发展对象（拟接收为预备党员）"]));
        else
            doc.Table(["序号", "姓名", "性别", "出生年月", "所在单位", "入党时间", "预备期满时间", "所处阶段"],
                [560, 1000, 560, 1000, 2000, 1300, 1300, 1560],
                sheets.Select((s, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), s.Case.Name, s.Case.Gender.ToString(), s.BirthMonth, s.OrgName,
                    CaseSheet.D(s.On("15")), CaseSheet.D(s.ProbationEnds), s.Extension is { } m ? $"预备党员（延长预备期{m}个月）" : "预备党员（拟转正）"]));
        doc.Labeled("公示时间：", PeriodText(start, span, days));
        doc.Text("公示期间，党员和群众可通过来电、来信、来访等方式，向党组织反映公示对象的情况和问题。反映问题应实事求是，以个人名义反映的请签署或告知本人真实姓名。");
        doc.Labeled("联系电话：", phone);
        if (!string.IsNullOrEmpty(mailbox)) doc.Labeled("意见邮箱：", mailbox);
        doc.Right(issuer, before: 480);
        doc.Right(ChineseDates.Date(start));
        return doc.Save();
    }
}
