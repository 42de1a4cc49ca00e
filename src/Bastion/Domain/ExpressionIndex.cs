using System.Globalization;
using System.Text;

namespace Bastion.Domain;

/// <summary>
/// 巡言巡语 matching: an in-process index of the active standard expressions, queried with the text of a finding.
/// <para>
/// Why in-process and not PostgreSQL <c>pg_trgm</c>: the platform's own cluster is initialised with
/// <c>--locale=C</c>, where pg_trgm only extracts trigrams from characters the locale calls alphanumeric —
/// <c>SELECT show_trgm('财务把关不严')</c> returns <c>{}</c> there (checked 2026 on PostgreSQL 15), so every Chinese
/// similarity is 0. With a UTF-8 ctype (<c>C.utf8</c>) it works, but it pads and hashes whole runs of characters
/// as "words" (a run of Chinese has no spaces, so a whole sentence is one word), has no notion of character bigrams
/// (most Chinese words are two characters), and would make the result depend on how the operator created the
/// database. The library is small (hundreds of entries, a few kilobytes), so an index in memory is cheap, exact,
/// unit-testable, and the same in tests, the bench and production.
/// </para>
/// <para>
/// The model: each entry is a bag of character bigrams and trigrams (never across punctuation) from its symptoms
/// (weight 1), its standard expression (0.6) and its example (0.5); weights are TF-IDF (sublinear term frequency,
/// smoothed inverse document frequency over the entries) and the similarity is the cosine. Because a finding is long
/// and a symptom is a short phrase, a second measure asks how much of the best single symptom phrase the text
/// covers (IDF-weighted share of the phrase's n-grams found in the text). The score is a blend of both, in 0–1.
/// A small table of synonyms folds common variants of the same business word into one form before n-grams are
/// taken (both in the library and in the text).
/// </para>
/// </summary>
public sealed class ExpressionIndex
{
    /// <summary>One library entry as the index needs it.</summary>
    public sealed record Entry(long Id, FindingCategory Category, string Expression, string Symptoms, string? Example);

    /// <summary>A suggestion: the entry and its score (0–1).</summary>
    public sealed record Match(Entry Entry, double Score)
    {
        /// <summary>The plain 匹配度 shown to people instead of the number.</summary>
        public MatchLevel Level => ExpressionIndex.Level(Score);
    }

    public const double SymptomWeight = 1.0, ExpressionWeight = 0.6, ExampleWeight = 0.5;
    /// <summary>Share of the score from the whole-entry cosine; the rest from the best symptom's coverage.</summary>
    public const double CosineShare = 0.5;

    private readonly Entry[] _entries;
    private readonly Dictionary<string, double>[] _vectors;
    private readonly double[] _norms;
    private readonly List<Dictionary<string, double>>[] _symptomGrams;
    private readonly Dictionary<string, double> _idf;
    private readonly double _defaultIdf;
    private readonly HashSet<string>[] _entryTerms;

    public int Count => _entries.Length;

    public ExpressionIndex(IEnumerable<Entry> entries)
    {
        _entries = entries.ToArray();
        var n = _entries.Length;
        var raw = new Dictionary<string, double>[n];
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var e = _entries[i];
            var tf = new Dictionary<string, double>(StringComparer.Ordinal);
            Add(tf, Grams(e.Symptoms), SymptomWeight);
            Add(tf, Grams(e.Expression), ExpressionWeight);
            if (e.Example is { Length: > 0 } ex) Add(tf, Grams(ex), ExampleWeight);
            raw[i] = tf;
            foreach (var g in tf.Keys) df[g] = df.GetValueOrDefault(g) + 1;
        }
        _idf = df.ToDictionary(kv => kv.Key, kv => Idf(n, kv.Value), StringComparer.Ordinal);
        _defaultIdf = Idf(n, 0);
        _vectors = new Dictionary<string, double>[n];
        _norms = new double[n];
        _symptomGrams = new List<Dictionary<string, double>>[n];
        _entryTerms = _entries.Select(e => Terms.Where(t => Fold(e.Expression).Contains(t.Term, StringComparison.Ordinal)).Select(t => t.Term).ToHashSet(StringComparer.Ordinal)).ToArray();
        for (var i = 0; i < n; i++)
        {
            var v = raw[i].ToDictionary(kv => kv.Key, kv => (1 + Math.Log(kv.Value)) * _idf[kv.Key], StringComparer.Ordinal);
            _vectors[i] = v;
            _norms[i] = Math.Sqrt(v.Values.Sum(x => x * x));
            _symptomGrams[i] = SplitSymptoms(_entries[i].Symptoms)
                .Select(s => Grams(s).Distinct(StringComparer.Ordinal).ToDictionary(g => g, g => _idf.GetValueOrDefault(g, _defaultIdf), StringComparer.Ordinal))
                .Where(d => d.Count > 0).ToList();
        }
    }

    private static double Idf(int docs, int df) => Math.Log((docs + 1.0) / (df + 1.0)) + 1.0;

    private static void Add(Dictionary<string, double> tf, IEnumerable<string> grams, double weight)
    {
        foreach (var g in grams) tf[g] = tf.GetValueOrDefault(g) + weight;
    }

    /// <summary>The best <paramref name="top"/> entries for a text, best first; entries with no shared n-gram are left out.</summary>
    public IReadOnlyList<Match> Search(string? text, int top)
    {
        if (string.IsNullOrWhiteSpace(text) || top <= 0 || _entries.Length == 0) return [];
        var qtf = new Dictionary<string, double>(StringComparer.Ordinal);
        Add(qtf, Grams(text), 1.0);
        if (qtf.Count == 0) return [];
        var q = qtf.ToDictionary(kv => kv.Key, kv => (1 + Math.Log(kv.Value)) * _idf.GetValueOrDefault(kv.Key, _defaultIdf), StringComparer.Ordinal);
        var qnorm = Math.Sqrt(q.Values.Sum(x => x * x));
        var terms = TermsIn(text);
        var results = new List<Match>();
        for (var i = 0; i < _entries.Length; i++)
        {
            double dot = 0;
            var v = _vectors[i];
            foreach (var (g, w) in q)
                if (v.TryGetValue(g, out var d)) dot += w * d;
            if (dot <= 0) continue;
            var cosine = dot / (qnorm * _norms[i]);
            var coverage = 0.0;
            foreach (var s in _symptomGrams[i])
            {
                double have = 0, all = 0;
                foreach (var (g, w) in s)
                {
                    all += w;
                    if (qtf.ContainsKey(g)) have += w;
                }
                coverage = Math.Max(coverage, have / all);
            }
            var score = CosineShare * Math.Min(1, cosine * 2) + (1 - CosineShare) * coverage;
            // a domain term the entry's expression is about (三会一课), met in the text by the term or one of its parts
            if (_entryTerms[i].Overlaps(terms)) score += TermBonus * (1 - score);
            results.Add(new Match(_entries[i], Math.Round(Math.Clamp(score, 0, 1), 4)));
        }
        return results.OrderByDescending(m => m.Score).ThenBy(m => m.Entry.Id).Take(top).ToList();
    }

    /// <summary>The symptom phrases of an entry: split on 、，,;；and line breaks.</summary>
    public static IReadOnlyList<string> SplitSymptoms(string? symptoms) =>
        (symptoms ?? "").Split(['、', '，', ',', ';', '；', '\n', '\r', '。'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Character bigrams and trigrams of a text, taken inside runs of CJK characters, letters and digits (never across
    /// punctuation or spaces), after folding synonyms. A run of one character yields that character.
    /// </summary>
    public static IEnumerable<string> Grams(string text)
    {
        foreach (var run in Runs(Fold(text)))
        {
            if (run.Length == 1) { yield return run; continue; }
            for (var i = 0; i + 2 <= run.Length; i++) yield return run.Substring(i, 2);
            for (var i = 0; i + 3 <= run.Length; i++) yield return run.Substring(i, 3);
        }
    }

    /// <summary>Runs of word characters: CJK ideographs, letters and digits (ASCII letters lower-cased).</summary>
    public static IEnumerable<string> Runs(string text)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
            else if (sb.Length > 0) { yield return sb.ToString(); sb.Clear(); }
        }
        if (sb.Length > 0) yield return sb.ToString();
    }

    /// <summary>
    /// Variants of the same business word folded into one form (longest first), so "公款吃喝" in a finding meets
    /// "违规吃喝" in the library. Kept small and obvious: words inspection writers use interchangeably.
    /// </summary>
    public static readonly IReadOnlyList<(string From, string To)> Synonyms =
    [
        ("支部党员大会", "党员大会"), ("支部委员会会议", "支委会"), ("支部委员会", "支委会"), ("支委会会议", "支委会"), ("党小组会议", "党小组会"),
        ("中央八项规定精神", "八项规定"), ("中央八项规定", "八项规定"),
        ("民主生活会", "组织生活会"), ("公款吃喝", "违规吃喝"), ("大吃大喝", "违规吃喝"), ("公款宴请", "违规吃喝"),
        ("公务用车", "公车"), ("公务车辆", "公车"), ("公车私用", "公车私用"),
        ("报销单据", "票据"), ("原始凭证", "票据"), ("发票", "票据"),
        ("干部选拔任用", "选人用人"), ("选拔任用", "选人用人"), ("提拔任用", "选人用人"), ("提拔", "选人用人"),
        ("问题整改", "整改"), ("整改工作", "整改"), ("整改任务", "整改"),
        ("意识形态工作", "意识形态"),
        ("招投标", "招标"), ("招标投标", "招标"),
        ("一把手", "主要负责人"),
    ];

    /// <summary>
    /// Domain terms that name a whole family of things a finding may mention by one member only: a finding about
    /// 支委会 records is a "三会一课" finding. An entry whose standard expression names the term gains
    /// <see cref="TermBonus"/> of its missing score when the text names the term or one of its parts (after folding).
    /// </summary>
    public static readonly IReadOnlyList<(string Term, string[] Parts)> Terms =
    [
        ("三会一课", ["三会一课", "支委会", "党员大会", "党小组会", "党课"]),
        ("三重一大", ["三重一大", "重大决策", "重要人事任免", "重大项目安排", "大额度资金"]),
    ];

    /// <summary>Share of the missing score an entry gains when its expression's domain term is met in the text.</summary>
    public const double TermBonus = 0.15;

    /// <summary>The domain terms a text touches (by the term itself or one of its parts).</summary>
    public static HashSet<string> TermsIn(string text)
    {
        var folded = Fold(text);
        return Terms.Where(t => t.Parts.Any(p => folded.Contains(Fold(p), StringComparison.Ordinal))).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
    }

    public static string Fold(string text)
    {
        foreach (var (from, to) in Synonyms)
            if (text.Contains(from, StringComparison.Ordinal)) text = text.Replace(from, to, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The score as a number (two decimals, invariant) — for the API and logs; people see <see cref="Level"/>.</summary>
    public static string Format(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The thresholds of the 匹配度 levels, in one place: 高 from <c>High</c>, 中 from <c>Medium</c>, else 低.</summary>
    public const double HighFrom = 0.5, MediumFrom = 0.25;

    public static MatchLevel Level(double score) => score >= HighFrom ? MatchLevel.高 : score >= MediumFrom ? MatchLevel.中 : MatchLevel.低;
}

/// <summary>匹配度 of a 巡言巡语 suggestion, shown instead of the raw score (thresholds: <see cref="ExpressionIndex.Level"/>).</summary>
public enum MatchLevel
{
    低 = 1,
    中 = 2,
    高 = 3,
}
