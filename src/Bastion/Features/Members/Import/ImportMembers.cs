using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
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
public sealed class ImportMembers(AppDbContext db, AuditActor actor, TimeProvider clock)
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

        public static Report Of(int total, int valid, int created, int unchanged, Problems problems, bool committed) =>
            new(total, valid, created, 0, unchanged, SheetLimits.Listed(problems.Sorted()), committed, problems.Total, problems.Rows);
    }

    /// <summary>A row without problems: the member it describes and the day it came to the branch (if the roster says).</summary>
    internal sealed record Candidate(int Row, Member Member, DateOnly? InBranchSince);

    /// <summary>
    /// The problems of a roster: the rows are checked in order and only the first problems are kept (a roster of 100,000
    /// bad rows is not held twice); every one is counted, and the rows they are on.
    /// </summary>
    public sealed class Problems
    {
        private readonly List<ImportError> _listed = [];

        public int Total { get; private set; }
        public int Rows { get; private set; }

        public void AddRow(IReadOnlyList<ImportError> row)
        {
            Total += row.Count;
            Rows++;
            _listed.AddRange(row.Take(SheetLimits.MaxErrorsListed - _listed.Count));
        }

        /// <summary>A row without problems of its own found wrong against the database: counted once, listed by its row number.</summary>
        public void AddLate(ImportError error)
        {
            _listed.Add(error);
            Total++;
            Rows++;
        }

        public List<ImportError> Sorted()
        {
            _listed.Sort((a, b) => a.Row.CompareTo(b.Row));
            return _listed;
        }
    }

    // the form is read by hand: an IFormFile parameter would add content-type matching to routing, which
    // answers a wrong content type before authorization runs
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/members/import", async (HttpContext http, bool? dryRun, UserContext user, ImportMembers import, CancellationToken ct) =>
            {
                // 415 and 413 are answers about the request, which the use case's result kinds do not name: kept as they were
                if (!http.Request.HasFormContentType)
                    return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
                if (file is null || file.Length == 0)
                    return ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = ["请上传党员花名册文件（.xlsx 或 .xls）"] });
                if (file.Length > RosterReader.MaxBytes) return UploadLimit.Problem(RosterReader.MaxBytes);
                var result = await import.Handle(file, user.CurrentOrg!, dryRun ?? true, ct);
                // a problem with the file itself (not Excel, no header, merged header cells) is a 400 about the file
                return result.Kind == ResultKind.Invalid
                    ? ErrorResponses.Validation(result.Status.Errors!.ToDictionary(), "文件无法导入")
                    : result.ToHttp();
            })
           .Require(Permission.MemberManage)
           .DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(RosterReader.MaxBytes))
           .WithSummary("导入党员花名册（multipart/form-data，文件字段 file；?org= 目标组织；dryRun=true 只校验不写入）")
           .Produces<Report>();

    /// <summary>The API's import: the row report, or Invalid on <c>file</c> when the file itself cannot be imported.</summary>
    public async Task<Result<Report>> Handle(IFormFile file, Organization target, bool dryRun, CancellationToken ct)
    {
        await using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        ms.Position = 0;
        var report = await RunAsync(ms, target, dryRun, ct: ct);
        if (report.Total == 0 && report.Errors.Count > 0)
            return Result.Invalid(new Dictionary<string, string[]> { ["file"] = report.Errors.Select(e => e.Message).ToArray() });
        return report;
    }

    /// <summary>Reads and checks the roster, sorts its rows against the registered members, and (unless a dry run) writes the new ones.</summary>
    /// <param name="jobId">A background job: it is marked 已完成 with its report in the transaction that writes the rows, so a
    /// crash right after the commit can never leave it reading "nothing written".</param>
    public async Task<Report> RunAsync(Stream file, Organization target, bool dryRun, IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, long? jobId = null)
    {
        var roster = RosterReader.Read(file, new Progress<int>(n => progress?.Report((0, n))));
        if (roster.FileErrors.Count > 0) return new Report(0, 0, 0, 0, 0, roster.FileErrors, false, roster.FileErrors.Count);

        var problems = new Problems();
        var candidates = await CheckRowsAsync(roster, target, problems, progress, ct);
        var (fresh, unchanged) = await SortOutRegisteredAsync(candidates, problems, ct);
        var total = roster.Rows.Count;
        var valid = fresh.Count + unchanged;
        if (dryRun || fresh.Count == 0) return Report.Of(total, valid, 0, unchanged, problems, false);

        var report = Report.Of(total, valid, fresh.Count, unchanged, problems, true);
        await WriteAsync(fresh, target, total, jobId is { } id ? (id, report) : null, ct);
        progress?.Report((total, total));
        return report;
    }

    /// <summary>Every row checked on its own: the rows without problems, the others' problems in <paramref name="problems"/>.</summary>
    private async Task<List<Candidate>> CheckRowsAsync(RosterFile roster, Organization target, Problems problems, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var underTarget = await db.UnderOrg(target).AsNoTracking()
            .Where(o => o.Status == OrgStatus.正常)
            .Select(o => new { o.Id, o.Name, o.Type }).ToListAsync(ct);
        var check = new RosterRowCheck(roster, new BranchNames(target, underTarget.Select(o => (o.Id, o.Name, o.Type))), clock.Today(), clock.GetUtcNow());
        var candidates = new List<Candidate>();
        var total = roster.Rows.Count;
        var done = 0;
        foreach (var row in roster.Rows)
        {
            if (++done % 2000 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report((done, total));
            }
            var rowErrors = new List<ImportError>();
            if (check.Check(row, rowErrors) is { } candidate) candidates.Add(candidate);
            else problems.AddRow(rowErrors);
        }
        return candidates;
    }

    /// <summary>
    /// Against the database: identical → unchanged; different → reported, never merged. One query with the numbers as
    /// one array parameter (= ANY): a Contains over a list would send one parameter per number, and planning
    /// 5,000-parameter IN lists took seconds against a 1M-member table.
    /// </summary>
    private async Task<(List<Candidate> Fresh, int Unchanged)> SortOutRegisteredAsync(List<Candidate> candidates, Problems problems, CancellationToken ct)
    {
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
            if (!existing.TryGetValue(c.Member.IdNumber, out var old)) fresh.Add(c);
            else if (Same(old, c.Member)) unchanged++;
            else problems.AddLate(new ImportError(c.Row, "公民身份号码", "该公民身份号码已登记，且与系统中的记录不一致，未导入；如需修改请在党员信息中编辑"));
        }
        return (fresh, unchanged);
    }

    private static bool Same(Member a, Member b) =>
        a.Name == b.Name && a.OrgId == b.OrgId && a.Category == b.Category && a.JoinedAt == b.JoinedAt && a.ConfirmedAt == b.ConfirmedAt
        && a.PartyStatus == b.PartyStatus && a.BirthDate == b.BirthDate;

    /// <summary>All new rows in one transaction with COPY, and one audit row naming the import.</summary>
    private async Task WriteAsync(IReadOnlyList<Candidate> rows, Organization target, int total, (long Id, Report Report)? job, CancellationToken ct)
    {
        var members = rows.Select(r => r.Member).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await CopyMembersAsync(conn, members, clock.GetUtcNow(), ct);
        await StartMembershipsAsync(conn, rows, ct);
        AuditEvents.Add(db, "members.import", "members", null, target.Id,
            new { created = members.Count, rows = total, by = actor.UserName, idNumbers = members.Select(m => Masking.IdNumber(m.IdNumber)) });
        await db.SaveChangesAsync(ct);
        if (job is { } j)
        {
            var now = clock.GetUtcNow();
            var json = System.Text.Json.JsonSerializer.Serialize(j.Report, ImportJob.Json);
            await db.Set<ImportJob>().Where(x => x.Id == j.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.State, ImportState.已完成).SetProperty(x => x.Report, json)
                .SetProperty(x => x.Done, total).SetProperty(x => x.Total, total).SetProperty(x => x.FinishedAt, now), ct);
        }
        // once the commit is sent it is not cancelled: a stop of the host must not turn a written import into "failed"
        await tx.CommitAsync(CancellationToken.None);
    }

    private static async Task CopyMembersAsync(NpgsqlConnection conn, IReadOnlyList<Member> members, DateTimeOffset now, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            "COPY members (org_id, name, gender, ethnicity, id_number, birth_date, phone, category, joined_at, confirmed_at, education, position, created_at, " +
            "native_place, degree, employer, party_status, is_mobile, mobile_destination, updated_at) FROM STDIN (FORMAT BINARY)", ct);
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

    /// <summary>
    /// The members trigger opened each membership period at the 入党日期; where the roster says when the member came to
    /// the branch, the period starts then (应到 of earlier meetings, 谈心谈话 owed).
    /// </summary>
    private static async Task StartMembershipsAsync(NpgsqlConnection conn, IReadOnlyList<Candidate> rows, CancellationToken ct)
    {
        var known = rows.Where(r => r.InBranchSince is not null).ToList();
        if (known.Count == 0) return;
        await using var cmd = new NpgsqlCommand("""
            UPDATE member_memberships ms SET from_date = v.since
            FROM unnest($1::varchar[], $2::date[]) AS v(id_number, since) JOIN members m ON m.id_number = v.id_number
            WHERE ms.member_id = m.id AND ms.to_date IS NULL
            """, conn);
        cmd.Parameters.AddWithValue(known.Select(r => r.Member.IdNumber).ToArray());
        cmd.Parameters.AddWithValue(known.Select(r => r.InBranchSince!.Value).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static Task Nullable(NpgsqlBinaryImporter w, string? v, CancellationToken ct) =>
        v is null ? w.WriteNullAsync(ct) : w.WriteAsync(v, NpgsqlDbType.Varchar, ct);
}
