using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues.Months;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Features.Dues.Statements;

/// <summary>
/// 导入党费流水: a bank 对账单 (交易日期, 对方户名, 对方账号, 收入金额, 摘要/附言, 流水号) or a WeChat 群收款/收款记录 export
/// (时间, 付款人/昵称, 金额, 备注, 交易单号) for the open dues month, read by the roster import's reader (the header row found by
/// its names among the first rows, the file's limits checked before a row is read) and run on its queue (job kind
/// 党费流水).
/// <list type="bullet">
/// <item>The check (dry run) matches every line to a member of the target's scope by <see cref="DuesStatementRules"/>
/// (name plus a disambiguator; never a guess), plans the months it pays and keeps every line with the job (已匹配 /
/// 待指定 / 已拒绝 with the reason): the preview, where unmatched lines are assigned by hand. Nothing is paid.</item>
/// <item>The commit takes the tenant's statement lock, re-checks every matched line against the database as it is now
/// (entries locked), and writes all their payments in ONE transaction with one audit row; a line that no longer passes
/// (paid by hand meanwhile, imported by another upload) is refused with its reason, never half-written.</item>
/// </list>
/// </summary>
public sealed class ImportDuesStatement(AppDbContext db, AuditActor actor, TimeProvider clock) : ISheetImport
{
    public ImportKind Kind => ImportKind.党费流水;

    public static readonly IReadOnlyList<Roster.Column> Columns =
    [
        new("date", "交易日期", false, "交易日期", "日期", "记账日期", "入账日期", "交易日"),
        new("time", "时间", false, "交易时间", "时间", "收款时间", "支付时间", "付款时间", "到账时间"),
        new("payer", "对方户名/付款人", false, "对方户名", "对方名称", "对方账户名", "对方户名称", "付款人", "付款人姓名", "付款人户名", "付款人名称",
            "付款方", "交易对方", "姓名", "成员", "成员姓名"),
        new("nickname", "昵称", false, "昵称", "付款人昵称", "微信昵称", "群昵称"),
        new("account", "对方账号", false, "对方账号", "对方账户", "对方卡号", "付款账号", "付款人账号", "对方账号/卡号"),
        new("income", "收入金额", false, "收入金额", "贷方金额", "贷方发生额", "收入", "入账金额"),
        new("amount", "金额", false, "金额", "交易金额", "收款金额", "付款金额", "发生额", "实收金额"),
        new("outflow", "支出金额", false, "支出金额", "借方金额", "借方发生额", "支出"),
        new("direction", "收/支", false, "收/支", "收支", "收支类型", "借贷标志", "借贷", "收付方向", "资金方向"),
        new("status", "交易状态", false, "当前状态", "交易状态", "状态"),
        new("summary", "摘要", false, "摘要", "交易摘要", "商品", "商品名称", "用途"),
        new("memo", "附言", false, "附言", "交易附言", "留言", "转账附言", "付款附言"),
        new("note", "备注", false, "备注", "付款备注", "收款备注", "备注信息", "收款理由"),
        new("reference", "流水号", false, "交易流水号", "流水号", "交易单号", "交易号", "订单号", "交易参考号", "业务流水号", "流水号码", "账单编号", "收款单号"),
        new("voucher", "凭证号", false, "凭证号", "凭证号码", "商户单号", "传票号"),
    ];

    public const string NoHeader =
        "没有找到表头行：银行对账单须含 交易日期、对方户名、收入金额 列（对方账号、摘要、附言、流水号 可选）；微信收款记录须含 时间、付款人（或昵称）、金额 列（备注、交易单号 可选）";

    /// <summary>A line as read: what the file says, and why it cannot be imported (if it cannot).</summary>
    private sealed record Parsed(int Row, string Key, string? Reference, DateOnly? PaidOn, string? Payer, string? Nickname, string? AccountTail,
        string? Summary, string? Memo, string? Note, decimal? Amount, string? RefusalColumn, string? Refusal);

    /// <summary>What the check decided for a line.</summary>
    private sealed record Decided(Parsed Line, DuesStatementLineState State, long? MemberId, long? Suggested, string? Months, string? Column, string? Reason, int Payments);

    public async Task<ImportMembers.Report> RunAsync(Stream file, Organization target, bool dryRun, IProgress<(int Done, int Total)>? progress, CancellationToken ct, long? jobId) =>
        dryRun ? await CheckAsync(file, target, progress, ct, jobId) : await CommitAsync(target, jobId ?? throw new InvalidOperationException("a statement import is committed from its checked job"), ct);

    private static ImportMembers.Report FileError(string message) =>
        new(0, 0, 0, 0, 0, [new ImportError(0, "文件", message)], false, 1);

    // ---- the check: read, match, plan, keep the lines with the job ----

    private async Task<ImportMembers.Report> CheckAsync(Stream file, Organization target, IProgress<(int Done, int Total)>? progress, CancellationToken ct, long? jobId)
    {
        file.Position = 0;
        var sheet = RosterReader.Read(file, Columns, NoHeader, new Progress<int>(n => progress?.Report((0, n))), DuesStatementRules.MaxLines);
        if (sheet.FileErrors.Count > 0) return new ImportMembers.Report(0, 0, 0, 0, 0, sheet.FileErrors, false, sheet.FileErrors.Count);
        bool Has(string key) => sheet.IndexOf(key) >= 0;
        if (!(Has("date") || Has("time")) || !(Has("payer") || Has("nickname")) || !(Has("income") || Has("amount"))) return FileError(NoHeader);
        var root = DuesMonthsDb.RootOf(target.Path);
        var open = await DuesMonthsDb.OpenMonthAsync(db, root, ct);
        if (open is null) return FileError("当前没有启动缴费的月份，流水无法导入：请等上级党委启动缴费后再上传");
        var method = Has("account") || Has("income") || Has("outflow") ? DuesPayMethod.银行转账 : DuesPayMethod.线上支付;
        var today = clock.Today();

        var parsed = sheet.Rows.Select(r => Parse(sheet, r, open.Month, today)).ToList();
        progress?.Report((parsed.Count / 4, parsed.Count));

        var scope = await ScopeAsync(target, open, null, ct);
        var matcher = new DuesStatementRules.Matcher(scope.People);
        var imported = await ImportedAsync(root, parsed.Select(p => p.Key), ct);
        // members of the tenant outside the scope, by the payer names of the file: a line from one of them is refused as such
        var names = parsed.SelectMany(p => new[] { p.Payer, p.Nickname }).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).Distinct().ToList();
        var inScope = scope.People.Select(p => p.MemberId).ToHashSet();
        var outsiders = new List<DuesStatementPerson>();
        foreach (var chunk in names.Chunk(2000))
            outsiders.AddRange((await (from m in db.Members.AsNoTracking()
                                       join o in db.OrganizationsWithin([root.ToString(CultureInfo.InvariantCulture)]) on m.OrgId equals o.Id
                                       where chunk.Contains(m.Name)
                                       select new { m.Id, m.Name, m.IdNumber, m.Phone }).ToListAsync(ct))
                .Where(m => !inScope.Contains(m.Id)).Select(m => new DuesStatementPerson(m.Id, m.Name, m.IdNumber, m.Phone)));
        var outside = new DuesStatementRules.Matcher(outsiders);

        var firstOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var consumed = new Dictionary<long, int>();
        var decided = new List<Decided>(parsed.Count);
        var done = 0;
        foreach (var p in parsed)
        {
            decided.Add(Decide(p));
            if (++done % 500 == 0) progress?.Report((parsed.Count / 4 + done * 3 / 4, parsed.Count));
        }

        Decided Decide(Parsed p)
        {
            if (p.Refusal is not null) return new(p, DuesStatementLineState.已拒绝, null, null, null, p.RefusalColumn, p.Refusal, 0);
            if (firstOfKey.TryGetValue(p.Key, out var first))
                return new(p, DuesStatementLineState.已拒绝, null, null, null, "流水号", $"与第{first}行是同一笔流水（重复行），不重复导入", 0);
            firstOfKey[p.Key] = p.Row;
            if (imported.TryGetValue(p.Key, out var at))
                return new(p, DuesStatementLineState.已拒绝, null, null, null, "流水号", $"该笔流水已于{ChineseDates.Date(ChineseDates.DayOf(at))}导入，不能重复导入", 0);
            var payerNames = new[] { p.Payer, p.Nickname };
            var texts = new[] { p.Payer, p.Nickname, p.Summary, p.Memo, p.Note };
            var match = matcher.Match(payerNames, texts);
            if (match.MemberId is not { } memberId)
            {
                if (match.SuggestedId is null && outside.Match(payerNames, texts).MemberId is not null)
                    return new(p, DuesStatementLineState.已拒绝, null, null, null, "付款人", $"付款人不是{target.Name}的党员（不在导入范围内），不能在此导入", 0);
                return new(p, DuesStatementLineState.待指定, null, match.SuggestedId, null, "付款人", match.Reason, 0);
            }
            var plan = DuesStatementRules.Plan(p.Amount!.Value, scope.DuesOf(memberId, consumed), open.Month);
            if (!plan.Ok) return new(p, DuesStatementLineState.已拒绝, memberId, null, null, "金额", plan.Refusal, 0);
            foreach (var d in plan.Pays) consumed[d.EntryId] = p.Row;
            return new(p, DuesStatementLineState.已匹配, memberId, null, Codes(plan), null, null, plan.Pays.Count);
        }

        if (jobId is { } job) await SaveLinesAsync(job, target, root, open.Id, method, decided, ct);
        progress?.Report((parsed.Count, parsed.Count));
        return Report(decided.Select(d => (d.Line.Row, d.State, d.Column, d.Reason, d.Payments)).ToList(), committed: false);
    }

    private static string Codes(DuesStatementPlan plan) => string.Join(",", plan.Pays.Select(d => DuesMonthRules.Code(d.Month)));

    /// <summary>The row report of a job's lines: the lines that will not be written, each with its reason.</summary>
    internal static ImportMembers.Report Report(IReadOnlyList<(int Row, DuesStatementLineState State, string? Column, string? Reason, int Payments)> lines, bool committed)
    {
        var problems = new ImportMembers.Problems();
        foreach (var l in lines.Where(l => l.State is DuesStatementLineState.待指定 or DuesStatementLineState.已拒绝))
            problems.AddRow([new ImportError(l.Row, l.Column ?? (l.State == DuesStatementLineState.待指定 ? "付款人" : "流水"),
                (l.State == DuesStatementLineState.待指定 ? "待手工指定：" : "不导入：") + l.Reason)]);
        var good = committed ? DuesStatementLineState.已导入 : DuesStatementLineState.已匹配;
        var valid = lines.Where(l => l.State == good).ToList();
        return new ImportMembers.Report(lines.Count, valid.Count, valid.Sum(l => l.Payments), 0, 0, Bastion.Domain.SheetLimits.Listed(problems.Sorted()), committed, problems.Total, problems.Rows);
    }

    private Parsed Parse(RosterFile sheet, RosterRow row, DateOnly openMonth, DateOnly today)
    {
        string? T(string key) => Text(sheet.Get(row, key));
        var reference = T("reference") ?? T("voucher");
        var payer = Cut(T("payer"), 100);
        var nickname = Cut(T("nickname"), 100);
        var account = T("account");
        var summary = T("summary");
        var memo = T("memo");
        var note = T("note");
        var when = sheet.Get(row, "date") ?? sheet.Get(row, "time");
        var rawAmount = sheet.Get(row, "income") ?? sheet.Get(row, "amount");
        var key = DuesStatementRules.LineKey(reference, Text(when), payer, nickname, account, Text(rawAmount), summary, memo, note);
        var digits = account is null ? "" : new string(account.Where(char.IsAsciiDigit).ToArray());
        var tail = digits.Length >= 4 ? digits[^4..] : null;
        var texts = string.Join(" ", new[] { summary, memo, note }.Where(s => !string.IsNullOrWhiteSpace(s)));
        Parsed Refuse(string column, string reason, DateOnly? on = null, decimal? amount = null) =>
            new(row.Row, key, Cut(reference, 60), on, payer, nickname, tail, summary, memo, note, amount, column, reason);

        var direction = T("direction");
        if (direction is not null && (direction.Contains('支') || direction.Contains('借')) && !direction.Contains('收'))
            return Refuse("收/支", "支出，不是党费收入，不导入");
        if (T("status") is { } status && status.Contains("退款", StringComparison.Ordinal)) return Refuse("交易状态", $"交易状态为“{Cut(status, 20)}”，不导入");
        if (rawAmount is null || (rawAmount is string s0 && string.IsNullOrWhiteSpace(s0)))
            return T("outflow") is not null ? Refuse("支出金额", "支出，不是党费收入，不导入") : Refuse("金额", "缺少金额");
        var amount = rawAmount switch
        {
            double d => (decimal)d,
            decimal m => m,
            int i => i,
            long l => l,
            _ => DuesRules.ParseYuan(Convert.ToString(rawAmount, CultureInfo.InvariantCulture)),
        };
        if (amount is null) return Refuse("金额", $"金额“{Cut(Convert.ToString(rawAmount, CultureInfo.InvariantCulture), 20)}”不是数字");
        if (amount < 0) return Refuse("金额", "支出，不是党费收入，不导入");
        if (amount == 0) return Refuse("金额", "金额为0，不导入");
        if (decimal.Round(amount.Value, 2) != amount) return Refuse("金额", "金额最多两位小数（元、角、分）");
        if (amount > 100_000m) return Refuse("金额", "金额超出范围（单笔不超过100000元）");
        if (ParseDay(when) is not { } on) return Refuse("交易日期", when is null ? "缺少交易日期或时间" : $"交易日期“{Cut(Text(when), 30)}”不是有效日期");
        if (on > today) return Refuse("交易日期", "交易日期晚于今天", on, amount);
        if (on < openMonth)
            return Refuse("交易日期", $"交易日期{ChineseDates.Date(on)}早于{DuesMonthRules.Month(openMonth)}，不是本月的流水：往月缴费请在支部页面手工登记", on, amount);
        if (payer is null && nickname is null && texts.Length == 0) return Refuse("付款人", "缺少付款人", on, amount);
        return new(row.Row, key, Cut(reference, 60), on, payer, nickname, tail, summary, memo, note, amount, null, null);
    }

    private static DateOnly? ParseDay(object? v)
    {
        switch (v)
        {
            case null: return null;
            case DateTime dt: return DateOnly.FromDateTime(dt);
            case double d when d is >= 19000101 and <= 21001231:
            case double d2 when d2 is >= 1 and < 2958466:
                return Roster.TryParseDate(v, out var n, out _) ? n : null;
        }
        var s = Text(v);
        if (s is null) return null;
        if (DateTime.TryParseExact(s, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-ddTHH:mm:ss"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return DateOnly.FromDateTime(t);
        var head = s.Split([' ', 'T'], 2)[0];
        return Roster.TryParseDate(head, out var day, out _) ? day : null;
    }

    private static string? Text(object? v) => v switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim(),
    };

    private static string? Cut(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];

    /// <summary>
    /// The lines of the job, replaced as a whole (one statement, no audit row per line: the job is the record of the
    /// check; the import writes its own audit row). Long numbers in the texts are kept masked.
    /// </summary>
    private async Task SaveLinesAsync(long jobId, Organization target, long root, long monthId, DuesPayMethod method, IReadOnlyList<Decided> lines, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<DuesStatementLine>().Where(l => l.JobId == jobId).ExecuteDeleteAsync(ct);
        foreach (var chunk in lines.Chunk(5000))
        {
            string? Memo(Decided d) => Cut(DuesStatementRules.MaskDigits(string.Join(" ", new[] { d.Line.Summary, d.Line.Memo, d.Line.Note }.Where(s => !string.IsNullOrWhiteSpace(s)))), 300) is { Length: > 0 } m ? m : null;
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO dues_statement_lines (job_id, org_id, root_org_id, month_id, line_no, line_key, reference, paid_on, payer, account_tail, memo, amount,
                    method, state, member_id, suggested_member_id, months, reason, payments)
                SELECT @job, @org, @root, @month, u.line_no, u.line_key, u.reference, u.paid_on, u.payer, u.account_tail, u.memo, u.amount,
                    @method, u.state, u.member_id, u.suggested, u.months, u.reason, u.payments
                FROM unnest(@line_no, @line_key, @reference, @paid_on, @payer, @account_tail, @memo, @amount, @state, @member_id, @suggested, @months, @reason, @payments)
                    AS u(line_no, line_key, reference, paid_on, payer, account_tail, memo, amount, state, member_id, suggested, months, reason, payments)
                """,
                [
                    new NpgsqlParameter<long>("job", jobId), new NpgsqlParameter<long>("org", target.Id), new NpgsqlParameter<long>("root", root),
                    new NpgsqlParameter<long>("month", monthId), new NpgsqlParameter<string>("method", method.ToString()),
                    new NpgsqlParameter<int[]>("line_no", chunk.Select(d => d.Line.Row).ToArray()),
                    new NpgsqlParameter<string[]>("line_key", chunk.Select(d => d.Line.Key).ToArray()),
                    new NpgsqlParameter<string?[]>("reference", chunk.Select(d => d.Line.Reference).ToArray()),
                    new NpgsqlParameter<DateOnly?[]>("paid_on", chunk.Select(d => d.Line.PaidOn).ToArray()),
                    new NpgsqlParameter<string?[]>("payer", chunk.Select(d => d.Line.Payer ?? d.Line.Nickname).ToArray()),
                    new NpgsqlParameter<string?[]>("account_tail", chunk.Select(d => d.Line.AccountTail).ToArray()),
                    new NpgsqlParameter<string?[]>("memo", chunk.Select(Memo).ToArray()),
                    new NpgsqlParameter<decimal?[]>("amount", chunk.Select(d => d.Line.Amount).ToArray()),
                    new NpgsqlParameter<string[]>("state", chunk.Select(d => d.State.ToString()).ToArray()),
                    new NpgsqlParameter<long?[]>("member_id", chunk.Select(d => d.MemberId).ToArray()),
                    new NpgsqlParameter<long?[]>("suggested", chunk.Select(d => d.Suggested).ToArray()),
                    new NpgsqlParameter<string?[]>("months", chunk.Select(d => d.Months).ToArray()),
                    new NpgsqlParameter<string?[]>("reason", chunk.Select(d => Cut(d.Reason, 300)).ToArray()),
                    new NpgsqlParameter<int[]>("payments", chunk.Select(d => d.Payments).ToArray()),
                ], ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>The keys of the tenant's lines imported before, with when.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> ImportedAsync(long root, IEnumerable<string> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct().Chunk(5000))
            foreach (var x in await db.Set<DuesStatementLine>().AsNoTracking()
                         .Where(l => l.RootOrgId == root && l.State == DuesStatementLineState.已导入 && chunk.Contains(l.LineKey))
                         .Select(l => new { l.LineKey, l.ImportedAt }).ToListAsync(ct))
                found[x.LineKey] = x.ImportedAt ?? default;
        return found;
    }

    // ---- the scope: who may be named, what each owes ----

    /// <summary>The members of the scope and their payable lines (the open month's and the 延迟 months' lines owed to a branch of the target's subtree).</summary>
    internal sealed class Scope(List<DuesStatementPerson> people, Dictionary<long, List<DuesStatementDue>> dues)
    {
        public List<DuesStatementPerson> People { get; } = people;

        public bool Contains(long memberId) => People.Any(p => p.MemberId == memberId);

        public IReadOnlyList<DuesStatementDue> DuesOf(long memberId, IReadOnlyDictionary<long, int> consumed) =>
            dues.TryGetValue(memberId, out var list)
                ? list.Select(d => consumed.TryGetValue(d.EntryId, out var row) ? d with { PaidByRow = row } : d).ToList()
                : [];
    }

    /// <summary>
    /// Reads the scope; with <paramref name="members"/>, only those members' lines, locked FOR UPDATE (the commit: a
    /// collector's record of the same line waits for it, and then finds the month paid).
    /// </summary>
    internal async Task<Scope> ScopeAsync(Organization target, DuesMonth open, long[]? members, CancellationToken ct)
    {
        List<DuesEntry> entries;
        if (members is null)
            entries = await (from e in db.Set<DuesEntry>().AsNoTracking()
                             join o in db.UnderOrg(target) on e.OrgId equals o.Id
                             where e.MonthId == open.Id || (e.Delayed && e.PaidAmount == null && e.Month < open.Month)
                             select e).ToListAsync(ct);
        else
            entries = await db.Set<DuesEntry>().FromSql($"""
                SELECT e.* FROM dues_entries e JOIN organizations o ON o.id = e.org_id
                WHERE e.member_id = ANY({members}) AND o.path <@ {target.Path}::ltree
                  AND (e.month_id = {open.Id} OR (e.delayed AND e.paid_amount IS NULL AND e.month < {open.Month}))
                ORDER BY e.id FOR UPDATE OF e
                """).AsNoTracking().ToListAsync(ct);
        var ids = entries.Select(e => e.Id).ToList();
        var payments = new Dictionary<long, DuesPaymentState>();
        foreach (var chunk in ids.Chunk(5000))
            foreach (var p in await db.Set<DuesPayment>().AsNoTracking()
                         .Where(p => chunk.Contains(p.EntryId) && p.Kind == DuesPaymentKind.党费 && p.State != DuesPaymentState.已驳回)
                         .Select(p => new { p.EntryId, p.State }).ToListAsync(ct))
                payments[p.EntryId] = p.State;
        var reported = (await db.Set<DuesBranchReport>().AsNoTracking().Where(r => r.MonthId == open.Id).Select(r => r.OrgId).ToListAsync(ct)).ToHashSet();
        var dues = entries.GroupBy(e => e.MemberId).ToDictionary(g => g.Key, g => g.Select(e => new DuesStatementDue(e.Id, e.Month, e.Due,
            e.PaidAmount is not null || payments.GetValueOrDefault(e.Id) == DuesPaymentState.已确认, payments.GetValueOrDefault(e.Id) == DuesPaymentState.待确认,
            reported.Contains(e.OrgId), e.Problem)).ToList());

        var memberIds = dues.Keys.ToList();
        var people = new Dictionary<long, DuesStatementPerson>();
        if (members is null)
            foreach (var m in await (from m in db.Members.AsNoTracking()
                                     join o in db.UnderOrg(target) on m.OrgId equals o.Id
                                     select new { m.Id, m.Name, m.IdNumber, m.Phone }).ToListAsync(ct))
                people[m.Id] = new DuesStatementPerson(m.Id, m.Name, m.IdNumber, m.Phone);
        foreach (var chunk in memberIds.Where(id => !people.ContainsKey(id)).Chunk(5000))
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Id)).Select(m => new { m.Id, m.Name, m.IdNumber, m.Phone }).ToListAsync(ct))
                people[m.Id] = new DuesStatementPerson(m.Id, m.Name, m.IdNumber, m.Phone);
        return new Scope([.. people.Values], dues);
    }

    // ---- the commit: every matched line's payments in one transaction ----

    private async Task<ImportMembers.Report> CommitAsync(Organization target, long jobId, CancellationToken ct)
    {
        var root = DuesMonthsDb.RootOf(target.Path);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one import of the tenant writes at a time: the second of two uploads of the same file finds the first's lines imported
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.DuesStatementsClass}), {(int)(root % int.MaxValue)})", ct);
        var lines = await db.Set<DuesStatementLine>().AsNoTracking().Where(l => l.JobId == jobId).OrderBy(l => l.LineNo).ToListAsync(ct);
        var open = await DuesMonthsDb.OpenMonthAsync(db, root, ct);
        if (open is null || lines.Any(l => l.MonthId != open.Id))
            return FileError("校验之后党费月份已变化（已结算或已启动新的月份），本次未写入任何数据：请重新上传流水");

        var matched = lines.Where(l => l.State == DuesStatementLineState.已匹配 && l.MemberId is not null && l.Amount is not null).ToList();
        var scope = await ScopeAsync(target, open, matched.Select(l => l.MemberId!.Value).Distinct().ToArray(), ct);
        var imported = await ImportedAsync(root, matched.Select(l => l.LineKey), ct);
        var now = clock.GetUtcNow();
        var consumed = new Dictionary<long, int>();
        var outcome = new Dictionary<long, (DuesStatementLineState State, string? Months, string? Reason, int Payments)>();
        var pays = new List<(DuesStatementDue Due, DuesStatementLine Line)>();
        foreach (var l in matched)
        {
            if (imported.TryGetValue(l.LineKey, out var at))
            {
                outcome[l.Id] = (DuesStatementLineState.已拒绝, null, $"该笔流水已于{ChineseDates.Date(ChineseDates.DayOf(at))}导入，不能重复导入", 0);
                continue;
            }
            var plan = scope.Contains(l.MemberId!.Value)
                ? DuesStatementRules.Plan(l.Amount!.Value, scope.DuesOf(l.MemberId!.Value, consumed), open.Month)
                : new DuesStatementPlan([], $"该党员{DuesMonthRules.Month(open.Month)}没有应交党费（不在本月缴费名单中，或已转出）");
            if (!plan.Ok)
            {
                outcome[l.Id] = (DuesStatementLineState.已拒绝, null, plan.Refusal, 0);
                continue;
            }
            foreach (var d in plan.Pays) { consumed[d.EntryId] = l.LineNo; pays.Add((d, l)); }
            imported[l.LineKey] = now;
            outcome[l.Id] = (DuesStatementLineState.已导入, Codes(plan), null, plan.Pays.Count);
        }

        var by = actor.UserName;
        if (pays.Count > 0)
            await db.Database.ExecuteSqlAsync($"""
                WITH u AS (
                    SELECT * FROM unnest({pays.Select(p => p.Due.EntryId).ToArray()}, {pays.Select(p => p.Line.PaidOn!.Value).ToArray()},
                        {pays.Select(p => p.Line.Method.ToString()).ToArray()}, {pays.Select(p => p.Line.Reference ?? $"流水导入{jobId}-{p.Line.LineNo}").ToArray()},
                        {pays.Select(p => $"流水导入（第{p.Line.LineNo}行）").ToArray()}) AS u(entry_id, paid_on, method, receipt_no, note)
                ), ins AS (
                    INSERT INTO dues_payments (org_id, member_id, entry_id, for_month, recorded_in_month, kind, state, amount, method, receipt_no, paid_on,
                        forward_to_central, note, recorded_at, recorded_by, confirmed_at, confirmed_by)
                    SELECT e.org_id, e.member_id, e.id, e.month, {open.Month}, '党费', '已确认', e.due, u.method, u.receipt_no, u.paid_on,
                        false, u.note, {now}, {by}, {now}, {by}
                    FROM u JOIN dues_entries e ON e.id = u.entry_id
                    RETURNING id, entry_id, amount, paid_on
                )
                UPDATE dues_entries d SET paid_amount = ins.amount, paid_on = ins.paid_on, payment_id = ins.id FROM ins WHERE d.id = ins.entry_id
                """, ct);
        var ids = outcome.Keys.ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE dues_statement_lines l SET state = u.state, months = u.months, reason = u.reason, payments = u.payments,
                imported_at = CASE WHEN u.state = '已导入' THEN {now} END
            FROM unnest({ids}, {ids.Select(i => outcome[i].State.ToString()).ToArray()}, {ids.Select(i => outcome[i].Months).ToArray()},
                {ids.Select(i => outcome[i].Reason).ToArray()}, {ids.Select(i => outcome[i].Payments).ToArray()}) AS u(id, state, months, reason, payments)
            WHERE l.id = u.id
            """, ct);

        var report = Report(lines.Select(l => outcome.TryGetValue(l.Id, out var o)
            ? (l.LineNo, o.State, (string?)(o.State == DuesStatementLineState.已拒绝 ? "金额" : null), o.Reason, o.Payments)
            : (l.LineNo, l.State, (string?)null, l.Reason, 0)).ToList(), committed: true);
        var written = outcome.Values.Where(o => o.State == DuesStatementLineState.已导入).ToList();
        AuditEvents.Add(db, "dues.statement.import", "dues_statement_lines", jobId, target.Id, new
        {
            job = jobId, month = DuesMonthRules.Code(open.Month), lines = lines.Count, imported = written.Count, payments = pays.Count,
            amount = pays.Sum(p => p.Due.Due ?? 0), refused = outcome.Count - written.Count, by,
        });
        await db.SaveChangesAsync(ct);
        var json = System.Text.Json.JsonSerializer.Serialize(report, ImportJob.Json);
        await db.Set<ImportJob>().Where(x => x.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.State, ImportState.已完成).SetProperty(x => x.Report, json)
            .SetProperty(x => x.Done, lines.Count).SetProperty(x => x.Total, lines.Count).SetProperty(x => x.FinishedAt, now), ct);
        await tx.CommitAsync(CancellationToken.None);
        return report;
    }
}
