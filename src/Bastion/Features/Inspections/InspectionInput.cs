namespace Bastion.Features.Inspections;

/// <summary>Small text helpers of the 巡察 forms.</summary>
public static class InspectionInput
{
    /// <summary>The trimmed text, or null when blank.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The first <paramref name="n"/> characters, with an ellipsis when cut.</summary>
    public static string Clip(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}
