using System.Globalization;
using System.Text.RegularExpressions;

namespace Bastion.Domain;

/// <summary>How the user names of member accounts created in bulk are made.</summary>
public enum UserNameScheme
{
    /// <summary>The member's mobile number (members without a mobile number are skipped).</summary>
    Mobile = 1,
    /// <summary>A prefix the secretary chooses and a sequence number: <c>yk1zb001</c>, <c>yk1zb002</c> …</summary>
    PrefixSequence = 2,
}

/// <summary>What happens to a linked member account when the member's standing changes.</summary>
public enum AccountAccessChange
{
    /// <summary>Nothing: the account keeps signing in with the grants it has.</summary>
    Keep,
    /// <summary>The member stays in the platform in another organization: the 普通党员 grant moves there.</summary>
    MoveMemberGrant,
    /// <summary>The member left the platform or the party: the account is disabled, its sessions and tokens end.</summary>
    Disable,
}

/// <summary>
/// Member accounts (an account linked to a 党员档案): user names, and THE rule for access when a member leaves or moves.
/// <list type="bullet">
/// <item>系统内转接 accepted: the member is still ours, in another branch: the 普通党员 grant moves to the new branch
/// (other roles, e.g. 支部书记, are posts the 安全管理员 decides on; the committee posts already ended).</item>
/// <item>转出 with a 介绍信 (leaves the platform) or 出党: the account is disabled, its sessions and API tokens end. The link
/// stays, so the history is kept and, should the member come back (转回 with an inward letter, or a status corrected),
/// the 系统管理员 re-enables the same account deliberately: access is never restored silently.</item>
/// <item>停止党籍 and 失联: kept. 停止党籍 is temporary and decided by the 党组织 (restored by 恢复党籍 with the same status
/// edit), the member stays on the branch's roster and may still read their own records and take part when restored;
/// for a 失联 member signing in is itself the contact the branch is looking for. Neither grants anything a 普通党员
/// could misuse (a 普通党员 sees only their own organization).</item>
/// <item>The platform has no 死亡 status: a deceased member is recorded as 出党 (党籍终止) or transferred out, and the
/// account follows those rules.</item>
/// </list>
/// </summary>
public static partial class MemberAccountRules
{
    public const int PrefixMaxLength = 20;

    /// <summary>A mainland mobile number: 11 digits starting 13–19.</summary>
    public static bool IsMobileNumber(string? v) => v is not null && MobilePattern().IsMatch(v);

    /// <summary>The member's phone as a user name, when it is a mobile number (spaces and dashes dropped).</summary>
    public static string? MobileUserName(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = phone.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        return IsMobileNumber(digits) ? digits : null;
    }

    /// <summary>Checks a user-name prefix: starts with a letter (so no name made from it looks like a phone), then
    /// letters, digits, '.', '_' or '-'. Returns the Chinese reason when refused.</summary>
    public static string? CheckPrefix(string? prefix)
    {
        var p = (prefix ?? "").Trim();
        if (p.Length == 0) return "请输入用户名前缀";
        if (p.Length > PrefixMaxLength) return $"用户名前缀不能超过{PrefixMaxLength}个字符";
        if (!PrefixPattern().IsMatch(p)) return "用户名前缀须以字母开头，只能包含字母、数字和 . _ -";
        return null;
    }

    /// <summary>
    /// The next <paramref name="count"/> user names of a prefix: numbered after the highest number already used with
    /// it (case-insensitive, as sign-in is), at least three digits: <c>zb001</c>, <c>zb002</c>, … <c>zb1000</c>.
    /// </summary>
    public static IReadOnlyList<string> SequenceNames(string prefix, IEnumerable<string> existing, int count)
    {
        var max = 0;
        foreach (var name in existing)
        {
            if (name.Length <= prefix.Length || !name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var tail = name[prefix.Length..];
            if (tail.All(char.IsAsciiDigit) && tail.Length <= 9 && int.Parse(tail, CultureInfo.InvariantCulture) is var n && n > max) max = n;
        }
        return Enumerable.Range(max + 1, Math.Max(0, count)).Select(n => prefix + n.ToString("000", CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>What a change of 党籍状态 does to the member's account (see the class summary).</summary>
    public static AccountAccessChange OnPartyStatus(PartyStatus before, PartyStatus after) =>
        after == PartyStatus.出党 && before != PartyStatus.出党 ? AccountAccessChange.Disable : AccountAccessChange.Keep;

    /// <summary>What a completed transfer does to the member's account (see the class summary).</summary>
    public static AccountAccessChange OnTransfer(TransferKind kind) => kind switch
    {
        TransferKind.系统内 => AccountAccessChange.MoveMemberGrant,
        TransferKind.转出 => AccountAccessChange.Disable,
        _ => AccountAccessChange.Keep,
    };

    /// <summary>The roles that may never be linked to a member (三员分立: the administrators are not party-work accounts).</summary>
    public static string? RefuseLink(IEnumerable<Role> held)
    {
        foreach (var r in held)
            if (Roles.IsAdministrator(r)) return $"三员分立：{Roles.Display(r)}账号不能关联党员";
        return null;
    }

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9._-]*$")]
    private static partial Regex PrefixPattern();
}
