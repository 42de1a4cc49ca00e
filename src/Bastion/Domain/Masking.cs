namespace Bastion.Domain;

/// <summary>Masks personal data for display (e.g. 110105********123X, 138****5678).</summary>
public static class Masking
{
    public static string IdNumber(string? v)
    {
        if (string.IsNullOrEmpty(v)) return "";
        if (v.Length <= 10) return new string('*', v.Length);
        return v[..6] + new string('*', v.Length - 10) + v[^4..];
    }

    public static string Phone(string? v)
    {
        if (string.IsNullOrEmpty(v)) return "";
        if (v.Length <= 7) return new string('*', v.Length);
        return v[..3] + new string('*', v.Length - 7) + v[^4..];
    }

    /// <summary>An e-mail address keeps its first character and its domain: z***@example.com.</summary>
    public static string Email(string? v)
    {
        if (string.IsNullOrEmpty(v)) return "";
        var at = v.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? new string('*', v.Length) : v[..1] + new string('*', Math.Max(1, at - 1)) + v[at..];
    }

    /// <summary>A user name that is a mainland mobile number (member accounts may use one) is masked like a phone;
    /// any other user name is shown as it is.</summary>
    public static string? UserName(string? v) => v is not null && MemberAccountRules.IsMobileNumber(v) ? Phone(v) : v;
}
