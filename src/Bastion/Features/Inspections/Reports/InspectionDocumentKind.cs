using Bastion.Domain;

namespace Bastion.Features.Inspections.Reports;

/// <summary>The Word documents of one inspected organization: 巡察报告 (full, with clues), 巡察报告 (general, clues as counts), 反馈意见, 整改情况报告.</summary>
public enum InspectionDocumentKind { Report = 1, ReportGeneral, Feedback, Rectification }

/// <summary>Who may download which document, and their names (pure rules, unit-tested).</summary>
public static class InspectionDocuments
{
    public static string ApiName(InspectionDocumentKind k) => k switch
    {
        InspectionDocumentKind.Report => "report",
        InspectionDocumentKind.ReportGeneral => "report-general",
        InspectionDocumentKind.Feedback => "feedback",
        _ => "rectification",
    };

    public static InspectionDocumentKind? Parse(string? s) =>
        Enum.GetValues<InspectionDocumentKind>().Select(k => (InspectionDocumentKind?)k).FirstOrDefault(k => ApiName(k!.Value) == s?.Trim().ToLowerInvariant());

    public static string Display(InspectionDocumentKind k) => k switch
    {
        InspectionDocumentKind.Report => "巡察报告（完整版，含问题线索）",
        InspectionDocumentKind.ReportGeneral => "巡察报告（通用版，问题线索仅列数量）",
        InspectionDocumentKind.Feedback => "巡察反馈意见",
        _ => "整改情况报告（依整改台账预填）",
    };

    /// <summary>Contains clue content (names, facts, grades): downloads are audited and restricted to inspection and discipline roles.</summary>
    public static bool IsConfidential(InspectionDocumentKind k) => k == InspectionDocumentKind.Report;

    public static string FileName(InspectionDocumentKind k, string roundName, string orgName) => k switch
    {
        InspectionDocumentKind.Report => $"巡察报告（完整版）-{roundName}-{orgName}.docx",
        InspectionDocumentKind.ReportGeneral => $"巡察报告-{roundName}-{orgName}.docx",
        InspectionDocumentKind.Feedback => $"巡察反馈意见-{roundName}-{orgName}.docx",
        _ => $"整改情况报告-{roundName}-{orgName}.docx",
    };

    /// <summary>
    /// Why the viewer may not download the document now (null: allowed). The full report: inspection and discipline
    /// roles (ClueRead over the organization) only. The general report and the feedback letter: those roles at any
    /// time, other readers of the organization's inspection matters once fed back (反馈). The rectification report:
    /// the inspected organization's leadership and the inspection and discipline roles, once fed back.
    /// </summary>
    public static string? WhyNot(InspectionDocumentKind k, InspectionViewer v, InspectionPhase phase)
    {
        var inspection = (v & (InspectionViewer.Inspection | InspectionViewer.Discipline)) != 0;
        var fedBack = phase >= InspectionPhase.反馈;
        switch (k)
        {
            case InspectionDocumentKind.Report:
                return inspection ? null : "完整版巡察报告含问题线索，仅限巡察和纪检监察人员下载";
            case InspectionDocumentKind.ReportGeneral:
            case InspectionDocumentKind.Feedback:
                if (inspection) return null;
                if (!fedBack) return "巡察反馈前，巡察报告和反馈意见仅限巡察和纪检监察人员查看";
                return (v & (InspectionViewer.InspectedLeadership | InspectionViewer.OrgReader)) != 0 ? null : "无权查看该组织的巡察材料";
            default:
                if (!fedBack) return "巡察反馈后才有整改任务，届时可下载整改情况报告";
                return inspection || v.HasFlag(InspectionViewer.InspectedLeadership) ? null : "整改情况报告仅限被巡察党组织领导班子和巡察、纪检监察人员下载";
        }
    }
}
