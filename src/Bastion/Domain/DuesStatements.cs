using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bastion.Domain;

// Importing a bank 对账单 or a WeChat 收款记录 into the open dues month (DOMAIN-2 §2.3 "imported from a bank or WeChat
// statement"). Pure rules: who a line is from, which months it pays, the line's identity for idempotent re-uploads.

/// <summary>A member the statement may name: only the fields the matcher compares (never shown or stored by it).</summary>
public sealed record DuesStatementPerson(long MemberId, string Name, string IdNumber, string? Phone);

/// <summary>
/// Who a line is from: <see cref="MemberId"/> when exactly one member's name AND a disambiguator (ID-number tail, phone
/// tail) are in the line; otherwise null with the reason, and <see cref="SuggestedId"/> when one member is likely (the
/// collector confirms by hand — the import never guesses).
/// </summary>
public sealed record DuesStatementMatch(long? MemberId, long? SuggestedId, string? Reason);

/// <summary>One of the member's dues lines a statement line may pay (the open month or an earlier month marked 延迟).</summary>
/// <param name="PaidByRow">The earlier row of the same file that pays it already (nobody pays a month twice).</param>
public sealed record DuesStatementDue(long EntryId, DateOnly Month, decimal? Due, bool Paid, bool Pending, bool Locked, string? Problem, int? PaidByRow = null);

/// <summary>The months a line pays (oldest first), or the refusal.</summary>
public sealed record DuesStatementPlan(IReadOnlyList<DuesStatementDue> Pays, string? Refusal)
{
    public bool Ok => Refusal is null;
}

/// <summary>
/// The rules of a statement import:
/// <list type="bullet">
/// <item>A line names its member by name (付款人/对方户名/昵称, or the name written in the 摘要/附言/备注) PLUS a disambiguator
/// in the line: the last 4 or more characters of the ID number, or of the phone (a whole ID number or phone works too).
/// A name without a disambiguator, a disambiguator without a name, or several members fitting → not matched: the line
/// goes to the row report to be assigned by hand.</item>
/// <item>Amounts (DOMAIN-2 §2.2: dues are paid per month in full; 少交 only through an approved reduction, which lowers the
/// due itself): a line pays the member's unpaid months oldest first (往月应补缴 before the open month) and its amount must
/// equal the due of exactly the first one, two, … of them. Less than the first month's due is refused (no partial
/// payment); more than a whole number of months is refused (a voluntary extra is the member's own choice, recorded by
/// hand as 自愿多交) — nothing is split or guessed.</item>
/// <item>A month already paid (or recorded by the member online and awaiting confirmation, or paid by an earlier row of
/// the same file) is never paid again; a 补交 more than 6 months back needs the 支部's reason, so it is recorded by hand.</item>
/// </list>
/// </summary>
public static class DuesStatementRules
{
    /// <summary>The shortest tail of an ID number or a phone that counts as a disambiguator.</summary>
    public const int MinTail = 4;
    /// <summary>A statement of one month for a large 党委 (one line per member) fits; beyond that, split by branch.</summary>
    public const int MaxLines = 20_000;

    /// <summary>Runs of digits (and a trailing X of an ID number) of at least <see cref="MinTail"/> characters; dates (2026-05, 2026年) are not tails.</summary>
    public static IReadOnlyList<string> Tokens(string? text)
    {
        var list = new List<string>();
        if (string.IsNullOrEmpty(text)) return list;
        var s = MemberRules.Normalize(text);
        var i = 0;
        while (i < s.Length)
        {
            if (!char.IsAsciiDigit(s[i])) { i++; continue; }
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i < s.Length && s[i] == 'X') i++;
            var token = s[start..i];
            var next = i < s.Length ? s[i] : '\0';
            var previous = start > 0 ? s[start - 1] : '\0';
            // 2026年5月, 2026-05-06, 2026/05, 2026.05: parts of a date, not a tail
            var dateLike = next is '年' or '月' or '日' || (next is '-' or '/' or '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
                || (previous is '-' or '/' or '.' && start >= 2 && char.IsAsciiDigit(s[start - 2]));
            if (token.Length >= MinTail && !dateLike) list.Add(token);
        }
        return list;
    }

    private static bool Fits(DuesStatementPerson p, IReadOnlyList<string> tokens)
    {
        var phone = p.Phone is null ? "" : new string(p.Phone.Where(char.IsAsciiDigit).ToArray());
        foreach (var t in tokens)
        {
            if (p.IdNumber.EndsWith(t, StringComparison.OrdinalIgnoreCase)) return true;
            if (phone.Length >= MinTail && !t.EndsWith('X') && phone.EndsWith(t, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Members of the scope indexed by name and by tail, to match the lines of one file.</summary>
    public sealed class Matcher
    {
        private readonly Dictionary<string, List<DuesStatementPerson>> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<DuesStatementPerson>> _byTail = new(StringComparer.Ordinal);
        private readonly int _longestName;

        public Matcher(IEnumerable<DuesStatementPerson> people)
        {
            foreach (var p in people)
            {
                var name = MemberRules.Normalize(p.Name).Replace(" ", "", StringComparison.Ordinal);
                if (name.Length < 2) continue;
                Add(_byName, name, p);
                Add(_byTail, p.IdNumber[^MinTail..].ToUpperInvariant(), p);
                if (p.Phone is { } ph && ph.Count(char.IsAsciiDigit) >= MinTail) Add(_byTail, new string(ph.Where(char.IsAsciiDigit).ToArray())[^MinTail..], p);
                _longestName = Math.Max(_longestName, name.Length);
            }
        }

        private static void Add(Dictionary<string, List<DuesStatementPerson>> d, string key, DuesStatementPerson p)
        {
            if (!d.TryGetValue(key, out var list)) d[key] = list = [];
            if (!list.Contains(p)) list.Add(p);
        }

        /// <summary>The members whose name is one of the fields or is written inside a field.</summary>
        public IReadOnlyList<DuesStatementPerson> Named(IEnumerable<string?> fields)
        {
            var found = new List<DuesStatementPerson>();
            foreach (var f in fields)
            {
                if (string.IsNullOrWhiteSpace(f)) continue;
                var s = MemberRules.Normalize(f).Replace(" ", "", StringComparison.Ordinal);
                for (var start = 0; start < s.Length; start++)
                    for (var len = 2; len <= _longestName && start + len <= s.Length; len++)
                        if (_byName.TryGetValue(s.Substring(start, len), out var list))
                            foreach (var p in list) if (!found.Contains(p)) found.Add(p);
            }
            return found;
        }

        /// <summary>Matches a line: <paramref name="names"/> are the payer fields, <paramref name="texts"/> every text of the line (payer, 摘要, 附言, 备注).</summary>
        public DuesStatementMatch Match(IReadOnlyList<string?> names, IReadOnlyList<string?> texts)
        {
            var tokens = texts.SelectMany(Tokens).Distinct(StringComparer.Ordinal).ToList();
            var named = Named(texts);
            var payer = names.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))?.Trim() ?? "";
            if (named.Count > 0)
            {
                var hits = named.Where(p => Fits(p, tokens)).ToList();
                if (hits.Count == 1) return new DuesStatementMatch(hits[0].MemberId, null, null);
                if (hits.Count > 1)
                    return new DuesStatementMatch(null, null, $"姓名和附言中的号码同时符合{hits.Count}名党员（{string.Join("、", hits.Select(h => h.Name).Distinct())}），请手工指定");
                var who = string.Join("、", named.Select(n => n.Name).Distinct());
                var suggested = named.Count == 1 ? named[0].MemberId : (long?)null;
                return tokens.Count == 0
                    ? new DuesStatementMatch(null, suggested, $"找到姓名“{who}”，但摘要/附言中没有身份证号或手机号后{MinTail}位，无法确认是哪位党员，请核对后手工指定")
                    : new DuesStatementMatch(null, suggested, $"附言中的号码与“{who}”的身份证号、手机号都不相符，请核对后手工指定");
            }
            // no name: a tail alone only suggests
            var byTail = tokens.SelectMany(t => _byTail.TryGetValue(t[^MinTail..], out var l) ? l : []).Where(p => Fits(p, tokens)).Distinct().ToList();
            return new DuesStatementMatch(null, byTail.Count == 1 ? byTail[0].MemberId : null,
                byTail.Count == 1
                    ? $"付款人“{payer}”不是党员姓名，附言中的号码与{byTail[0].Name}相符，请核对后手工指定"
                    : $"在导入范围内找不到与付款人“{payer}”或附言相符的党员，请手工指定");
        }
    }

    /// <summary>
    /// The months a line of <paramref name="amount"/> pays among the member's <paramref name="dues"/> (open month and
    /// 延迟 months, any order), or why it pays none. <paramref name="openMonth"/> is the month being collected.
    /// </summary>
    public static DuesStatementPlan Plan(decimal amount, IReadOnlyList<DuesStatementDue> dues, DateOnly openMonth)
    {
        static string M(DateOnly d) => DuesMonthRules.Month(d);
        static string Y(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
        if (amount <= 0) return new([], "金额须大于0");
        var ordered = dues.OrderBy(d => d.Month).ToList();
        var payable = ordered.Where(d => !d.Paid && !d.Pending && !d.Locked && d.PaidByRow is null && d.Due is > 0).ToList();
        if (payable.Count == 0)
        {
            var open = ordered.LastOrDefault(d => d.Month == openMonth) ?? ordered.LastOrDefault();
            var refusal = open switch
            {
                null => $"该党员{M(openMonth)}没有应交党费（不在本月缴费名单中，或已转出）",
                { PaidByRow: { } row } => $"与第{row}行重复：{M(open.Month)}党费已由第{row}行缴纳，同一月份不能重复缴纳",
                { Paid: true } => $"{M(open.Month)}党费已缴纳，同一月份不能重复缴纳",
                { Pending: true } => $"{M(open.Month)}已有本人登记的线上缴纳待确认，请在支部页面确认到账，不能重复导入",
                { Locked: true } => $"本支部{M(openMonth)}党费已报送，数据已锁定，不能再导入",
                { Due: null } => $"该党员{M(open.Month)}的应交金额尚未确定（{open.Problem}），请先补全后再登记",
                _ => $"该党员{M(open.Month)}应交0元（免交），无需缴纳",
            };
            return new([], refusal);
        }
        var sum = 0m;
        for (var k = 0; k < payable.Count; k++)
        {
            sum += payable[k].Due!.Value;
            if (sum == amount)
            {
                var pays = payable.Take(k + 1).ToList();
                if (pays.FirstOrDefault(p => DuesMonthRules.MonthsBetween(p.Month, openMonth) > DuesMonthRules.BackPayMonths) is { } old)
                    return new([], $"其中{M(old.Month)}补交已超过{DuesMonthRules.BackPayMonths}个月，须填写支部研究同意的理由，请在支部页面逐月手工登记");
                return new(pays, null);
            }
            if (sum > amount) break;
        }
        var first = payable[0];
        var list = string.Join("、", payable.Take(4).Select(p => $"{M(p.Month)}{Y(p.Due!.Value)}元"));
        return amount < first.Due
            ? new([], $"金额{Y(amount)}元少于{M(first.Month)}应交的{Y(first.Due!.Value)}元：党费按月足额缴纳，不分次；少交须经支部研究、上级党委批准减免")
            : new([], $"金额{Y(amount)}元与应交不符（未交：{list}{(payable.Count > 4 ? "…" : "")}）：一笔流水须正好缴清一个或连续几个月；多交部分属自愿多交，请在支部页面手工登记");
    }

    /// <summary>
    /// The identity of a line across uploads: its transaction reference (流水号/交易单号) when the file has one, else a hash
    /// of what the line says (time, payer, account, amount, texts) — the same line uploaded twice is the same key.
    /// </summary>
    public static string LineKey(string? reference, params string?[] fields)
    {
        var r = reference is null ? "" : MemberRules.Normalize(reference).Replace(" ", "", StringComparison.Ordinal).TrimStart('\'');
        if (r.Length > 0) return "R:" + (r.Length > 70 ? r[..70] : r);
        var text = string.Join("\u001f", fields.Select(f => f is null ? "" : MemberRules.Normalize(f)));
        return "H:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
    }

    /// <summary>A text kept for the page: runs of 7 or more digits (a phone, an ID or account number) keep only their last 4.</summary>
    public static string? MaskDigits(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i])) { sb.Append(text[i++]); continue; }
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || (i > start && text[i] is 'X' or 'x' && i - start >= 14))) i++;
            var run = text[start..i];
            sb.Append(run.Length >= 7 ? new string('*', run.Length - 4) + run[^4..] : run);
        }
        return sb.ToString();
    }
}
