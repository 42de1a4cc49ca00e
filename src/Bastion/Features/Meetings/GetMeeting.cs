using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>One meeting with its attendance, attachments and versions (the organization was authorized by the caller).</summary>
public sealed class GetMeeting(AppDbContext db)
{
    /// <summary>GET /api/v1/meetings/{id}.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/meetings/{id:long}", async (long id, GetMeeting get, CancellationToken ct) => (await get.Handle(id, ct)).ToHttp())
           .RequireRecord(Permission.MeetingRead, typeof(Meeting))
           .WithSummary("组织生活详情（含出勤名单、附件）").Produces<Details>();

    public sealed record Person(long Id, string Name);

    public sealed record AttendanceRow(long MemberId, string Name, string Status, string? Reason, string Method, DateTimeOffset? CheckedInAt, bool Voting, bool Committee, bool DualLife);

    public sealed record AttachmentRow(long Id, string FileName, string ContentType, int Size, string Sha256, string? UploadedBy, DateTimeOffset UploadedAt);

    public sealed record VersionRow(int Version, string Reason, string? ChangedBy, DateTimeOffset ChangedAt);

    public sealed record Details(
        long Id, long OrgId, string OrgName, string[] Types, string State, DateTimeOffset HeldAt, DateTimeOffset? EndsAt, string? Place, string Topic,
        string? Agenda, string? MinutesHtml, string? Resolutions, int? VotesFor, int? VotesAgainst, int? VotesAbstain, bool? ResolutionPassed, string? ResolutionNote,
        string? Guests, Person? Host, Person? Recorder, Person? Lecturer,
        int Expected, int Present, int VotingExpected, int VotingPresent, int OnLeave, int Absent, int CommitteeExpected, int CommitteePresent,
        bool QuorumMet, bool Valid, string? QuorumNote, int Version, DateTimeOffset? RecordedAt, string? RecordedBy, DateTimeOffset? UpdatedAt,
        IReadOnlyList<AttendanceRow> Attendance, IReadOnlyList<AttachmentRow> Attachments, IReadOnlyList<VersionRow> Versions, int? YearOf = null, string Source = nameof(MeetingSource.录入))
    {
        public MeetingKinds Kinds => MeetingRules.Parse(Types).Kinds;
    }

    public async Task<Result<Details>> Handle(long id, CancellationToken ct = default)
    {
        var m = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return Result.NotFound();
        var orgName = await db.Organizations.Where(o => o.Id == m.OrgId).Select(o => o.Name).FirstAsync(ct);
        var attendance = await (from a in db.Set<MeetingAttendance>().AsNoTracking()
                                join p in db.Members on a.MemberId equals p.Id
                                where a.MeetingId == id
                                select new { a, p.Name }).ToListAsync(ct);
        var zh = StringComparer.Create(new System.Globalization.CultureInfo("zh-CN"), false);
        var rows = attendance.OrderBy(x => x.a.Status).ThenBy(x => x.Name, zh)
            .Select(x => new AttendanceRow(x.a.MemberId, x.Name, x.a.Status.ToString(), x.a.Reason, x.a.Method.ToString(), x.a.CheckedInAt, x.a.Voting, x.a.Committee, x.a.DualLife))
            .ToList();
        var attachments = await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId == id).OrderBy(a => a.Id)
            .Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedBy, a.UploadedAt)).ToListAsync(ct);
        var versions = await db.Set<MeetingVersion>().AsNoTracking().Where(v => v.MeetingId == id).OrderByDescending(v => v.Version)
            .Select(v => new VersionRow(v.Version, v.Reason, v.ChangedBy, v.ChangedAt)).ToListAsync(ct);
        var people = new[] { m.HostMemberId, m.RecorderMemberId, m.LecturerMemberId }.OfType<long>().Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(p => people.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Person? P(long? pid) => pid is { } x && names.TryGetValue(x, out var n) ? new Person(x, n) : null;
        var (passed, note) = RecordMeeting.Resolution(m);
        return new Details(m.Id, m.OrgId, orgName, MeetingRules.Split(m.Kinds).Select(k => k.ToString()).ToArray(), m.State.ToString(), m.HeldAt, m.EndsAt,
            m.Place, m.Topic, m.Agenda, m.MinutesHtml, m.Resolutions, m.VotesFor, m.VotesAgainst, m.VotesAbstain, passed, note, m.Guests,
            P(m.HostMemberId), P(m.RecorderMemberId), P(m.LecturerMemberId),
            m.Expected, m.Present, m.VotingExpected, m.VotingPresent, m.OnLeave, m.Absent, m.CommitteeExpected, m.CommitteePresent,
            m.QuorumMet, m.State == MeetingState.已召开 && m.QuorumMet, m.QuorumNote, m.Version, m.RecordedAt, m.RecordedBy, m.UpdatedAt,
            rows, attachments, versions, m.YearOf, m.Source.ToString());
    }
}
