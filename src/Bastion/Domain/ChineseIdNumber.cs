using System.Globalization;

namespace Bastion.Domain;

/// <summary>公民身份号码 rules (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check character.</summary>
public static class ChineseIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("需要前17位", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var c = first17[i];
            if (c is < '0' or > '9') throw new ArgumentException("前17位必须是数字", nameof(first17));
            sum += (c - '0') * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    public sealed record Parsed(DateOnly BirthDate, Gender Gender, string RegionCode);

    /// <summary>Validates and decodes; returns null with a Chinese reason when invalid. A birth date after
    /// <paramref name="today"/> (the China calendar day, from the caller's clock) is invalid.</summary>
    public static Parsed? TryParse(string? value, DateOnly today, out string? error) => TryParse(value, (DateOnly?)today, out error);

    /// <summary>Validates the form and decodes, without the "not born after today" check: for a number already validated
    /// against a day (decoding it again), or a check that has no day at hand.</summary>
    public static Parsed? TryParse(string? value, out string? error) => TryParse(value, null, out error);

    private static Parsed? TryParse(string? value, DateOnly? today, out string? error)
    {
        error = null;
        var v = (value ?? "").Trim().ToUpperInvariant();
        if (v.Length != 18) { error = "公民身份号码应为18位"; return null; }
        for (var i = 0; i < 17; i++)
            if (v[i] is < '0' or > '9') { error = "公民身份号码前17位必须是数字"; return null; }
        if (v[17] is not ((>= '0' and <= '9') or 'X')) { error = "公民身份号码最后一位应为数字或X"; return null; }
        if (!DateOnly.TryParseExact(v.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > today)
        { error = "公民身份号码中的出生日期无效"; return null; }
        if (CheckCharacter(v.AsSpan(0, 17)) != v[17]) { error = "公民身份号码校验码错误"; return null; }
        var gender = (v[16] - '0') % 2 == 1 ? Gender.男 : Gender.女;
        return new Parsed(birth, gender, v[..6]);
    }

    public static bool IsValid(string? value) => TryParse(value, out _) is not null;

    public static bool IsValid(string? value, DateOnly today) => TryParse(value, today, out _) is not null;

    /// <summary>Builds a valid number from its parts (for demo data and tests).</summary>
    public static string Compose(string region6, DateOnly birth, int sequence3)
    {
        var first17 = region6 + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence3.ToString("000", CultureInfo.InvariantCulture);
        return first17 + CheckCharacter(first17);
    }
}
