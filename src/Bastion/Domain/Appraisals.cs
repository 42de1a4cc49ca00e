namespace Bastion.Domain;

/// <summary>民主评议党员: the grade sets a round may use (four grades by default, some units use three).</summary>
public enum AppraisalGradeSet { 四档 = 1, 三档 = 2 }

public enum AppraisalGrade { 优秀 = 1, 合格 = 2, 基本合格 = 3, 不合格 = 4 }

public enum AppraisalState { 进行中 = 1, 已完成 = 2 }

/// <summary>What follows a 不合格 grade.</summary>
public enum FollowUpKind { 限期改正 = 1, 劝退 = 2, 除名 = 3 }

public enum FollowUpState { 进行中 = 1, 已完成 = 2 }

/// <summary>One branch's 民主评议党员 of one year.</summary>
public sealed class AppraisalRound
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public int Year { get; set; }
    public AppraisalGradeSet GradeSet { get; set; }
    public AppraisalState State { get; set; }
    /// <summary>How many took part in the 民主测评 (the tallies of one member cannot add up to more).</summary>
    public int Voters { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? FinishedBy { get; set; }
}

/// <summary>One member in a round: self-assessment, peer assessment, 民主测评 tallies and the committee's grade.</summary>
public sealed class AppraisalEntry
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public long OrgId { get; set; }
    public long MemberId { get; set; }
    public string? SelfAssessment { get; set; }
    public string? PeerSummary { get; set; }
    public int VotesExcellent { get; set; }
    public int VotesQualified { get; set; }
    public int VotesBasic { get; set; }
    public int VotesUnqualified { get; set; }
    public AppraisalGrade? Grade { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>The follow-up of a 不合格 grade: 限期改正, 劝退 or 除名, with a deadline.</summary>
public sealed class AppraisalFollowUp
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public long OrgId { get; set; }
    public long MemberId { get; set; }
    public FollowUpKind Kind { get; set; }
    public DateOnly Deadline { get; set; }
    public FollowUpState State { get; set; }
    public string? ResultNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
}

/// <summary>A grade written to the member record when a round is finished (民主评议 section of the record).</summary>
public sealed class MemberAppraisal
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public long RoundId { get; set; }
    public int Year { get; set; }
    public AppraisalGrade Grade { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>The 民主测评 tallies of one member: votes per grade.</summary>
public sealed record AppraisalTally(int Excellent, int Qualified, int Basic, int Unqualified)
{
    public int Total => Excellent + Qualified + Basic + Unqualified;
}

/// <summary>Pure rules of 民主评议党员.</summary>
public static class AppraisalRules
{
    /// <summary>限期改正 and the other follow-ups run at most a year (党章: 限期改正 up to one year).</summary>
    public const int MaxFollowUpMonths = 12;

    public static IReadOnlyList<AppraisalGrade> Grades(AppraisalGradeSet set) => set == AppraisalGradeSet.三档
        ? [AppraisalGrade.优秀, AppraisalGrade.合格, AppraisalGrade.不合格]
        : [AppraisalGrade.优秀, AppraisalGrade.合格, AppraisalGrade.基本合格, AppraisalGrade.不合格];

    public static string Describe(AppraisalGradeSet set) => string.Join("／", Grades(set));

    public static bool Allows(AppraisalGradeSet set, AppraisalGrade grade) => Grades(set).Contains(grade);

    /// <summary>Parses a grade name; null when blank or not a grade.</summary>
    public static AppraisalGrade? ParseGrade(string? raw) =>
        Enum.TryParse<AppraisalGrade>(raw?.Trim(), out var g) && Enum.IsDefined(g) && !int.TryParse(raw, out _) ? g : null;

    public static AppraisalGradeSet? ParseGradeSet(string? raw) =>
        Enum.TryParse<AppraisalGradeSet>(raw?.Trim(), out var s) && Enum.IsDefined(s) && !int.TryParse(raw, out _) ? s : null;

    public static FollowUpKind? ParseFollowUpKind(string? raw) =>
        Enum.TryParse<FollowUpKind>(raw?.Trim(), out var k) && Enum.IsDefined(k) && !int.TryParse(raw, out _) ? k : null;

    /// <summary>
    /// Checks the tallies of one member: no negative counts, no votes for a grade outside the round's set,
    /// and no more votes than voters. Returns field errors keyed by the grade's field.
    /// </summary>
    public static Dictionary<string, string[]> ValidateTally(AppraisalGradeSet set, int voters, AppraisalTally t)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string key, AppraisalGrade grade, int votes)
        {
            if (votes < 0) errors[key] = [$"{grade}票数不能为负数"];
            else if (votes > 0 && !Allows(set, grade)) errors[key] = [$"本次评议采用{Describe(set)}，不设{grade}"];
        }
        Check("votesExcellent", AppraisalGrade.优秀, t.Excellent);
        Check("votesQualified", AppraisalGrade.合格, t.Qualified);
        Check("votesBasic", AppraisalGrade.基本合格, t.Basic);
        Check("votesUnqualified", AppraisalGrade.不合格, t.Unqualified);
        if (errors.Count == 0 && t.Total > voters)
            errors["votes"] = [$"测评票数合计{t.Total}票，超过参加测评人数{voters}人"];
        return errors;
    }

    public static bool NeedsFollowUp(AppraisalGrade? grade) => grade == AppraisalGrade.不合格;

    /// <summary>A follow-up's deadline lies after the day it is decided and at most <see cref="MaxFollowUpMonths"/> months later.</summary>
    public static string? CheckDeadline(DateOnly? deadline, DateOnly decidedOn)
    {
        if (deadline is not { } d) return "请填写整改期限";
        if (d <= decidedOn) return "整改期限应晚于今天";
        if (d > decidedOn.AddMonths(MaxFollowUpMonths)) return $"整改期限不能超过{MaxFollowUpMonths}个月";
        return null;
    }

    /// <summary>
    /// The committee's decision on one member: the grade must belong to the round's set; a 不合格 grade needs a
    /// follow-up (kind and deadline) unless one exists already. Returns field errors.
    /// </summary>
    public static Dictionary<string, string[]> ValidateDecision(AppraisalGradeSet set, AppraisalGrade? grade, string? rawGrade,
        bool hasFollowUp, FollowUpKind? kind, string? rawKind, DateOnly? deadline, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (grade is null)
        {
            if (!string.IsNullOrWhiteSpace(rawGrade)) errors["grade"] = [$"等次只能是{Describe(set)}"];
            return errors;
        }
        if (!Allows(set, grade.Value)) { errors["grade"] = [$"本次评议采用{Describe(set)}，不能评为{grade}"]; return errors; }
        if (NeedsFollowUp(grade) && !hasFollowUp)
        {
            if (kind is null)
                errors["followUpKind"] = [string.IsNullOrWhiteSpace(rawKind) ? "评为不合格须确定处置方式（限期改正、劝退或除名）" : "处置方式只能是限期改正、劝退或除名"];
            if (CheckDeadline(deadline, today) is { } e) errors["followUpDeadline"] = [e];
        }
        return errors;
    }

    public sealed record EntryState(string MemberName, AppraisalGrade? Grade, bool HasFollowUp);

    /// <summary>A round can be finished when every member has a grade and every 不合格 has its follow-up; else the reasons.</summary>
    public static IReadOnlyList<string> CheckFinish(IReadOnlyCollection<EntryState> entries)
    {
        var problems = new List<string>();
        if (entries.Count == 0) problems.Add("本次评议没有参评党员");
        var ungraded = entries.Where(e => e.Grade is null).Select(e => e.MemberName).ToList();
        if (ungraded.Count > 0)
            problems.Add($"尚有{ungraded.Count}名党员未评定等次：{string.Join("、", ungraded.Take(5))}{(ungraded.Count > 5 ? "等" : "")}");
        foreach (var e in entries.Where(e => NeedsFollowUp(e.Grade) && !e.HasFollowUp))
            problems.Add($"{e.MemberName}评为不合格，尚未确定处置方式");
        return problems;
    }

    /// <summary>An open follow-up whose deadline has passed.</summary>
    public static bool IsOverdue(FollowUpState state, DateOnly deadline, DateOnly today) => state == FollowUpState.进行中 && deadline < today;
}
