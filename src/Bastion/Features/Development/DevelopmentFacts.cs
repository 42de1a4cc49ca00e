using System.Text.Json;
using System.Text.Json.Serialization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// What the development use cases read from the database for the pure gates: a case's current timeline, the members
/// a step names as they stood on its day, the branch's voters on a 支部大会's day.
/// </summary>
public static class DevelopmentFacts
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Each account login's display name, to show who recorded or uploaded something (audit rows keep the login): the
    /// login itself when the account is gone or has no display name.
    /// </summary>
    public static async Task<Func<string?, string?>> PeopleAsync(AppDbContext db, IEnumerable<string?> logins, CancellationToken ct)
    {
        var wanted = logins.OfType<string>().Where(l => l != "").Distinct().ToList();
        var names = wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.UserName!) && u.DisplayName != "")
            .Select(u => new { u.UserName, u.DisplayName }).ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, ct);
        return login => login is not null && names.TryGetValue(login, out var n) ? n : login;
    }

    public static DevelopmentStepFields ReadFields(string json) => JsonSerializer.Deserialize<DevelopmentStepFields>(json, Json) ?? new();

    public static string WriteFields(DevelopmentStepFields f) => JsonSerializer.Serialize(f, Json);

    /// <summary>One version of a step, and its place on the timeline.</summary>
    public sealed record Row(DevelopmentStep Version, long Root, DevelopmentStepFields Fields, bool Edited)
    {
        public StepEntry Entry => new(Version.Step, Version.On, Fields, Version.LateReason);
    }

    /// <summary>The current versions of a case's steps, in the order they were first recorded (an edit keeps its place).</summary>
    public static async Task<List<Row>> TimelineAsync(AppDbContext db, long caseId, CancellationToken ct)
    {
        var all = await db.Set<DevelopmentStep>().AsNoTracking().Where(s => s.CaseId == caseId).OrderBy(s => s.Id).ToListAsync(ct);
        return Timeline(all);
    }

    public static List<Row> Timeline(IReadOnlyList<DevelopmentStep> all)
    {
        var byId = all.ToDictionary(s => s.Id);
        var superseded = all.Where(s => s.SupersedesId is not null).Select(s => s.SupersedesId!.Value).ToHashSet();
        long Root(DevelopmentStep s)
        {
            while (s.SupersedesId is { } prev && byId.TryGetValue(prev, out var p)) s = p;
            return s.Id;
        }
        return all.Where(s => !superseded.Contains(s.Id))
            .Select(s => new Row(s, Root(s), ReadFields(s.Fields), s.SupersedesId is not null))
            .OrderBy(r => r.Root).ToList();
    }

    /// <summary>
    /// Members as 培养联系人 / 介绍人 candidates on a day; null with the ids that do not exist. <paramref name="visible"/> is
    /// where they may be chosen from (the caller's member scope): an id outside it reads as one that does not exist, so
    /// nobody learns another organization's members or their 处分 by probing ids.
    /// </summary>
    public static async Task<(List<CandidateMember>? People, string? Error)> CandidatesAsync(AppDbContext db, IQueryable<Member> visible, long[] ids, DateOnly day, CancellationToken ct)
    {
        var members = await visible.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.Name, m.Category, m.JoinedAt, m.ConfirmedAt, m.PartyStatus, m.PartyStatusDate }).ToListAsync(ct);
        if (members.Count != ids.Distinct().Count()) return (null, "所选党员不存在");
        var penalties = await PenaltiesAsync(db, ids, ct);
        var people = ids.Select(id => members.First(m => m.Id == id)).Select(m => new CandidateMember(
            m.Id, m.Name,
            InGoodStanding: m.JoinedAt <= day && (m.PartyStatus == PartyStatus.正常 || (m.PartyStatusDate != null && m.PartyStatusDate > day)),
            FullMember: m.Category == MemberCategory.正式党员 && (m.ConfirmedAt == null || m.ConfirmedAt <= day),
            DisciplineUntil: DevelopmentGates.DisciplineUntil(penalties.GetValueOrDefault(m.Id) ?? [], day))).ToList();
        return (people, null);
    }

    /// <summary>The branch's members on the day (the 应到 basis, <see cref="BranchRoster"/>) with their 留党察看.</summary>
    public static async Task<List<Voter>> VotersAsync(AppDbContext db, BranchRoster roster, Organization branch, DateOnly day, CancellationToken ct)
    {
        var entries = await roster.OnAsync(branch, day, ct);
        var penalties = await PenaltiesAsync(db, entries.Select(e => e.MemberId).ToArray(), ct);
        return entries.Select(e => new Voter(e.MemberId, e.Name, e.Voting, DevelopmentGates.DisciplineUntil(penalties.GetValueOrDefault(e.MemberId) ?? [], day))).ToList();
    }

    private static async Task<Dictionary<long, List<(RewardPenaltyKind, DateOnly, string)>>> PenaltiesAsync(AppDbContext db, long[] ids, CancellationToken ct)
    {
        var rows = await db.Set<MemberRewardPenalty>().AsNoTracking()
            .Where(p => ids.Contains(p.MemberId) && p.Kind == RewardPenaltyKind.惩处)
            .Select(p => new { p.MemberId, p.Kind, p.Date, p.Title }).ToListAsync(ct);
        return rows.GroupBy(r => r.MemberId).ToDictionary(g => g.Key, g => g.Select(r => (r.Kind, r.Date, r.Title)).ToList());
    }

    /// <summary>The current 入党介绍人: step 9's, with each replacement (in the order recorded) applied in place.</summary>
    public static List<long> CurrentSponsors(IReadOnlyList<StepEntry> steps, IEnumerable<DevelopmentSponsorChange> changes)
    {
        var current = steps.LastOrDefault(s => s.Step == "9")?.Fields.MemberIds?.ToList() ?? [];
        foreach (var change in changes.OrderBy(c => c.Id))
            if (current.IndexOf(change.ReplacedMemberId) is var i and >= 0) current[i] = change.MemberId;
        return current;
    }

    /// <summary>
    /// The 介绍人 replacements of a case and of the cases it continues (转出 carries step 9 over with its original members, so
    /// the replacements made before the transfer still apply), in the order recorded.
    /// </summary>
    public static async Task<List<DevelopmentSponsorChange>> SponsorChangesAsync(AppDbContext db, DevelopmentCase c, CancellationToken ct)
    {
        var ids = new List<long> { c.Id };
        for (var from = c.TransferredFromId; from is { } f && !ids.Contains(f) && ids.Count < 50;)
        {
            ids.Add(f);
            from = await db.Set<DevelopmentCase>().Where(x => x.Id == f).Select(x => x.TransferredFromId).FirstOrDefaultAsync(ct);
        }
        return await db.Set<DevelopmentSponsorChange>().AsNoTracking().Where(x => ids.Contains(x.CaseId)).OrderBy(x => x.Id).ToListAsync(ct);
    }

    /// <summary>Locks the case row for the rest of the transaction (one writer per case) and loads it tracked.</summary>
    public static async Task<DevelopmentCase?> LockAsync(AppDbContext db, long caseId, CancellationToken ct) =>
        await db.Set<DevelopmentCase>().FromSql($"SELECT * FROM development_cases WHERE id = {caseId} FOR UPDATE").Where(c => c.Id == caseId).FirstOrDefaultAsync(ct);

    /// <summary>A gate's refusal as the one result type (422 with the rule and the earliest date).</summary>
    public static Result ToResult(this GateRefusal r) => Result.Refused(r.Rule, r.Message, r.EarliestOn, r.Field);

    public static string D(DateOnly d) => DevelopmentGates.D(d);
}
