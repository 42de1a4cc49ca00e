using Bastion.Domain;

namespace Bastion.Features.Inspections.Reports;

/// <summary>
/// 巡察反馈意见 (.docx) to the inspected organization: the surface findings under the 四个落实 with their standard
/// expressions, facts and basis, the recommendations and the rectification requirements. It contains no clue at all
/// (not even their number) and names no responsible person.
/// </summary>
public static class FeedbackLetterDocument
{
    public const string FindingsHeading = "一、巡察发现的主要问题";
    public const string RecommendationsHeading = "二、整改意见建议";
    public const string RequirementsHeading = "三、整改工作要求";

    public static string TitleOf(InspectionDossier d) => $"{d.InspectingOrgName}巡察组关于巡察{d.Org.Name}的反馈意见";

    public static byte[] Write(InspectionDossier d)
    {
        var doc = new OfficialDocument(cover: false);
        var r = d.Round;
        var day = d.Target.FeedbackAt is { } fb ? ChineseDates.DayOf(fb) : d.Today;
        doc.Title(TitleOf(d), before: 0);
        doc.Plain($"{d.Org.Name}：");
        doc.Text($"根据{d.InspectingOrgName}巡察工作统一部署，{d.TeamName}于{ChineseDates.Date(r.StartsOn)}至{ChineseDates.Date(r.EndsOn)}对你单位党组织开展了巡察。"
                 + "巡察期间，你单位党组织能够积极支持配合巡察工作。经报巡察工作领导小组同意，现将巡察发现的主要问题和整改意见反馈如下。");
        InspectionReportDocument.WriteFindings(doc, d, withPersons: false, heading: FindingsHeading);
        InspectionReportDocument.WriteRecommendations(doc, d, RecommendationsHeading);
        doc.Heading1(RequirementsHeading);
        var immediate = d.Surface.Count(f => f.Immediate);
        doc.Text($"你单位党组织要切实履行整改主体责任，对照反馈意见逐条制定整改方案，建立问题清单、任务清单、责任清单。"
                 + (immediate > 0 ? $"其中{immediate}个问题须立行立改，于{ChineseDates.Date(InspectionRules.RectificationDeadline(day, immediate: true))}前整改到位。" : "")
                 + $"请于{ChineseDates.Date(InspectionRules.RectificationDeadline(day, immediate: false))}前将整改情况报告报送{d.InspectingOrgName}巡察工作领导小组办公室。");
        doc.Text("整改情况将作为巡察“回头看”的重要内容，对整改不力、敷衍整改、虚假整改的，将严肃追责问责。");
        doc.Right($"{d.InspectingOrgName}巡察组", before: 480);
        doc.Right(ChineseDates.Date(day));
        return doc.Save();
    }
}
