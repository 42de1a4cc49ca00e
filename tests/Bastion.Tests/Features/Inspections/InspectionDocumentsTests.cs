using Bastion.Domain;
using Bastion.Features.Inspections.Reports;

namespace Bastion.Tests.Features.Inspections;

public class InspectionDocumentsTests
{
    private const InspectionViewer Insp = InspectionViewer.Inspection, Disc = InspectionViewer.Discipline,
        Leader = InspectionViewer.InspectedLeadership | InspectionViewer.OrgReader, Reader = InspectionViewer.OrgReader;

    [Theory]
    [InlineData(InspectionViewer.Inspection, true)]
    [InlineData(InspectionViewer.Discipline, true)]
    [InlineData(InspectionViewer.InspectedLeadership | InspectionViewer.OrgReader, false)]
    [InlineData(InspectionViewer.OrgReader, false)]
    [InlineData(InspectionViewer.None, false)]
    public void The_full_report_with_clues_is_for_inspection_and_discipline_roles_only_in_every_phase(InspectionViewer v, bool allowed)
    {
        foreach (var phase in InspectionRules.Phases)
            (InspectionDocuments.WhyNot(InspectionDocumentKind.Report, v, phase) is null).ShouldBe(allowed, $"{v} in {phase}");
    }

    [Fact]
    public void The_general_report_and_the_feedback_letter_open_to_readers_at_feedback()
    {
        foreach (var kind in new[] { InspectionDocumentKind.ReportGeneral, InspectionDocumentKind.Feedback })
        {
            InspectionDocuments.WhyNot(kind, Insp, InspectionPhase.进驻了解).ShouldBeNull();
            InspectionDocuments.WhyNot(kind, Disc, InspectionPhase.报告).ShouldBeNull();
            InspectionDocuments.WhyNot(kind, Leader, InspectionPhase.报告).ShouldNotBeNull();
            InspectionDocuments.WhyNot(kind, Reader, InspectionPhase.报告).ShouldNotBeNull();
            InspectionDocuments.WhyNot(kind, Leader, InspectionPhase.反馈).ShouldBeNull();
            InspectionDocuments.WhyNot(kind, Reader, InspectionPhase.归档).ShouldBeNull();
            InspectionDocuments.WhyNot(kind, InspectionViewer.None, InspectionPhase.整改).ShouldNotBeNull();
        }
    }

    [Fact]
    public void The_rectification_report_is_for_the_inspected_leadership_and_the_inspection_roles_after_feedback()
    {
        var k = InspectionDocumentKind.Rectification;
        InspectionDocuments.WhyNot(k, Insp, InspectionPhase.报告).ShouldNotBeNull();
        InspectionDocuments.WhyNot(k, Insp, InspectionPhase.整改).ShouldBeNull();
        InspectionDocuments.WhyNot(k, Disc, InspectionPhase.回头看).ShouldBeNull();
        InspectionDocuments.WhyNot(k, Leader, InspectionPhase.反馈).ShouldBeNull();
        InspectionDocuments.WhyNot(k, Reader, InspectionPhase.整改).ShouldNotBeNull();
    }

    [Fact]
    public void Only_the_full_report_is_confidential()
    {
        Enum.GetValues<InspectionDocumentKind>().Where(InspectionDocuments.IsConfidential).ShouldBe([InspectionDocumentKind.Report]);
    }

    [Theory]
    [InlineData("report", InspectionDocumentKind.Report)]
    [InlineData("report-general", InspectionDocumentKind.ReportGeneral)]
    [InlineData("FEEDBACK", InspectionDocumentKind.Feedback)]
    [InlineData(" rectification ", InspectionDocumentKind.Rectification)]
    public void Kinds_parse_from_their_api_names(string s, InspectionDocumentKind k)
    {
        InspectionDocuments.Parse(s).ShouldBe(k);
        InspectionDocuments.Parse(InspectionDocuments.ApiName(k)).ShouldBe(k);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("minutes")]
    [InlineData("1")]
    public void Unknown_kinds_do_not_parse(string? s) => InspectionDocuments.Parse(s).ShouldBeNull();

    [Theory]
    [InlineData(1, "一")]
    [InlineData(4, "四")]
    [InlineData(10, "十")]
    [InlineData(12, "十二")]
    [InlineData(20, "二十")]
    [InlineData(23, "二十三")]
    public void Headings_are_numbered_in_chinese(int n, string s) => InspectionReportDocument.Chinese(n).ShouldBe(s);

    [Fact]
    public void A_finding_is_led_by_its_standard_expression_then_the_agreed_wording_then_its_title()
    {
        var f = new InspectionFinding { Title = "财务把关不严", Facts = "…" };
        InspectionReportDocument.Lead(f).ShouldBe("财务把关不严");
        f.AgreedWording = "财务管理不规范";
        InspectionReportDocument.Lead(f).ShouldBe("财务管理不规范");
        f.Expression = "严格管理、严格教育、严格监督方面的问题";
        InspectionReportDocument.Lead(f).ShouldBe("严格管理、严格教育、严格监督方面的问题");
    }
}
