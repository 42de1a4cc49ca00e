namespace Bastion.Domain;

/// <summary>Password rule: at least 8 characters and at least 3 of the 4 character classes.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public static int ClassCount(string password)
    {
        bool lower = false, upper = false, digit = false, other = false;
        foreach (var c in password)
        {
            if (char.IsAsciiLetterLower(c)) lower = true;
            else if (char.IsAsciiLetterUpper(c)) upper = true;
            else if (char.IsAsciiDigit(c)) digit = true;
            else other = true;
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /// <summary>Returns the Chinese reasons the password is refused (empty when acceptable).</summary>
    public static IReadOnlyList<string> Check(string? password)
    {
        var errors = new List<string>();
        password ??= "";
        if (password.Length < MinLength) errors.Add($"密码长度至少{MinLength}位");
        if (password.Length > MaxLength) errors.Add($"密码长度不能超过{MaxLength}位");
        if (ClassCount(password) < 3) errors.Add("密码须包含大写字母、小写字母、数字、特殊字符中的至少3类");
        return errors;
    }

    /// <summary>Generates a random password satisfying the policy (for one-time and demo passwords).</summary>
    public static string Generate(int length = 14)
    {
        length = Math.Max(length, MinLength);
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%*-_+";
        var all = lower + upper + digits + symbols;
        var chars = new char[length];
        chars[0] = lower[System.Security.Cryptography.RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[System.Security.Cryptography.RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[System.Security.Cryptography.RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < length; i++) chars[i] = all[System.Security.Cryptography.RandomNumberGenerator.GetInt32(all.Length)];
        System.Security.Cryptography.RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
