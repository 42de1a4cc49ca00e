using System.Globalization;
using Bastion.Domain;
using Bastion.Features.Inspections.Rectification;

namespace Bastion.Features.Inspections.Reports;

/// <summary>
/// 整改情况报告 (.docx) template of the inspected organization, pre-filled from the rectification ledger: the
/// numbers (tasks, closed, completion rate, overdue), a summary table, and for each finding its ledger items with
/// measures, owner, deadline (original and extended), state and evidence; blanks for what the organization still
/// has to write. No clue appears in it.
/// </summary>
public static class RectificationReportDocument
{
    public const string OverallHeading = "一、整改工作总体情况";
    public const string ItemsHeading = "二、反馈问题整改落实情况";
    public const string RemainingHeading = "三、尚未完成的整改任务及下一步打算";
    public const string MechanismHeading = "四、建立健全长效机制情况";
    public const string Mark = "内部";

    public static string TitleOf(InspectionDossier d) => $"{d.Org.Name}关于{d.Round.Name}反馈意见整改情况的报告";

    public static byte[] Write(InspectionDossier d)
    {
        var doc = new OfficialDocument(cover: false);
        var items = d.Items;
        var tally = RectificationStats.Count(items, d.Today);
        var surface = d.Surface.ToList();
        var fb = d.Target.FeedbackAt is { } f ? ChineseDates.Date(f) : "　　年　　月　　日";

        doc.Mark(Mark);
        doc.Title(TitleOf(d));
        doc.Plain($"{d.InspectingOrgName}巡察工作领导小组：");
        doc.Text($"{fb}，{d.InspectingOrgName}巡察组向我单位反馈了巡察意见，指出问题{surface.Count}个。我单位对照反馈意见建立整改台账，共明确整改任务{tally.Total}项。"
                 + $"截至{ChineseDates.Date(d.Today)}，已完成并验收销号{tally.Verified}项，整改完成率{tally.RateText}；待验收{tally.Awaiting}项，退回整改{tally.Rejected}项，正在整改{tally.Open}项"
                 + (tally.Overdue > 0 ? $"，其中超过完成时限{tally.Overdue}项" : "") + "。现将整改情况报告如下。");

        doc.Heading1(OverallHeading);
        doc.Blank("（请填写：党组织研究部署、组织领导、责任分工和推进整改的总体情况）", 3);

        doc.Heading1(ItemsHeading);
        doc.Text("整改任务汇总如下表（依整改台账生成）。");
        var n = 0;
        doc.Table(["序号", "整改任务", "责任人", "完成时限", "状态", "佐证材料"], [700, 3500, 1100, 1700, 1300, 1000],
            items.Select(i => (IReadOnlyList<string>)[(++n).ToString(CultureInfo.InvariantCulture), i.Title, i.OwnerName, Deadline(i), State(i, d.Today), $"{i.EvidenceCount}份"]));

        var k = 0;
        foreach (var finding in surface)
        {
            doc.Heading2($"（{InspectionReportDocument.Chinese(++k)}）{InspectionReportDocument.Lead(finding)}");
            doc.Labeled("反馈问题：", finding.Title);
            var mine = items.Where(i => i.FindingId == finding.Id).ToList();
            if (mine.Count == 0) { doc.Text("该问题尚未建立整改任务。"); doc.Blank("整改措施及进展：", 2); continue; }
            foreach (var i in mine) WriteItem(doc, d, i);
        }
        var loose = items.Where(i => i.FindingId is null || surface.All(f => f.Id != i.FindingId)).ToList();
        if (loose.Count > 0)
        {
            doc.Heading2($"（{InspectionReportDocument.Chinese(++k)}）其他整改任务");
            foreach (var i in loose) WriteItem(doc, d, i);
        }

        doc.Heading1(RemainingHeading);
        var remaining = items.Where(i => i.State != LedgerState.已销号).ToList();
        if (remaining.Count == 0) doc.Text("反馈问题的整改任务已全部完成并验收销号。");
        else
        {
            var j = 0;
            foreach (var i in remaining)
                doc.Text($"{++j}. {i.Title}（责任人{i.OwnerName}，完成时限{Deadline(i)}，目前{State(i, d.Today)}）。");
            doc.Blank("（请填写：未完成任务的原因、下一步措施和预计完成时间）", 3);
        }

        doc.Heading1(MechanismHeading);
        doc.Blank("（请填写：针对反馈问题举一反三、建章立制的情况）", 3);

        doc.Right($"{d.Org.Name}（盖章）", before: 480);
        doc.Right("　　　　年　　月　　日");
        return doc.Save();
    }

    private static void WriteItem(OfficialDocument doc, InspectionDossier d, RectificationItem i)
    {
        doc.Labeled("整改任务：", i.Title);
        doc.Labeled("整改措施及标准：", string.IsNullOrWhiteSpace(i.Description) || i.Description == i.Title ? i.WorkStandard : $"{i.Description}；验收标准：{i.WorkStandard}");
        doc.Labeled("责任人：", $"{i.OwnerName}（验收人：{i.VerifierName}）");
        doc.Labeled("完成时限：", Deadline(i));
        doc.Labeled("整改状态：", State(i, d.Today));
        var ev = d.EvidenceTexts.TryGetValue(i.Id, out var list) ? list : [];
        doc.Labeled("佐证材料：", ev.Count == 0 ? "暂无" : $"{ev.Count}份：" + string.Join("；", ev.Take(3).Select(s => s.Length > 60 ? s[..60] + "…" : s)) + (ev.Count > 3 ? "等" : ""));
        if (i.State != LedgerState.已销号) doc.Blank("整改进展及下一步措施：", 1);
    }

    public static string Deadline(RectificationItem i) =>
        i.Extended ? $"{i.Deadline:yyyy-MM-dd}（原定{i.OriginalDeadline:yyyy-MM-dd}，已批准延期）" : i.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string State(RectificationItem i, DateOnly today)
    {
        var s = RectificationStats.Display(RectificationStats.Bucket(i));
        var late = LedgerRules.DaysOverdue(i.State, i.Deadline, today);
        return late > 0 ? $"{s}（逾期{late}天）" : s;
    }
}
