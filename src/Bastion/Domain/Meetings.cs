namespace Bastion.Domain;

/// <summary>Types of organizational life (三会一课 and the rest). A meeting can count for several types.</summary>
[Flags]
public enum MeetingKinds
{
    None = 0,
    支部党员大会 = 1,
    支部委员会 = 2,
    党小组会 = 4,
    党课 = 8,
    主题党日 = 16,
    组织生活会 = 32,
    民主评议党员 = 64,
    谈心谈话 = 128,
}

public enum MeetingState { 计划 = 1, 已召开 = 2, 已取消 = 3 }

public enum AttendanceStatus { 出席 = 1, 请假 = 2, 缺席 = 3 }

/// <summary>How an attendance row came about: entered with the record, scanned by the member, or checked in by the recorder.</summary>
public enum CheckInMethod { 录入 = 1, 扫码 = 2, 手工签到 = 3 }

/// <summary>How a held meeting came into the platform: recorded at the time (录入), or 补录 from an import of earlier records.</summary>
public enum MeetingSource { 录入 = 1, 补录 = 2 }

public sealed class Meeting
{
    public long Id { get; set; }
    /// <summary>The branch (or the 党小组 for a 党小组会).</summary>
    public long OrgId { get; set; }
    public MeetingKinds Kinds { get; set; }
    public MeetingState State { get; set; }
    public DateTimeOffset HeldAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public string? Place { get; set; }
    public required string Topic { get; set; }
    public string? Agenda { get; set; }
    /// <summary>Rich-text minutes, sanitised before they are stored.</summary>
    public string? MinutesHtml { get; set; }
    public string? Resolutions { get; set; }
    public int? VotesFor { get; set; }
    public int? VotesAgainst { get; set; }
    public int? VotesAbstain { get; set; }
    public string? Guests { get; set; }
    public long? HostMemberId { get; set; }
    public long? RecorderMemberId { get; set; }
    public long? LecturerMemberId { get; set; }
    /// <summary>所属年度 of a 组织生活会 / 民主评议党员: the year the yearly rule counts it for (null: the year it was held; see <see cref="MeetingRules.CountedYear"/>).</summary>
    public int? YearOf { get; set; }
    public int Expected { get; set; }
    public int VotingExpected { get; set; }
    public int Present { get; set; }
    public int VotingPresent { get; set; }
    public int OnLeave { get; set; }
    public int Absent { get; set; }
    public int CommitteeExpected { get; set; }
    public int CommitteePresent { get; set; }
    /// <summary>False: the meeting is recorded but 无效 for compliance; <see cref="QuorumNote"/> says why.</summary>
    public bool QuorumMet { get; set; }
    public string? QuorumNote { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>补录: brought in by an import of past records (counts for compliance like any held meeting).</summary>
    public MeetingSource Source { get; set; } = MeetingSource.录入;
}

public sealed class MeetingAttendance
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long MemberId { get; set; }
    public AttendanceStatus Status { get; set; }
    public string? Reason { get; set; }
    public CheckInMethod Method { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    public bool Voting { get; set; }
    public bool Committee { get; set; }
    public bool DualLife { get; set; }
}

public sealed class MeetingVersion
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int Version { get; set; }
    /// <summary>The record as it was before the change (JSON).</summary>
    public required string Snapshot { get; set; }
    public required string Reason { get; set; }
    public string? ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

public sealed class MeetingAttachment
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public int Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Data { get; set; }
    public string? UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>谈心谈话: a committee member (talker) with a member.</summary>
public sealed class Talk
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public long TalkerMemberId { get; set; }
    public long MemberId { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Topics { get; set; }
    public string? FollowUp { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>Which organization a member belonged to over [FromDate, ToDate); kept by database triggers.</summary>
public sealed class MemberMembership
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public DateOnly FromDate { get; set; }
    public DateOnly? ToDate { get; set; }

    public bool Covers(DateOnly day) => FromDate <= day && (ToDate is null || day < ToDate);
}

/// <summary>One person on a branch's roster on a given day.</summary>
public sealed record RosterEntry(long MemberId, string Name, bool Voting, bool Committee);

/// <summary>Pure rules of organizational life: type names, quorum, the edit window.</summary>
public static class MeetingRules
{
    /// <summary>The single types, in the order they are shown.</summary>
    public static readonly IReadOnlyList<MeetingKinds> AllKinds =
    [
        MeetingKinds.支部党员大会, MeetingKinds.支部委员会, MeetingKinds.党小组会, MeetingKinds.党课,
        MeetingKinds.主题党日, MeetingKinds.组织生活会, MeetingKinds.民主评议党员, MeetingKinds.谈心谈话,
    ];

    /// <summary>Days after recording during which the recorder may edit freely; later changes need a reason.</summary>
    public const int EditWindowDays = 7;

    public static IEnumerable<MeetingKinds> Split(MeetingKinds kinds) => AllKinds.Where(k => (kinds & k) != 0);

    public static string Display(MeetingKinds kinds) => string.Join("、", Split(kinds).Select(k => k.ToString()));

    /// <summary>Parses type names ("支部党员大会", "党课" …); returns the unknown names when some are not types.</summary>
    public static (MeetingKinds Kinds, IReadOnlyList<string> Unknown) Parse(IEnumerable<string>? names)
    {
        var kinds = MeetingKinds.None;
        var unknown = new List<string>();
        foreach (var raw in names ?? [])
        {
            var n = (raw ?? "").Trim();
            var match = AllKinds.FirstOrDefault(k => k.ToString() == n);
            if (match == MeetingKinds.None) unknown.Add(n);
            else kinds |= match;
        }
        return (kinds, unknown);
    }

    public static bool IsSingle(MeetingKinds k) => k != MeetingKinds.None && (k & (k - 1)) == 0;

    /// <summary>The edit window is open until <see cref="EditWindowDays"/> days after the meeting was recorded.</summary>
    public static bool IsLocked(DateTimeOffset recordedAt, DateTimeOffset now) => now >= recordedAt.AddDays(EditWindowDays);

    /// <summary>
    /// Quorum of a held meeting. 支部党员大会: more than half of the members with voting rights present
    /// (预备党员 have no vote). 支部委员会: more than half of the committee present. Other types have no quorum.
    /// Returns whether the meeting counts, and a Chinese note when it does not.
    /// </summary>
    public static (bool Met, string? Note) Quorum(MeetingKinds kinds, int votingExpected, int votingPresent, int committeeExpected, int committeePresent)
    {
        var notes = new List<string>();
        if ((kinds & MeetingKinds.支部党员大会) != 0)
        {
            if (votingExpected == 0) notes.Add("支部党员大会：该支部当日没有有表决权的正式党员");
            else if (votingPresent * 2 <= votingExpected)
                notes.Add($"支部党员大会：有表决权的党员应到{votingExpected}人、实到{votingPresent}人，未超过半数");
        }
        if ((kinds & MeetingKinds.支部委员会) != 0)
        {
            if (committeeExpected == 0) notes.Add("支部委员会：当日未登记支委会成员");
            else if (committeePresent * 2 <= committeeExpected)
                notes.Add($"支部委员会：支委应到{committeeExpected}人、实到{committeePresent}人，未超过半数");
        }
        return notes.Count == 0 ? (true, null) : (false, string.Join("；", notes) + "，会议无效");
    }

    /// <summary>A resolution of the 支部党员大会 passes with more than half of the members with voting rights (应到, not 实到) in favour.</summary>
    public static bool ResolutionPasses(int votingExpected, int votesFor) => votingExpected > 0 && votesFor * 2 > votingExpected;

    /// <summary>The yearly kinds whose meeting belongs to a 所属年度 (a 2025年度组织生活会 is often held in January 2026).</summary>
    public const MeetingKinds YearlyKinds = MeetingKinds.组织生活会 | MeetingKinds.民主评议党员;

    /// <summary>Whether the meeting counts for a yearly kind and so has a 所属年度.</summary>
    public static bool HasYear(MeetingKinds kinds) => (kinds & YearlyKinds) != 0;

    /// <summary>
    /// The 所属年度 offered for a meeting held on <paramref name="heldOn"/> (China date): for 组织生活会 / 民主评议党员 held
    /// in January or February, the previous year (the 年度 organizational life meeting is held after the year ends);
    /// otherwise the year it is held. Null for other kinds.
    /// </summary>
    public static int? DefaultYearOf(MeetingKinds kinds, DateOnly heldOn) =>
        !HasYear(kinds) ? null : heldOn.Month <= 2 ? heldOn.Year - 1 : heldOn.Year;

    /// <summary>A 所属年度 is the year the meeting was held or the one before; a Chinese message otherwise (null: valid).</summary>
    public static string? CheckYearOf(int yearOf, DateOnly heldOn) =>
        yearOf == heldOn.Year || yearOf == heldOn.Year - 1 ? null
        : $"所属年度只能是召开当年（{heldOn.Year}年）或上一年度（{heldOn.Year - 1}年），不能是{yearOf}年";

    /// <summary>The year a meeting counts for under the yearly rules: its 所属年度, else the year it was held.</summary>
    public static int CountedYear(int? yearOf, DateOnly heldOn) => yearOf ?? heldOn.Year;

    /// <summary>
    /// Who should attend (应到) a meeting of the kinds from the organization's roster on the day: the committee (支委) for
    /// a 支部委员会 on its own, everyone on the roster otherwise (a 党小组会 is recorded by the 党小组, whose roster is its
    /// members). The one definition used by the record form, the record use case and check-in.
    /// </summary>
    public static IReadOnlyList<RosterEntry> ShouldAttend(MeetingKinds kinds, IReadOnlyList<RosterEntry> roster) =>
        kinds == MeetingKinds.支部委员会 ? roster.Where(r => r.Committee).ToList() : roster;

    /// <summary>Rate present / expected, 0 when nobody was expected.</summary>
    public static double AttendanceRate(int expected, int present) => expected == 0 ? 0 : (double)present / expected;
}
