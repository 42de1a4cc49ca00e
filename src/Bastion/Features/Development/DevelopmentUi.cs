using System.Globalization;
using Bastion.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Bastion.Features.Development;

/// <summary>What the development pages show the same way: stage names, dates, the next step, errors beside fields.</summary>
public static class DevelopmentUi
{
    /// <summary>The board's columns (the short names the branches use).</summary>
    public static string Short(DevelopmentStage? stage) => stage switch
    {
        DevelopmentStage.申请入党 => "申请入党",
        DevelopmentStage.入党积极分子的确定和培养教育 => "入党积极分子",
        DevelopmentStage.发展对象的确定和考察 => "发展对象",
        DevelopmentStage.预备党员的接收 => "预备党员接收",
        DevelopmentStage.预备党员的教育考察和转正 => "预备党员",
        _ => "正式党员/已办结",
    };

    public static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string StateBadge(DevelopmentState s) => s switch
    {
        DevelopmentState.正式党员 => "text-bg-success",
        DevelopmentState.转出 or DevelopmentState.撤回申请 or DevelopmentState.终止 or DevelopmentState.逝世 or DevelopmentState.取消预备党员资格 => "text-bg-secondary",
        DevelopmentState.预备党员 or DevelopmentState.预备党员延长期 or DevelopmentState.预备党员待审批 => "text-bg-primary",
        _ => "text-bg-light border",
    };

    /// <summary>
    /// The next step in one line: "第7步 确定发展对象 · 最早2027-01-10 · 应于… 前"; a 党委's step says "由上级党委办理"
    /// unless <paramref name="committee"/> (the 党委 reads its own queue: the 办理 button says what to do).
    /// </summary>
    public static string NextLine(GetDevelopmentCase.NextView n, bool committee = false)
    {
        var parts = new List<string> { $"第{n.Step}步 {n.Name}" };
        if (n.EarliestOn is { } e) parts.Add($"最早{D(e)}");
        if (n.DueBy is { } d) parts.Add(n.Overdue ? $"已超期（应于{D(d)}前）" : $"应于{D(d)}前");
        if (n.Actor == StepActor.党委 && !committee) parts.Add("由上级党委办理");
        return string.Join(" · ", parts);
    }

    /// <summary>A date typed in a form ("yyyy-mm-dd"); a Chinese error under <paramref name="field"/> when it is not one.</summary>
    public static DateOnly? Date(string? s, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors[field] = ["日期格式应为“年-月-日”，如2026-03-05"];
        return null;
    }

    /// <summary>A whole number typed in a form; a Chinese error when it is not one.</summary>
    public static int? Int(string? s, string field, string label, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 100000) return n;
        errors[field] = [$"{label}应为不小于0的整数"];
        return null;
    }

    /// <summary>The first error of an API field under a form prefix ("Input" + "on" → "Input.On").</summary>
    public static string? Error(ModelStateDictionary state, string prefix, string field) =>
        state.TryGetValue(Web.ResultPages.Key(prefix, field), out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    /// <summary>Form-wide errors (a conflict) of the form.</summary>
    public static IEnumerable<string> FormErrors(ModelStateDictionary state, string prefix) =>
        new[] { string.Empty, prefix }.SelectMany(k => state.TryGetValue(k, out var e) ? e.Errors.Select(x => x.ErrorMessage) : []).Distinct();
}
