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
/// GET /api/v1/development/cases/{id}/record.docx — 发展党员工作纪实表 (.docx, §1.7 item 7): the person, then every step of
/// the five stages in order with its date, who recorded it (支部 or 党委, and the account) and its result (谈话人, 介绍人,
/// 政审结论, 培训, 公示期, 表决, 审批 …), edited dates with their reason, warnings, and what is due next. Each 更换入党介绍人
/// (DOMAIN-2 §1.6) is a row of its own where its date puts it among the steps: its date, the old and the new 介绍人 and
/// the reason (the replacements made before a 转入 too, as the case page shows them). The ID number
/// is masked; ?full=true shows it to those who may see personal data in full, and that view is audited as for
/// members. Every export is audited.
/// </summary>
public sealed class ExportCaseRecord(AppDbContext db, UserContext user, HolidayCalendar calendar, TimeProvider clock)
{
    public sealed record Document(byte[] Content, string FileName);

    /// <summary>一次更换入党介绍人 as the sheet writes it.</summary>
    public sealed record SponsorChange(long Id, DateOnly On, string Replaced, string Replacement, string Reason, string? RecordedBy);

    /// <summary>The name of the step column of a replacement's row (it is no statutory step of its own).</summary>
    public const string SponsorChangeName = "更换入党介绍人";

    public const string Title = "发展党员工作纪实表";

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/cases/{id:long}/record.docx", async (long id, bool? full, ExportCaseRecord h, CancellationToken ct) =>
                (await h.Handle(id, full == true, ct)).ToHttp(f => Results.File(f.Content, WordDocument.ContentType, f.FileName)))
           .RequireRecord(Permission.DevelopmentRead, typeof(DevelopmentCase))
           .WithSummary("发展党员纪实表（Word）：全过程各步骤的日期、办理人和结果；身份证号默认遮蔽，?full=true 显示完整号码（须有权限，记入审计）")
           .Produces(200, contentType: WordDocument.ContentType).Produces(403).Produces(404);

    /// <summary>The case was authorized by the caller (DevelopmentRead on its organization).</summary>
    public async Task<Result<Document>> Handle(long id, bool full, CancellationToken ct = default)
    {
        var c = await db.Set<DevelopmentCase>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.OrgId, ct);
        if (full)
        {
            if (!await user.HasAsync(Permission.PersonalDataFull, org, ct)) return Result.Forbidden("您没有查看完整个人信息的权限。");
            AuditEvents.Add(db, "personal.view_full", "development_cases", c.Id, c.OrgId, new { via = "record.docx", name = c.Name });
        }
        var sheet = (await CaseSheet.LoadAsync(db, [c], ct))[0];
        var cal = await calendar.LoadAsync(ct);
        var today = clock.Today();
        var changes = await DevelopmentFacts.SponsorChangesAsync(db, c, ct);
        var memberIds = changes.SelectMany(x => new[] { x.ReplacedMemberId, x.MemberId }).Distinct().ToList();
        var names = memberIds.Count == 0 ? [] : await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var person = await DevelopmentFacts.PeopleAsync(db, sheet.Rows.Select(r => r.Version.RecordedBy).Concat(changes.Select(x => x.RecordedBy)), ct);
        var replacements = changes.Select(x => new SponsorChange(x.Id, x.On, names.GetValueOrDefault(x.ReplacedMemberId) ?? "", names.GetValueOrDefault(x.MemberId) ?? "", x.Reason, x.RecordedBy)).ToList();
        var bytes = Write(sheet, full, cal, today, person, replacements);
        AuditEvents.Add(db, "development.record.export", "development_cases", c.Id, c.OrgId, new { unmasked = full, steps = sheet.Rows.Count });
        await db.SaveChangesAsync(ct);
        return new Document(bytes, $"发展党员纪实表-{c.Name}-{today:yyyyMMdd}.docx");
    }

    /// <param name="person">The display name of a recording account's login.</param>
    /// <param name="changes">The 介绍人 replacements of the case (and of the cases it continues).</param>
    public static byte[] Write(CaseSheet s, bool full, WorkingDayCalendar calendar, DateOnly today, Func<string?, string?> person, IReadOnlyList<SponsorChange>? changes = null)
    {
        var c = s.Case;
        var pack = s.Pack;
        var doc = new OfficialDocument(cover: false);
        doc.Title(Title, before: 0);
        string N(string? v) => string.IsNullOrEmpty(v) ? "—" : v;
        doc.Table(["项目", "内容", "项目", "内容"], [1800, 2700, 1800, 2700],
        [
            ["姓名", c.Name, "性别", c.Gender.ToString()],
            ["出生年月", s.BirthMonth, "公民身份号码", full ? c.IdNumber : Masking.IdNumber(c.IdNumber)],
            ["所在党支部", s.OrgName, "当前状态", c.State.ToString()],
            ["申请入党时间", CaseSheet.D(s.On("1") ?? c.AppliedOn), "执行规则", pack.Version],
            ["入党志愿书编号", N(c.VolunteerBookNo), "预备期满时间", N(CaseSheet.D(s.ProbationEnds))],
        ]);
        // every row of the five stage tables in order, with the date of the recorded ones; then each replacement goes in
        // after the last recorded row dated on or before it (never before the step 9 it changes), in date order
        var lines = new List<(DevelopmentStage Stage, DateOnly? On, IReadOnlyList<string> Cells)>();
        foreach (var stage in Enum.GetValues<DevelopmentStage>())
        {
            var rows = new List<(DateOnly?, IReadOnlyList<string>)>();
            foreach (var def in DevelopmentSteps.All.Where(d => d.Stage == stage && DevelopmentSteps.InUse(pack, d.Code)))
            {
                var recorded = s.Rows.Where(r => r.Version.Step == def.Code).ToList();
                if (recorded.Count == 0)
                {
                    rows.Add((null, [def.Code, def.Name, "", def.Actor.ToString(), "未记录"]));
                    continue;
                }
                foreach (var r in recorded)
                {
                    var result = Describe.Fields(pack, r.Entry, calendar);
                    if (r.Edited) result = Join(result, $"日期已更正（{r.Version.EditReason}）");
                    if (r.Version.CopiedFromId is not null) result = Join(result, "转入前原支部记录");
                    if (r.Version.Warnings.Length > 0) result = Join(result, "提示：" + string.Join("；", r.Version.Warnings));
                    rows.Add((r.Version.On, [def.Code, def.Name, CaseSheet.D(r.Version.On), $"{def.Actor}（{person(r.Version.RecordedBy) ?? "—"}）", N(result == "" ? "已完成" : result)]));
                }
            }
            lines.AddRange(rows.Select(r => (stage, r.Item1, r.Item2)));
        }
        foreach (var change in (changes ?? []).OrderBy(x => x.On).ThenBy(x => x.Id))
        {
            var sponsorsChosen = lines.FindLastIndex(l => l.On is not null && l.Cells[0] == "9");
            var at = Math.Max(sponsorsChosen, lines.FindLastIndex(l => l.On is { } on && on <= change.On)) + 1;
            var stage = at > 0 ? lines[at - 1].Stage : DevelopmentStage.申请入党;
            lines.Insert(at, (stage, change.On, ["—", SponsorChangeName, CaseSheet.D(change.On), $"{StepActor.支部}（{person(change.RecordedBy) ?? "—"}）",
                $"入党介绍人：{N(change.Replaced)}→{N(change.Replacement)}；更换原因：{change.Reason}"]));
        }
        foreach (var stage in Enum.GetValues<DevelopmentStage>())
        {
            doc.Heading1($"{Numeral((int)stage)}、{stage}");
            doc.Table(["步骤", "名称", "日期", "办理（记录人）", "情况和结果"], [700, 2000, 1300, 1800, 3200], [.. lines.Where(l => l.Stage == stage).Select(l => l.Cells)]);
        }
        if (c.ClosedOn is { } closed) doc.Labeled("办结情况：", $"{CaseSheet.D(closed)} {c.State}" + (string.IsNullOrWhiteSpace(c.CloseReason) ? "" : $"（{c.CloseReason}）"));
        if (DevelopmentGates.Next(pack, c.State, s.Entries, today, calendar) is { } next)
            doc.Labeled("下一步：", $"第{next.Step}步“{next.Name}”"
                + (next.EarliestOn is { } e ? $"，最早可于{CaseSheet.D(e)}" : "")
                + (next.DueBy is { } d ? $"，应于{CaseSheet.D(d)}前完成" : "")
                + (next.Why is { } why ? $"（{why}）" : ""));
        doc.Right($"{s.OrgName}　制表日期：{ChineseDates.Date(today)}", before: 240);
        return doc.Save();
    }

    private static string Join(string a, string b) => a == "" ? b : a + "；" + b;

    private static string Numeral(int n) => n switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", _ => n.ToString(CultureInfo.InvariantCulture) };
}
