using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// A case as the documents show it: the case, its branch's name and its current timeline, with the dates and results
/// the forms ask for (申请入党, 确定积极分子, 确定发展对象, 介绍人, 政审, 培训, 公示, 支部大会 and its vote, 审批, 预备期满 …).
/// </summary>
public sealed record CaseSheet(DevelopmentCase Case, string OrgName, IReadOnlyList<DevelopmentFacts.Row> Rows)
{
    public DevelopmentRulePack Pack => DevelopmentRulePacks.Get(Case.PackVersion);
    public IReadOnlyList<StepEntry> Entries => Rows.Select(r => r.Entry).ToList();

    public StepEntry? Last(string code) => Rows.LastOrDefault(r => r.Version.Step == code)?.Entry;
    public DateOnly? On(string code) => Last(code)?.On;

    /// <summary>The current 介绍人 when one was replaced after step 9 (<see cref="LoadAsync"/> fills it), else step 9's.</summary>
    public IReadOnlyList<string>? CurrentSponsorNames { get; init; }

    public string Sponsors => CurrentSponsorNames is { Count: > 0 } current ? string.Join("、", current)
        : Last("9")?.Fields.MemberNames is { Length: > 0 } names ? string.Join("、", names) : "";
    public string Contacts => Last("5")?.Fields.MemberNames is { Length: > 0 } names ? string.Join("、", names) : "";
    public string PoliticalReview => Last("10")?.Fields.Conclusion ?? "";

    public string Training => Last("11") is { } t ? Describe.Training(t.Fields) : "";

    public string Publicity(string code = "12a", WorkingDayCalendar? calendar = null) =>
        Last(code) is { } p ? Describe.Publicity(Pack, p, calendar) : "";

    public string Vote(string code = "15") => Last(code)?.Fields.Vote is { } v ? Describe.Vote(v) : "";

    /// <summary>预备期满 (extended when an extension was approved), once the 支部大会 is recorded.</summary>
    public DateOnly? ProbationEnds => On("15") is { } m ? DevelopmentGates.ProbationEnds(Pack, m, DevelopmentGates.ApprovedExtension(Entries)) : null;

    public int? Extension => DevelopmentGates.ApprovedExtension(Entries);

    public static string D(DateOnly? d) => d is { } x ? DevelopmentGates.D(x) : "";

    /// <summary>出生年月 as forms write it: 1998.05.</summary>
    public string BirthMonth => $"{Case.BirthDate.Year}.{Case.BirthDate.Month:00}";

    /// <summary>
    /// The sheets of the cases (tracked nothing), in the order given, with their branch names and timelines (one query each),
    /// and the current 介绍人 of the cases where one was replaced (the 介绍人 columns of the lists show who sponsors now).
    /// </summary>
    public static async Task<List<CaseSheet>> LoadAsync(AppDbContext db, IReadOnlyList<DevelopmentCase> cases, CancellationToken ct)
    {
        var ids = cases.Select(c => c.Id).ToList();
        var orgIds = cases.Select(c => c.OrgId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var steps = (await db.Set<DevelopmentStep>().AsNoTracking().Where(s => ids.Contains(s.CaseId)).OrderBy(s => s.Id).ToListAsync(ct))
            .GroupBy(s => s.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        var sheets = cases.Select(c => new CaseSheet(c, names.GetValueOrDefault(c.OrgId) ?? "", DevelopmentFacts.Timeline(steps.GetValueOrDefault(c.Id) ?? []))).ToList();
        var replaced = (await db.Set<DevelopmentSponsorChange>().AsNoTracking().Where(x => ids.Contains(x.CaseId)).Select(x => x.CaseId).Distinct().ToListAsync(ct)).ToHashSet();
        for (var i = 0; i < sheets.Count; i++)
        {
            var c = sheets[i].Case;
            if (!replaced.Contains(c.Id) && c.TransferredFromId is null) continue;
            var changes = await DevelopmentFacts.SponsorChangesAsync(db, c, ct);
            if (changes.Count == 0) continue;
            var current = DevelopmentFacts.CurrentSponsors(sheets[i].Entries, changes);
            var people = await db.Members.AsNoTracking().Where(m => current.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
            sheets[i] = sheets[i] with { CurrentSponsorNames = current.Select(id => people.GetValueOrDefault(id) ?? "").ToList() };
        }
        return sheets;
    }
}

/// <summary>How the documents write a step's fields.</summary>
public static class Describe
{
    public static string Training(DevelopmentStepFields f)
    {
        var parts = new List<string>();
        if (f.TrainingDays is { } d and > 0) parts.Add($"{d}天");
        if (f.TrainingHours is { } h and > 0) parts.Add($"{h}学时");
        var s = parts.Count == 0 ? "未达标准" : "集中培训" + string.Join("、", parts);
        return string.IsNullOrWhiteSpace(f.OverrideReason) ? s : $"{s}（说明：{f.OverrideReason}）";
    }

    /// <summary>"2026-06-22至2026-06-26（5个工作日）", marked 暂算 when the calendar of a year it crosses is missing.</summary>
    public static string Publicity(DevelopmentRulePack pack, StepEntry p, WorkingDayCalendar? calendar)
    {
        if (calendar is null)
            return p.Fields.PublicityEndsOn is { } e ? $"{DevelopmentGates.D(p.On)}至{DevelopmentGates.D(e)}" : $"{DevelopmentGates.D(p.On)}起";
        var span = DevelopmentGates.PublicitySpan(pack, p, calendar);
        return $"{DevelopmentGates.D(p.On)}至{DevelopmentGates.D(span.LastDay)}" + (span.Provisional ? "（暂算）" : "");
    }

    public static string Vote(VoteTally v) =>
        $"应到{v.Expected}人，实到{v.Present}人；赞成{v.For + v.WrittenFor}票" + (v.WrittenFor > 0 ? $"（含会前书面{v.WrittenFor}票）" : "")
        + $"，反对{v.Against + v.WrittenAgainst}票，弃权{v.Abstain + v.WrittenAbstain}票；{(v.Passed ? "通过" : "未通过")}";

    /// <summary>The fields of a step as one line for the 纪实表.</summary>
    public static string Fields(DevelopmentRulePack pack, StepEntry s, WorkingDayCalendar calendar)
    {
        var f = s.Fields;
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(f.Talker)) parts.Add($"谈话人：{f.Talker}");
        if (!string.IsNullOrWhiteSpace(f.Recommendation)) parts.Add($"推荐方式：{f.Recommendation}");
        if (f.MemberNames is { Length: > 0 } names) parts.Add($"{(s.Step == "5" ? "培养联系人" : "入党介绍人")}：{string.Join("、", names)}");
        if (!string.IsNullOrWhiteSpace(f.Conclusion)) parts.Add($"政审结论：{f.Conclusion}");
        if (s.Step == "11") parts.Add(Training(f));
        if (s.Step is "12a" or "22a") parts.Add("公示期：" + Publicity(pack, s, calendar));
        if (f.LeavingSoon == true) parts.Add("拟在3个月内离开工作单位");
        if (!string.IsNullOrWhiteSpace(f.VolunteerBookNo)) parts.Add($"志愿书编号：{f.VolunteerBookNo}");
        if (f.Vote is { } v) parts.Add("表决：" + Vote(v));
        if (f.Outcome is { } o) parts.Add($"决定：{o}" + (f.ExtensionMonths is { } m && o == ConfirmationOutcome.延长预备期 ? $"{m}个月" : ""));
        if (s.Step is "17" or "24") parts.Add(f.Approved == false ? "不批准" : "批准");
        if (!string.IsNullOrWhiteSpace(f.Escalation)) parts.Add($"报组织部门：{f.Escalation}");
        if (!string.IsNullOrWhiteSpace(f.Note)) parts.Add(f.Note.Trim());
        if (!string.IsNullOrWhiteSpace(s.LateReason)) parts.Add($"超期原因：{s.LateReason}");
        return string.Join("；", parts);
    }
}
