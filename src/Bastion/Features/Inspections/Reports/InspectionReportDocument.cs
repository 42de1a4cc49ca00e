using System.Globalization;
using Bastion.Domain;
using Bastion.Features.Inspections.Rectification;

namespace Bastion.Features.Inspections.Reports;

/// <summary>
/// 巡察报告 (.docx) of one inspected organization: cover, 一、基本情况, 二、发现的主要问题 under the 四个落实 with each
/// finding's standard expression as its heading sentence, 三、问题线索, 四、意见建议. The full version lists the clues
/// (grade, persons, facts, suggested 四种形态); the general version gives only their number per grade.
/// </summary>
public static class InspectionReportDocument
{
    public const string BasicHeading = "一、基本情况";
    public const string FindingsHeading = "二、发现的主要问题";
    public const string CluesHeading = "三、问题线索";
    public const string RecommendationsHeading = "四、意见建议";
    public const string FullMark = "机密";
    public const string GeneralMark = "内部";

    public static string TitleOf(InspectionDossier d) => $"关于对{d.Org.Name}的巡察情况报告";

    public static byte[] Write(InspectionDossier d, bool general)
    {
        var doc = new OfficialDocument(cover: true);
        var r = d.Round;

        // cover
        doc.Mark(general ? GeneralMark : FullMark);
        doc.Empty(3);
        doc.Title(TitleOf(d));
        doc.Centered(general ? "（通用版）" : "（完整版·含问题线索·严格控制知悉范围）");
        doc.Empty(4);
        doc.Centered($"巡察轮次：{d.RoundTitle}");
        doc.Centered($"被巡察党组织：{d.Org.Name}");
        doc.Centered($"巡察组组长：{d.Leader ?? "（未指定）"}");
        doc.Empty(3);
        doc.Centered($"{d.InspectingOrgName}巡察组");
        doc.Centered(ChineseDates.Date(d.Today));
        doc.PageBreak();

        doc.Title(TitleOf(d), before: 0);
        doc.Plain($"{d.InspectingOrgName}巡察工作领导小组：");
        doc.Text($"根据{d.InspectingOrgName}巡察工作统一部署，{d.TeamName}于{ChineseDates.Date(r.StartsOn)}至{ChineseDates.Date(r.EndsOn)}对{d.Org.Name}开展了巡察。现将巡察情况报告如下。");

        WriteBasics(doc, d);
        WriteFindings(doc, d, withPersons: true);

        doc.Heading1(CluesHeading);
        var clues = d.Clues.ToList();
        if (clues.Count == 0) doc.Text("巡察中未发现需要移交的问题线索。");
        else if (general)
        {
            var byGrade = Enum.GetValues<ClueGrade>().Select(g => $"{g}{clues.Count(c => c.ClueGrade == g)}条");
            doc.Text($"巡察中发现问题线索{clues.Count}条，其中{string.Join("、", byGrade)}。问题线索已按规定另行报告并移交有关部门处置，具体内容不在本报告中列出。");
        }
        else
        {
            doc.Text($"巡察中发现问题线索{clues.Count}条，按照分类处置要求提出建议如下。");
            var k = 0;
            foreach (var c in clues.OrderBy(c => c.ClueGrade).ThenBy(c => c.Id))
            {
                doc.Heading2($"（{Chinese(++k)}）{c.Title}");
                doc.Labeled("线索分类：", c.ClueGrade?.ToString() ?? "未分类");
                doc.Labeled("反映问题：", c.Facts);
                if (!string.IsNullOrWhiteSpace(c.ResponsiblePersons)) doc.Labeled("涉及人员：", c.ResponsiblePersons!);
                if (!string.IsNullOrWhiteSpace(c.Evidence)) doc.Labeled("相关证据：", c.Evidence!);
                doc.Labeled("建议处置：", c.SuggestedForm is { } f ? InspectionRules.Display(f) : "待研究确定");
                if (d.Transfers.TryGetValue(c.Id, out var t))
                    doc.Labeled("移交情况：", $"{ChineseDates.Date(t.TransferredAt)}移交{t.Department}" + (t.ReceiptNo is null ? "，尚未收到回执。" : $"，回执编号{t.ReceiptNo}。"));
                else doc.Labeled("移交情况：", "尚未移交。");
            }
        }

        WriteRecommendations(doc, d, RecommendationsHeading);
        doc.Right($"{d.InspectingOrgName}巡察组", before: 480);
        doc.Right(ChineseDates.Date(d.Today));
        return doc.Save();
    }

    private static void WriteBasics(OfficialDocument doc, InspectionDossier d)
    {
        var r = d.Round;
        doc.Heading1(BasicHeading);
        doc.Heading2("（一）巡察安排");
        doc.Text($"本次巡察为{d.RoundTitle}，巡察时间为{ChineseDates.Date(r.StartsOn)}至{ChineseDates.Date(r.EndsOn)}。" + (string.IsNullOrWhiteSpace(r.Plan) ? "" : $"巡察工作方案：{r.Plan}"));
        doc.Text(r.AuthorizedBy is null
            ? "本轮巡察的授权情况尚未录入。"
            : $"本轮巡察实行一次一授权，经{r.AuthorizedBy}授权" + (r.AuthorizationNo is null ? "" : $"（{r.AuthorizationNo}）")
              + (r.AuthorizedOn is { } on ? $"，授权日期{ChineseDates.Date(on)}" : "") + (string.IsNullOrWhiteSpace(r.AuthorizationScope) ? "。" : $"，授权范围：{r.AuthorizationScope}。"));
        doc.Heading2("（二）巡察组组成");
        if (d.Team.Count == 0) doc.Text("巡察组成员尚未录入。");
        else
        {
            var parts = Enum.GetValues<TeamRole>().Select(role => (role, names: d.Team.Where(m => m.Role == role).Select(m => m.Name).ToList()))
                .Where(x => x.names.Count > 0).Select(x => $"{x.role}{string.Join("、", x.names)}");
            doc.Text($"巡察组共{d.Team.Count}人：{string.Join("；", parts)}。" + (InspectionRules.TeamSizeWarning(d.Team.Count) is { } w ? $"（{w}）" : ""));
        }
        doc.Heading2("（三）巡察方式和进度");
        var enter = d.Entered(InspectionPhase.进驻了解);
        doc.Text((enter is { } e ? $"巡察组于{ChineseDates.Date(e)}进驻，" : "巡察组进驻后，")
                 + "通过听取工作汇报、个别谈话、查阅资料、受理来信来电来访、下沉调研等方式深入了解情况，坚持同题共答，就发现问题的定性与被巡察党组织领导班子充分沟通。");
        var steps = d.Phases.Select(p => $"{ChineseDates.Date(p.EnteredOn)}进入{p.Phase}阶段").ToList();
        if (steps.Count > 0) doc.Text($"工作进度：{string.Join("；", steps)}；目前处于{d.Target.Phase}阶段。");
        var surface = d.Surface.ToList();
        var perCategory = Enum.GetValues<FindingCategory>().Where(c => !InspectionRules.IsClue(c))
            .Select(c => $"{InspectionRules.Display(c)}方面{surface.Count(f => f.Category == c)}个");
        doc.Text($"巡察共发现问题{surface.Count}个，其中{string.Join("，", perCategory)}；发现问题线索{d.Clues.Count()}条。"
                 + (d.Drafts > 0 ? $"另有{d.Drafts}个问题尚为草稿（未提交同题共答），未列入本报告。" : ""));
    }

    /// <summary>二、发现的主要问题 (or another heading): the four categories, each finding led by its standard expression.</summary>
    public static void WriteFindings(OfficialDocument doc, InspectionDossier d, bool withPersons, string heading = FindingsHeading)
    {
        doc.Heading1(heading);
        var n = 0;
        foreach (var c in Enum.GetValues<FindingCategory>().Where(c => !InspectionRules.IsClue(c)))
        {
            doc.Heading2($"（{Chinese(++n)}）{InspectionRules.Display(c)}方面");
            var list = d.Surface.Where(f => f.Category == c).ToList();
            if (list.Count == 0) { doc.Text("本方面未发现突出问题。"); continue; }
            var k = 0;
            foreach (var f in list)
            {
                var lead = Lead(f);
                doc.Labeled($"{++k}. ", lead + (lead.EndsWith('。') ? "" : "。"));
                // the characterization settled in 同题共答, when it says more than the standard expression
                if (!string.IsNullOrWhiteSpace(f.AgreedWording) && f.AgreedWording.Trim() != lead) doc.Labeled("定性（同题共答）：", f.AgreedWording.Trim());
                if (lead != f.Title) doc.Labeled("问题：", f.Title);
                doc.Labeled("事实：", f.Facts);
                if (!string.IsNullOrWhiteSpace(f.Basis)) doc.Labeled("依据：", f.Basis!);
                if (withPersons && Responsibility(f) is { } resp) doc.Labeled("责任：", resp);
            }
        }
    }

    /// <summary>
    /// The heading sentence of a finding: the standard expression (巡言巡语), else the wording agreed in 同题共答, else its
    /// title. A different agreed wording is written under it (定性).
    /// </summary>
    public static string Lead(InspectionFinding f) =>
        !string.IsNullOrWhiteSpace(f.Expression) ? f.Expression!.Trim() : !string.IsNullOrWhiteSpace(f.AgreedWording) ? f.AgreedWording!.Trim() : f.Title;

    public static string? Responsibility(InspectionFinding f)
    {
        var kinds = Enum.GetValues<ResponsibilityKinds>().Where(k => k != ResponsibilityKinds.None && f.Responsibility.HasFlag(k)).Select(k => k.ToString()).ToList();
        var parts = new List<string>();
        if (kinds.Count > 0) parts.Add($"责任类型为{string.Join("、", kinds)}责任");
        if (!string.IsNullOrWhiteSpace(f.ResponsiblePersons)) parts.Add($"责任人：{f.ResponsiblePersons}");
        return parts.Count == 0 ? null : string.Join("；", parts) + "。";
    }

    /// <summary>四、意见建议 (or another heading): the findings' recommendations, then the standing requirements.</summary>
    public static void WriteRecommendations(OfficialDocument doc, InspectionDossier d, string heading)
    {
        doc.Heading1(heading);
        var recs = d.Surface.Select(f => f.Recommendation?.Trim()).Where(s => !string.IsNullOrEmpty(s)).Distinct().ToList();
        var k = 0;
        foreach (var s in recs) doc.Text($"（{Chinese(++k)}）{s}");
        doc.Text($"（{Chinese(++k)}）压紧压实整改主体责任。党组织书记切实履行第一责任人职责，对反馈问题逐条建立整改台账，明确责任人、完成时限和验收标准，做到整改一项、销号一项。");
        doc.Text($"（{Chinese(++k)}）注重建章立制。举一反三查找制度漏洞，建立健全长效机制，防止问题反弹回潮。");
    }

    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (up to 99).</summary>
    public static string Chinese(int n) => n switch
    {
        < 10 => Digits[n],
        10 => "十",
        < 20 => "十" + Digits[n % 10],
        < 100 => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
