using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// The payroll import of dues bases (党费基数): a .xlsx/.xls with 身份证号, 姓名, 月份或年度, 应发工资, 个人所得税, 社保,
/// 公积金, read by the roster import's reader, reported row by row with its row report, run on its queue (job kind
/// 党费基数). Every row names a member of the target organization's subtree (unknown ID numbers are row errors); base =
/// 应发工资 − 个人所得税 (− 社保 − 公积金 where the unit's option is on). A dry run writes nothing; a commit writes every
/// valid row in one transaction (new month → added, same month with other figures → replaced, same figures → unchanged).
/// </summary>
public sealed class ImportDuesBases(AppDbContext db, AuditActor actor, TimeProvider clock) : ISheetImport
{
    public ImportKind Kind => ImportKind.党费基数;

    public static readonly IReadOnlyList<Roster.Column> Columns =
    [
        new("idNumber", "身份证号", true, "身份证号", "公民身份号码", "身份证号码", "身份证"),
        new("name", "姓名", true, "姓名", "党员姓名"),
        new("period", "月份或年度", true, "月份或年度", "月份", "年度", "年月", "所属月份", "工资月份"),
        new("pay", "应发工资", true, "应发工资", "应发合计", "工资总额", "应发"),
        new("tax", "个人所得税", false, "个人所得税", "个税", "代扣个税"),
        new("insurance", "社保", false, "社保", "社会保险", "个人社保"),
        new("fund", "公积金", false, "公积金", "住房公积金"),
    ];

    public const string NoHeader = "没有找到表头行：工资表须含 身份证号、姓名、月份或年度、应发工资 列（个人所得税、社保、公积金 可选）";

    private sealed record Candidate(int Row, long MemberId, int Year, short FromMonth, decimal Pay, decimal Tax, decimal Insurance, decimal Fund,
        bool Deducted, decimal Base, DuesCategory? Category);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/bases/import", async (HttpContext http, bool? dryRun, UserContext user, ImportDuesBases import, CancellationToken ct) =>
            {
                if (!http.Request.HasFormContentType)
                    return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
                if (file is null || file.Length == 0)
                    return ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = ["请上传工资表文件（.xlsx 或 .xls）"] });
                if (file.Length > RosterReader.MaxBytes) return UploadLimit.Problem(RosterReader.MaxBytes);
                await using var ms = new MemoryStream();
                await file.CopyToAsync(ms, ct);
                var report = await import.RunAsync(ms, user.CurrentOrg!, dryRun ?? true, null, ct, null);
                return report.Total == 0 && report.Errors.Count > 0
                    ? ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = report.Errors.Select(e => e.Message).ToArray() }, "文件无法导入")
                    : Results.Ok(report);
            })
           .Require(Permission.DuesManage)
           .DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(RosterReader.MaxBytes))
           .WithSummary("导入工资表设置党费基数（multipart/form-data，文件字段 file；?org= 组织；dryRun=true 只校验不写入）")
           .Produces<ImportMembers.Report>();

    public async Task<ImportMembers.Report> RunAsync(Stream file, Organization target, bool dryRun, IProgress<(int Done, int Total)>? progress, CancellationToken ct, long? jobId)
    {
        file.Position = 0;
        var sheet = RosterReader.Read(file, Columns, NoHeader, new Progress<int>(n => progress?.Report((0, n))));
        if (sheet.FileErrors.Count > 0) return new ImportMembers.Report(0, 0, 0, 0, 0, sheet.FileErrors, false, sheet.FileErrors.Count);

        var problems = new ImportMembers.Problems();
        var today = clock.Today();
        // the members of the subtree by ID number, with their organization's path (for the unit option) and category
        var ids = sheet.Rows.Select(r => Text(sheet.Get(r, "idNumber"))?.ToUpperInvariant()).Where(v => v is { Length: 18 }).Distinct().ToList();
        var members = new Dictionary<string, (long Id, string Name, string Path, DuesCategory? Category)>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(5000))
        {
            var found = await (from m in db.Members.AsNoTracking()
                               join o in db.UnderOrg(target) on m.OrgId equals o.Id
                               where chunk.Contains(m.IdNumber)
                               join p in db.Set<DuesProfile>() on m.Id equals p.MemberId into ps
                               from p in ps.DefaultIfEmpty()
                               select new { m.Id, m.IdNumber, m.Name, o.Path, Category = p == null ? (DuesCategory?)null : p.Category }).ToListAsync(ct);
            foreach (var f in found) members[f.IdNumber] = (f.Id, f.Name, f.Path, f.Category);
        }
        var options = new Dictionary<string, DuesUnits.Options>(StringComparer.Ordinal);
        var seen = new Dictionary<(long, int, short), int>();
        var candidates = new List<Candidate>();
        var done = 0;
        foreach (var row in sheet.Rows)
        {
            var errors = new List<ImportError>();
            void Err(string column, string message) => errors.Add(new ImportError(row.Row, column, message));
            var id = Text(sheet.Get(row, "idNumber"))?.ToUpperInvariant();
            var name = Text(sheet.Get(row, "name"));
            (long Id, string Name, string Path, DuesCategory? Category) member = default;
            if (string.IsNullOrEmpty(id)) Err("身份证号", "缺少身份证号");
            else if (ChineseIdNumber.TryParse(id, today, out var idError) is null) Err("身份证号", idError!);
            else if (!members.TryGetValue(id, out member)) Err("身份证号", $"身份证号{Masking.IdNumber(id)}不是{target.Name}的党员");
            else if (!string.IsNullOrEmpty(name) && MemberRules.Normalize(name) != MemberRules.Normalize(member.Name))
                Err("姓名", $"姓名“{name}”与该身份证号登记的姓名不一致");
            var period = ParsePeriod(sheet.Get(row, "period"));
            if (period is null) Err("月份或年度", "月份或年度应为年度（如 2026，自1月起）或月份（如 2026-07，自该月起调整）");
            decimal Money(string key, string column, bool required)
            {
                var raw = sheet.Get(row, key);
                if (raw is null || (raw is string s && string.IsNullOrWhiteSpace(s)))
                {
                    if (required) Err(column, $"缺少{column}");
                    return 0m;
                }
                var v = raw switch
                {
                    double d => (decimal?)d,
                    decimal m => m,
                    int i => i,
                    long l => l,
                    _ => DuesRules.ParseYuan(Convert.ToString(raw, CultureInfo.InvariantCulture)),
                };
                if (v is null) { Err(column, $"{column}“{raw}”不是数字"); return 0m; }
                if (DuesRules.CheckMoney(v.Value, key, column) is { } e) { Err(column, e.Message); return 0m; }
                return v.Value;
            }
            var pay = Money("pay", "应发工资", true);
            var tax = Money("tax", "个人所得税", false);
            var ins = Money("insurance", "社保", false);
            var fund = Money("fund", "公积金", false);
            if (errors.Count == 0)
            {
                if (!options.TryGetValue(member.Path!, out var opt)) options[member.Path!] = opt = await DuesUnits.ForAsync(db, member.Path!, ct);
                var b = DuesRules.ComputeBase(pay, tax, ins, fund, opt.DeductInsurance);
                if (b.Error is { } be) Err(be.Field == "pay" ? "应发工资" : "个人所得税", be.Message);
                else
                {
                    var key = (member.Id, period!.Value.Year, (short)period.Value.Month);
                    if (seen.TryGetValue(key, out var first)) Err("月份或年度", $"与第{first}行是同一党员的同一月份");
                    else
                    {
                        seen[key] = row.Row;
                        candidates.Add(new Candidate(row.Row, member.Id, key.Year, key.Item3, pay, tax, ins, fund, opt.DeductInsurance, b.Value, member.Category));
                    }
                }
            }
            if (errors.Count > 0) problems.AddRow(errors);
            if (++done % 500 == 0) progress?.Report((done, sheet.Rows.Count));
        }

        // sort the valid rows against the bases already recorded
        var memberIds = candidates.Select(c => c.MemberId).Distinct().ToList();
        var existing = new Dictionary<(long, int, short), DuesBase>();
        foreach (var chunk in memberIds.Chunk(5000))
            foreach (var e in await db.Set<DuesBase>().Where(b => chunk.Contains(b.MemberId)).ToListAsync(ct))
                existing[(e.MemberId, e.Year, e.FromMonth)] = e;
        var fresh = new List<Candidate>();
        var changed = new List<(Candidate C, DuesBase Row)>();
        var unchanged = 0;
        foreach (var c in candidates)
        {
            if (!existing.TryGetValue((c.MemberId, c.Year, c.FromMonth), out var row)) fresh.Add(c);
            else if ((row.Pay, row.TaxWithheld, row.Insurance, row.HousingFund, row.InsuranceDeducted) == (c.Pay, c.Tax, c.Insurance, c.Fund, c.Deducted)) unchanged++;
            else changed.Add((c, row));
        }
        var total = sheet.Rows.Count;
        var report = new ImportMembers.Report(total, candidates.Count, fresh.Count, changed.Count, unchanged,
            SheetLimits.Listed(problems.Sorted()), !dryRun && fresh.Count + changed.Count > 0, problems.Total, problems.Rows);
        progress?.Report((total, total));
        if (dryRun || fresh.Count + changed.Count == 0) return report with { Committed = false };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var amounts = new Dictionary<(DuesCategory, int, short, decimal), decimal?>();
        async Task<decimal?> AmountOf(Candidate c)
        {
            if (c.Category is not { } cat) return null;
            var k = (cat, c.Year, c.FromMonth, c.Base);
            if (!amounts.TryGetValue(k, out var a)) amounts[k] = a = await DuesUnits.AmountAsync(db, cat, c.Base, new DateOnly(c.Year, c.FromMonth, 1), ct);
            return a;
        }
        foreach (var c in fresh)
            db.Add(new DuesBase
            {
                MemberId = c.MemberId, Year = c.Year, FromMonth = c.FromMonth, Pay = c.Pay, TaxWithheld = c.Tax, Insurance = c.Insurance,
                HousingFund = c.Fund, InsuranceDeducted = c.Deducted, Base = c.Base, Amount = await AmountOf(c), Source = DuesBaseSource.导入,
                ImportJobId = jobId, CreatedAt = now, CreatedBy = actor.UserName,
            });
        foreach (var (c, row) in changed)
        {
            (row.Pay, row.TaxWithheld, row.Insurance, row.HousingFund, row.InsuranceDeducted, row.Base, row.Amount, row.Source, row.ImportJobId) =
                (c.Pay, c.Tax, c.Insurance, c.Fund, c.Deducted, c.Base, await AmountOf(c), DuesBaseSource.导入, jobId);
            row.UpdatedAt = now;
            row.UpdatedBy = actor.UserName;
        }
        AuditEvents.Add(db, "dues.bases.import", "dues_bases", null, target.Id, new { added = fresh.Count, replaced = changed.Count, unchanged, rows = total, by = actor.UserName });
        await db.SaveChangesAsync(ct);
        if (jobId is { } j)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(report, ImportJob.Json);
            await db.Set<ImportJob>().Where(x => x.Id == j).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.State, ImportState.已完成).SetProperty(x => x.Report, json)
                .SetProperty(x => x.Done, total).SetProperty(x => x.Total, total).SetProperty(x => x.FinishedAt, now), ct);
        }
        await tx.CommitAsync(CancellationToken.None);
        return report;
    }

    private static string? Text(object? v) => v switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => d.ToString("0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim(),
    };

    /// <summary>A year ("2026", 2026 → January) or a month ("2026-07", "2026年7月", "202607", a date cell) → (year, month).</summary>
    public static (int Year, int Month)? ParsePeriod(object? v)
    {
        if (v is DateTime dt) return Valid(dt.Year, dt.Month);
        if (v is double d && d == Math.Floor(d))
        {
            var n = (int)d;
            return n is >= 2000 and <= 2100 ? (n, 1) : n is >= 200001 and <= 210012 ? Valid(n / 100, n % 100) : null;
        }
        var s = Text(v);
        if (s is null) return null;
        if (s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return Valid(y, 1);
        if (s.Length == 6 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var ym)) return Valid(ym / 100, ym % 100);
        s = s.TrimEnd('年', '度');
        if (s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out y)) return Valid(y, 1);
        return CreateDuesRateTable.ParseMonth(s) is { } m ? (m.Year, m.Month) : null;

        static (int, int)? Valid(int year, int month) => year is >= 2000 and <= 2100 && month is >= 1 and <= 12 ? (year, month) : null;
    }
}
