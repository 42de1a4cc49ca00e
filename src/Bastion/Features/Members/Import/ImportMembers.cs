using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Bastion.Features.Members.Import;

/// <summary>
/// Imports a roster into an organization's subtree. A dry run reports every problem per row and writes nothing;
/// a commit writes all valid rows in one transaction (PostgreSQL COPY, one audit row for the whole import).
/// Rows whose ID number is already registered with the same data are "unchanged" (so a second import of the
/// same file changes nothing); with different data they are reported, never merged.
/// </summary>
public sealed class ImportMembers(AppDbContext db, UserContext user)
{
    /// <summary>
    /// The row report: <see cref="Errors"/> lists the first <see cref="SheetLimits.MaxErrorsListed"/> problems (by row),
    /// <see cref="ErrorTotal"/> counts them all and <see cref="ErrorRows"/> the rows they are on.
    /// </summary>
    public sealed record Report(int Total, int Valid, int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors, bool Committed, int ErrorTotal = 0, int ErrorRows = 0)
    {
        /// <summary>Every problem, listed or not (a report stored before the count was kept lists them all).</summary>
        [System.Text.Json.Serialization.JsonIgnore] public int AllErrors => Math.Max(ErrorTotal, Errors.Count);

        [System.Text.Json.Serialization.JsonIgnore]
        public int RowsWithErrors => ErrorRows > 0 ? ErrorRows : Errors.Where(e => e.Row > 0).Select(e => e.Row).Distinct().Count();

        public static Report Of(int total, int valid, int created, int unchanged, List<ImportError> errors, int errorTotal, int errorRows, bool committed) =>
            new(total, valid, created, 0, unchanged, SheetLimits.Listed(errors), committed, errorTotal, errorRows);
    }

    private sealed record Candidate(int Row, Member Member, DateOnly? InBranchSince);

    public async Task<Report> RunAsync(Stream file, Organization target, bool dryRun, IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        var roster = RosterReader.Read(file, new Progress<int>(n => progress?.Report((0, n))));
        if (roster.FileErrors.Count > 0) return new Report(0, 0, 0, 0, 0, roster.FileErrors, false, roster.FileErrors.Count);

        var today = MemberQuery.Today();
        // the rows are checked in order: only the first problems are kept (a roster of 100,000 bad rows is not held twice),
        // every one is counted
        var errors = new List<ImportError>();
        var errorTotal = 0;
        var errorRows = 0;
        var branches = await db.UnderOrg(target).AsNoTracking()
            .Where(o => o.Status == OrgStatus.正常)
            .Select(o => new { o.Id, o.Name, o.Type }).ToListAsync(ct);
        var byName = branches.Where(b => OrgRules.IsBranch(b.Type)).GroupBy(b => MemberRules.Normalize(b.Name)).ToDictionary(g => g.Key, g => g.ToList());
        var candidates = new List<Candidate>();
        var seen = new Dictionary<string, int>();
        var branchOf = new Dictionary<string, (long? Id, string? Error)>(StringComparer.Ordinal);
        var total = roster.Rows.Count;
        var done = 0;

        foreach (var row in roster.Rows)
        {
            if (++done % 2000 == 0) progress?.Report((done, total));
            var rowErrors = new List<ImportError>();
            void Err(string key, string message) => rowErrors.Add(new ImportError(row.Row, Roster.Columns.First(c => c.Key == key).Label, message));
            string? Text(string key) => roster.Get(row, key) switch
            {
                null => null,
                double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
                DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim(),
            };
            DateOnly? Date(string key)
            {
                var v = roster.Get(row, key);
                if (v is null) return null;
                if (Roster.TryParseDate(v, out var d, out var e)) return d;
                Err(key, $"{Roster.Columns.First(c => c.Key == key).Label}{e}");
                return null;
            }

            var idRaw = roster.Get(row, "idNumber");
            string? idNumber = Text("idNumber");
            if (idRaw is double)
            {
                Err("idNumber", "公民身份号码被Excel存成了数字（末几位可能已丢失），请把该列设为“文本”格式后重新导入");
                idNumber = null;
            }
            var categoryText = Text("category");
            var category = Roster.ParseCategory(categoryText);
            if (categoryText is not null && category is null) Err("category", $"人员类别“{categoryText}”应为 正式党员 或 预备党员");
            var statusText = Text("partyStatus");
            PartyStatus? status = statusText is null ? PartyStatus.正常 : Enum.TryParse<PartyStatus>(MemberRules.Normalize(statusText), out var ps) && !int.TryParse(statusText, out _) ? ps : null;
            if (status is null) Err("partyStatus", $"党籍状态“{statusText}”应为 正常、停止党籍、失联 或 出党");
            var genderText = Text("gender");
            Gender? gender = genderText is null ? null : Enum.TryParse<Gender>(MemberRules.Normalize(genderText), out var g) && !int.TryParse(genderText, out _) ? g : null;
            if (genderText is not null && gender is null) Err("gender", $"性别“{genderText}”应为 男 或 女");
            var mobileText = Text("isMobile");
            var mobile = Roster.ParseFlag(mobileText);
            if (mobileText is not null && mobile is null) Err("isMobile", $"是否流动党员“{mobileText}”应为 是 或 否");
            var birth = Date("birthDate");
            var joined = Date("joinedAt");
            var confirmed = Date("confirmedAt");
            var since = Date("inBranchSince");
            if (since is { } s && joined is { } j && s < j) Err("inBranchSince", $"进入党支部日期{ChineseDates.Date(s)}不能早于入党日期{ChineseDates.Date(j)}");
            else if (since > today) Err("inBranchSince", "进入党支部日期不能晚于今天");

            // the branch: named in the row (resolved inside the target's subtree), else the target itself
            long? orgId = null;
            var branchName = Text("branch");
            if (branchName is not null)
            {
                // most rows name one of a few branches: resolve each distinct spelling once
                if (!branchOf.TryGetValue(branchName, out var resolved))
                {
                    resolved = !byName.TryGetValue(MemberRules.Normalize(branchName), out var found)
                        ? (null, $"所在党支部“{branchName}”不在{target.Name}的下级党支部中")
                        : found.Count > 1 ? (null, $"“{branchName}”在{target.Name}下有{found.Count}个同名党支部，请在对应党委下分别导入")
                        : (found[0].Id, null);
                    branchOf[branchName] = resolved;
                }
                if (resolved.Error is not null) Err("branch", resolved.Error);
                else orgId = resolved.Id;
            }
            else if (OrgRules.IsBranch(target.Type)) orgId = target.Id;
            else Err("branch", $"未填写所在党支部；导入到{target.Name}（{target.Type}）时每行须写明所在党支部");

            var input = new MemberInput(Text("name"), idNumber, gender, birth, Text("ethnicity"), Text("nativePlace"), Text("education"), Text("degree"),
                Text("employer"), Text("position"), Text("phone"), category, joined, confirmed, null, status, null, null, mobile ?? false, Text("mobileDestination"), null);
            foreach (var (field, messages) in MemberRules.Validate(input, today))
            {
                var key = Roster.Columns.Any(c => c.Key == field) ? field : field switch { "partyStatusDate" or "partyStatusReason" => "partyStatus", _ => "name" };
                // an unreadable date was already reported; do not add "请输入…" for it
                if (rowErrors.Any(e => e.Column == Roster.Columns.First(c => c.Key == key).Label)) continue;
                // nor ask for the birth date or gender an ID number stored as a number would have given
                if (idRaw is double && key is "birthDate" or "gender") continue;
                foreach (var m in messages) Err(key, m);
            }
            var normalized = idNumber is null ? null : MemberRules.Normalize(idNumber);
            if (normalized is not null && rowErrors.All(e => e.Column != "公民身份号码"))
            {
                if (seen.TryGetValue(normalized, out var first)) Err("idNumber", $"与第{first}行的公民身份号码重复");
                else seen[normalized] = row.Row;
            }
            if (rowErrors.Count > 0)
            {
                errorTotal += rowErrors.Count;
                errorRows++;
                errors.AddRange(rowErrors.Take(SheetLimits.MaxErrorsListed - errors.Count));
                continue;
            }

            var parsed = ChineseIdNumber.TryParse(normalized!, out _)!;
            candidates.Add(new Candidate(row.Row, new Member
            {
                OrgId = orgId!.Value, Name = input.Name!.Trim(), IdNumber = normalized!, Gender = parsed.Gender, BirthDate = parsed.BirthDate,
                Ethnicity = string.IsNullOrWhiteSpace(input.Ethnicity) ? "汉族" : input.Ethnicity.Trim(), NativePlace = input.NativePlace, Education = input.Education,
                Degree = input.Degree, Employer = input.Employer, Position = input.Position,
                Phone = string.IsNullOrWhiteSpace(input.Phone) ? null : MemberRules.Normalize(input.Phone), Category = category!.Value, JoinedAt = joined!.Value,
                ConfirmedAt = confirmed, PartyStatus = status!.Value, IsMobile = mobile ?? false, MobileDestination = mobile == true ? input.MobileDestination : null,
                CreatedAt = DateTimeOffset.UtcNow,
            }, since));
        }

        // against the database: identical → unchanged; different → reported, never merged
        // one query with the numbers as one array parameter (= ANY): a Contains over a list would send one parameter per
        // number, and planning 5,000-parameter IN lists took seconds against a 1M-member table
        var ids = new string[candidates.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = candidates[i].Member.IdNumber;
        var existing = new Dictionary<string, Member>();
        if (ids.Length > 0)
            foreach (var m in await db.Members.AsNoTracking().Where(m => EF.Parameter(ids).Contains(m.IdNumber)).ToListAsync(ct))
                existing[m.IdNumber] = m;
        var fresh = new List<Candidate>();
        var unchanged = 0;
        foreach (var c in candidates)
        {
            if (!existing.TryGetValue(c.Member.IdNumber, out var old)) { fresh.Add(c); continue; }
            if (Same(old, c.Member)) unchanged++;
            else
            {
                // a row without problems of its own: counted once; listed among the first by its row number below
                errors.Add(new ImportError(c.Row, "公民身份号码", "该公民身份号码已登记，且与系统中的记录不一致，未导入；如需修改请在党员信息中编辑"));
                errorTotal++;
                errorRows++;
            }
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        var valid = fresh.Count + unchanged;
        if (dryRun || fresh.Count == 0) return Report.Of(total, valid, 0, unchanged, errors, errorTotal, errorRows, false);

        await WriteAsync(fresh, target, total, ct);
        progress?.Report((total, total));
        return Report.Of(total, valid, fresh.Count, unchanged, errors, errorTotal, errorRows, true);
    }

    private static bool Same(Member a, Member b) =>
        a.Name == b.Name && a.OrgId == b.OrgId && a.Category == b.Category && a.JoinedAt == b.JoinedAt && a.ConfirmedAt == b.ConfirmedAt
        && a.PartyStatus == b.PartyStatus && a.BirthDate == b.BirthDate;

    /// <summary>All new rows in one transaction with COPY, and one audit row naming the import.</summary>
    private async Task WriteAsync(IReadOnlyList<Candidate> rows, Organization target, int total, CancellationToken ct)
    {
        var members = rows.Select(r => r.Member).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var now = DateTimeOffset.UtcNow;
        await using (var w = await conn.BeginBinaryImportAsync(
            "COPY members (org_id, name, gender, ethnicity, id_number, birth_date, phone, category, joined_at, confirmed_at, education, position, created_at, " +
            "native_place, degree, employer, party_status, is_mobile, mobile_destination, updated_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var m in members)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(m.OrgId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(m.Name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(m.Gender.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(m.Ethnicity, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(m.IdNumber, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(m.BirthDate, NpgsqlDbType.Date, ct);
                await Nullable(w, m.Phone, ct);
                await w.WriteAsync(m.Category.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(m.JoinedAt, NpgsqlDbType.Date, ct);
                if (m.ConfirmedAt is { } c) await w.WriteAsync(c, NpgsqlDbType.Date, ct); else await w.WriteNullAsync(ct);
                await Nullable(w, m.Education, ct);
                await Nullable(w, m.Position, ct);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await Nullable(w, m.NativePlace, ct);
                await Nullable(w, m.Degree, ct);
                await Nullable(w, m.Employer, ct);
                await w.WriteAsync(m.PartyStatus.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(m.IsMobile, NpgsqlDbType.Boolean, ct);
                await Nullable(w, m.MobileDestination, ct);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }
            await w.CompleteAsync(ct);
        }
        // the members trigger opened each membership period at the 入党日期; where the roster says when the member
        // came to the branch, the period starts then (应到 of earlier meetings, 谈心谈话 owed)
        var known = rows.Where(r => r.InBranchSince is not null).ToList();
        if (known.Count > 0)
            await using (var cmd = new NpgsqlCommand("""
                UPDATE member_memberships ms SET from_date = v.since
                FROM unnest($1::varchar[], $2::date[]) AS v(id_number, since) JOIN members m ON m.id_number = v.id_number
                WHERE ms.member_id = m.id AND ms.to_date IS NULL
                """, conn))
            {
                cmd.Parameters.AddWithValue(known.Select(r => r.Member.IdNumber).ToArray());
                cmd.Parameters.AddWithValue(known.Select(r => r.InBranchSince!.Value).ToArray());
                await cmd.ExecuteNonQueryAsync(ct);
            }
        AuditEvents.Add(db, "members.import", "members", null, target.Id,
            new { created = members.Count, rows = total, by = user.UserName, idNumbers = members.Select(m => Masking.IdNumber(m.IdNumber)) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static Task Nullable(NpgsqlBinaryImporter w, string? v, CancellationToken ct) =>
        v is null ? w.WriteNullAsync(ct) : w.WriteAsync(v, NpgsqlDbType.Varchar, ct);
}
