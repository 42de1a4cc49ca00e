using System.Globalization;
using System.Text.Json.Serialization;

namespace Bastion.Domain;

/// <summary>The five stages of member development (发展党员, DOMAIN-2 §1.1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DevelopmentStage>))]
public enum DevelopmentStage
{
    申请入党 = 1,
    入党积极分子的确定和培养教育 = 2,
    发展对象的确定和考察 = 3,
    预备党员的接收 = 4,
    预备党员的教育考察和转正 = 5,
}

/// <summary>Who records a step: the branch (支部书记/支委), or the 基层党委 above it (备案, 预审, 谈话, 审批).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepActor>))]
public enum StepActor { 支部 = 1, 党委 = 2 }

/// <summary>How a rule pack uses an optional step (12a 公示, 22a 转正公示) [CD].</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepUse>))]
public enum StepUse { 不用 = 0, 可选 = 1, 必经 = 2 }

/// <summary>
/// The states of a development case (DOMAIN-2 §1.3). The last six end the case: one open case per ID number means a
/// case in none of them.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DevelopmentState>))]
public enum DevelopmentState
{
    申请人 = 1,
    申请人已谈话 = 2,
    入党积极分子 = 3,
    发展对象 = 4,
    发展对象已预审 = 5,
    预备党员待审批 = 6,
    预备党员 = 7,
    预备党员延长期 = 8,
    正式党员 = 9,
    取消预备党员资格 = 10,
    转出 = 11,
    撤回申请 = 12,
    终止 = 13,
    逝世 = 14,
}

/// <summary>Outcome of the 转正 支部大会 (step 23).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConfirmationOutcome>))]
public enum ConfirmationOutcome { 按期转正 = 1, 延长预备期 = 2, 取消预备党员资格 = 3 }

/// <summary>A written vote handed in before the meeting, or how those present voted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VoteChoice>))]
public enum VoteChoice { 赞成 = 1, 反对 = 2, 弃权 = 3 }

/// <summary>One of the 25 steps (and 12a, 22a) of §1.1: its code ("1".."25", "12a", "22a"), order, name, stage and actor.</summary>
public sealed record DevelopmentStepDef(string Code, int Seq, string Name, DevelopmentStage Stage, StepActor Actor, string Fields)
{
    /// <summary>考察 steps recorded more than once (6: once per half-year; 21: quarterly).</summary>
    public bool Repeatable => Code is "6" or "21";

    public string Label => $"第{Code}步“{Name}”";
}

/// <summary>
/// A versioned rule pack (§1.2, §1.9): every number of the gates is a field, so a later revision (细则-2026?) is a new
/// pack with its effective date, and a case keeps the pack it was opened under.
/// </summary>
public sealed record DevelopmentRulePack
{
    public required string Version { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
    /// <summary>Age on the application date.</summary>
    public int MinAge { get; init; } = 18;
    /// <summary>A 29 February birthday counts as 1 March in a common year [CD].</summary>
    public bool LeapDayBirthdayIsMarchFirst { get; init; } = true;
    /// <summary>谈话 within N months of the application; later: flagged and a reason required.</summary>
    public int TalkWithinMonths { get; init; } = 1;
    /// <summary>确定发展对象 no earlier than N calendar months after 确定入党积极分子 (step 3) [CD: the clock starts at step 3].</summary>
    public int ActivistMonths { get; init; } = 12;
    /// <summary>考察 windows of N months from step 3 until step 7, each with at least one 考察 record.</summary>
    public int ReviewWindowMonths { get; init; } = 6;
    public int MinContacts { get; init; } = 1;
    public int MaxContacts { get; init; } = 2;
    public int Sponsors { get; init; } = 2;
    public int TrainingMinDays { get; init; } = 3;
    public int TrainingMinHours { get; init; } = 24;
    /// <summary>12a 公示 before 预审 [CD].</summary>
    public StepUse Publicity { get; init; } = StepUse.必经;
    /// <summary>22a 转正公示 before the 转正 支部大会 [CD].</summary>
    public StepUse ConfirmationPublicity { get; init; } = StepUse.可选;
    public int PublicityWorkingDays { get; init; } = 5;
    /// <summary>A 合格 政审 is valid for 预审 for N months [CD, UNV].</summary>
    public int PoliticalReviewValidMonths { get; init; } = 12;
    /// <summary>审批 after the 支部大会: a warning after N months …</summary>
    public int ApprovalWarnMonths { get; init; } = 3;
    /// <summary>… refused after N months without a recorded escalation to the 组织部门.</summary>
    public int ApprovalLimitMonths { get; init; } = 6;
    public int ProbationMonths { get; init; } = 12;
    public int ExtensionMinMonths { get; init; } = 6;
    public int ExtensionMaxMonths { get; init; } = 12;
    public int MaxExtensions { get; init; } = 1;
    /// <summary>转正审批 within N months of the 转正 支部大会; later refused without a recorded escalation.</summary>
    public int ConfirmationApprovalMonths { get; init; } = 3;
    /// <summary>The 转正申请 is expected about N months before 期满 [CD].</summary>
    public int ConfirmationRequestMonthsBefore { get; init; } = 1;
    /// <summary>预审 warns when the person will leave the unit within N months ("一般不办理").</summary>
    public int LeavingWarnMonths { get; init; } = 3;
    /// <summary>Rushed development (§1.6): warn when more than N% of the annual plan is approved within one month [CD].</summary>
    public int RushedSharePercent { get; init; } = 40;
    /// <summary>A failed 党委 approval (step 17 不批准) ends the case [CD: the alternative is back to 发展对象].</summary>
    public DevelopmentState OnRejection { get; init; } = DevelopmentState.终止;
}

/// <summary>The rule packs in force, newest last.</summary>
public static class DevelopmentRulePacks
{
    /// <summary>《中国共产党发展党员工作细则》 (中办 2014), in force from 2014-06-10.</summary>
    public static readonly DevelopmentRulePack 细则2014 = new() { Version = "细则-2014", EffectiveFrom = new DateOnly(2014, 6, 10) };

    public static readonly IReadOnlyList<DevelopmentRulePack> All = [细则2014];

    /// <summary>The pack a case applied on that day is decided under: the newest one in force then (the oldest before any).</summary>
    public static DevelopmentRulePack For(DateOnly appliedOn) =>
        All.Where(p => p.EffectiveFrom <= appliedOn).OrderBy(p => p.EffectiveFrom).LastOrDefault() ?? All[0];

    public static DevelopmentRulePack Get(string version) =>
        All.FirstOrDefault(p => p.Version == version) ?? throw new InvalidOperationException($"unknown development rule pack {version}");
}

/// <summary>
/// The fields of a recorded step (stored as jsonb with the step): only those of its step are set. Member references
/// (培养联系人, 介绍人) are also kept in development_step_members, which points at the members.
/// </summary>
public sealed record DevelopmentStepFields
{
    /// <summary>考察意见, 谈话记录摘要, 审查意见 … (free text).</summary>
    public string? Note { get; init; }
    /// <summary>谈话人 (step 2, 16).</summary>
    public string? Talker { get; init; }
    /// <summary>推荐方式 (step 3): 党员推荐 or 群团推优.</summary>
    public string? Recommendation { get; init; }
    /// <summary>培养联系人 (step 5) or 入党介绍人 (step 9).</summary>
    public long[]? MemberIds { get; init; }
    /// <summary>Their names on the day (for the timeline).</summary>
    public string[]? MemberNames { get; init; }
    /// <summary>政审结论 (step 10): 合格 / 不合格.</summary>
    public string? Conclusion { get; init; }
    public int? TrainingDays { get; init; }
    public int? TrainingHours { get; init; }
    /// <summary>A written reason to accept training below the minimum (step 11).</summary>
    public string? OverrideReason { get; init; }
    /// <summary>公示 end (12a, 22a); when missing, the 5th working day.</summary>
    public DateOnly? PublicityEndsOn { get; init; }
    /// <summary>The person will leave the unit within 3 months (step 13: a warning).</summary>
    public bool? LeavingSoon { get; init; }
    /// <summary>入党志愿书 number issued at 预审 (step 13). Hook: the 志愿书 number ranges assign it.</summary>
    public string? VolunteerBookNo { get; init; }
    /// <summary>The 支部大会's count (15, 23).</summary>
    public VoteTally? Vote { get; init; }
    /// <summary>党委 approval (17, 24): true 批准 (the default), false 不批准.</summary>
    public bool? Approved { get; init; }
    /// <summary>Step 23.</summary>
    public ConfirmationOutcome? Outcome { get; init; }
    public int? ExtensionMonths { get; init; }
    /// <summary>A late approval's escalation to the 组织部门 (17 after 6 months, 24 after 3 months).</summary>
    public string? Escalation { get; init; }
}

/// <summary>One recorded step of a case (its current version) as the gates see it.</summary>
public sealed record StepEntry(string Step, DateOnly On, DevelopmentStepFields Fields, string? LateReason = null);

/// <summary>A gate refusing a step: the rule, the Chinese message naming it, the earliest date that would pass, the field.</summary>
public sealed record GateRefusal(string Rule, string Message, DateOnly? EarliestOn = null, string Field = "on");

/// <summary>A gate's answer: a refusal, or passing with warnings (flagged on the step, never blocking).</summary>
public sealed record GateOutcome(GateRefusal? Refusal, IReadOnlyList<string> Warnings)
{
    public bool Ok => Refusal is null;
    public static GateOutcome Refuse(GateRefusal r) => new(r, []);
}

/// <summary>What the case timeline says is due next: the step, the earliest day it may be recorded, and by when.</summary>
public sealed record NextStep(string Step, string Name, DateOnly? EarliestOn, DateOnly? DueBy, string? Why);

/// <summary>A person considered as 培养联系人 or 入党介绍人, as the member records show them on the step's day.</summary>
public sealed record CandidateMember(long Id, string Name, bool InGoodStanding, bool FullMember, DateOnly? DisciplineUntil);

/// <summary>A member of the branch on the 支部大会's day.</summary>
public sealed record Voter(long MemberId, string Name, bool FullMember, DateOnly? DisciplineUntil);

/// <summary>The 支部大会's count (stored with steps 15 and 23).</summary>
public sealed record VoteTally(
    int Expected, int Present, int For, int Against, int Abstain, int WrittenFor, int WrittenAgainst, int WrittenAbstain,
    int Absent, bool Quorum, bool Passed, long[] PresentIds, long[] WrittenIds, long[] ExcludedIds, string[] ExclusionReasons);

/// <summary>The input of a 支部大会 count: who was present, who was excluded with a reason, written votes, the show of hands.</summary>
public sealed record VoteInput(
    IReadOnlyCollection<long> PresentIds, IReadOnlyDictionary<long, string?> Exclusions, IReadOnlyDictionary<long, VoteChoice> Written,
    int For, int Against, int Abstain);

/// <summary>The 25 steps and the case states (pure).</summary>
public static class DevelopmentSteps
{
    public static readonly IReadOnlyList<DevelopmentStepDef> All =
    [
        new("1", 1, "递交入党申请书", DevelopmentStage.申请入党, StepActor.支部, "appliedOn"),
        new("2", 2, "党组织派人谈话", DevelopmentStage.申请入党, StepActor.支部, "talker, note, lateReason（超期时）"),
        new("3", 3, "推荐和确定入党积极分子", DevelopmentStage.入党积极分子的确定和培养教育, StepActor.支部, "recommendation（党员推荐/群团推优）"),
        new("4", 4, "上级党委备案", DevelopmentStage.入党积极分子的确定和培养教育, StepActor.党委, ""),
        new("5", 5, "指定培养联系人", DevelopmentStage.入党积极分子的确定和培养教育, StepActor.支部, "memberIds（1–2名正式党员）"),
        new("6", 6, "培养教育考察", DevelopmentStage.入党积极分子的确定和培养教育, StepActor.支部, "note（每半年一次）"),
        new("7", 7, "确定发展对象", DevelopmentStage.发展对象的确定和考察, StepActor.支部, ""),
        new("8", 8, "报上级党委备案", DevelopmentStage.发展对象的确定和考察, StepActor.党委, ""),
        new("9", 9, "确定入党介绍人", DevelopmentStage.发展对象的确定和考察, StepActor.支部, "memberIds（2名正式党员）"),
        new("10", 10, "政治审查", DevelopmentStage.发展对象的确定和考察, StepActor.支部, "conclusion（合格/不合格）"),
        new("11", 11, "集中培训", DevelopmentStage.发展对象的确定和考察, StepActor.支部, "trainingDays, trainingHours, overrideReason"),
        new("12", 12, "支委会审查", DevelopmentStage.预备党员的接收, StepActor.支部, "note"),
        new("12a", 13, "公示", DevelopmentStage.预备党员的接收, StepActor.支部, "publicityEndsOn"),
        new("13", 14, "上级党委预审", DevelopmentStage.预备党员的接收, StepActor.党委, "leavingSoon, volunteerBookNo"),
        new("14", 15, "填写入党志愿书", DevelopmentStage.预备党员的接收, StepActor.支部, ""),
        new("15", 16, "支部大会讨论", DevelopmentStage.预备党员的接收, StepActor.支部, "presentIds, writtenVotes, exclusions, votesFor, votesAgainst, votesAbstain"),
        new("16", 17, "上级党委派人谈话", DevelopmentStage.预备党员的接收, StepActor.党委, "talker, note"),
        new("17", 18, "上级党委审批", DevelopmentStage.预备党员的接收, StepActor.党委, "approved, escalation"),
        new("18", 19, "再上一级党委组织部门备案", DevelopmentStage.预备党员的接收, StepActor.党委, ""),
        new("19", 20, "编入党支部和党小组", DevelopmentStage.预备党员的教育考察和转正, StepActor.支部, ""),
        new("20", 21, "入党宣誓", DevelopmentStage.预备党员的教育考察和转正, StepActor.支部, ""),
        new("21", 22, "继续教育考察", DevelopmentStage.预备党员的教育考察和转正, StepActor.支部, "note"),
        new("22", 23, "提出转正申请", DevelopmentStage.预备党员的教育考察和转正, StepActor.支部, ""),
        new("22a", 24, "转正公示", DevelopmentStage.预备党员的教育考察和转正, StepActor.支部, "publicityEndsOn"),
        new("23", 25, "支部大会讨论转正", DevelopmentStage.预备党员的教育考察和转正, StepActor.支部, "outcome, extensionMonths, presentIds, writtenVotes, exclusions, votesFor, votesAgainst, votesAbstain"),
        new("24", 26, "上级党委审批转正", DevelopmentStage.预备党员的教育考察和转正, StepActor.党委, "approved, escalation"),
        new("25", 27, "材料归档", DevelopmentStage.预备党员的教育考察和转正, StepActor.支部, ""),
    ];

    private static readonly Dictionary<string, DevelopmentStepDef> ByCode = All.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);

    public static DevelopmentStepDef? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var d) ? d : null;

    public static DevelopmentStepDef Get(string code) => ByCode[code];

    /// <summary>Whether the pack records the step at all (12a/22a can be switched off).</summary>
    public static bool InUse(DevelopmentRulePack pack, string code) => code switch
    {
        "12a" => pack.Publicity != StepUse.不用,
        "22a" => pack.ConfirmationPublicity != StepUse.不用,
        _ => true,
    };

    /// <summary>Whether a later step may be recorded without this one.</summary>
    public static bool Skippable(DevelopmentRulePack pack, string code) => code switch
    {
        "12a" => pack.Publicity != StepUse.必经,
        "22a" => pack.ConfirmationPublicity != StepUse.必经,
        "6" or "21" => true, // repeatable 考察 records; their own gate (every half-year) is checked at step 7
        _ => false,
    };

    /// <summary>States that end a case (not "open": a new case for the ID number may be opened).</summary>
    public static bool IsClosed(DevelopmentState s) => s >= DevelopmentState.正式党员;

    public static readonly IReadOnlyList<DevelopmentState> OpenStates = Enum.GetValues<DevelopmentState>().Where(s => !IsClosed(s)).ToList();

    /// <summary>The stage a state belongs to (closed states: null).</summary>
    public static DevelopmentStage? StageOf(DevelopmentState s) => s switch
    {
        DevelopmentState.申请人 or DevelopmentState.申请人已谈话 => DevelopmentStage.申请入党,
        DevelopmentState.入党积极分子 => DevelopmentStage.入党积极分子的确定和培养教育,
        DevelopmentState.发展对象 => DevelopmentStage.发展对象的确定和考察,
        DevelopmentState.发展对象已预审 or DevelopmentState.预备党员待审批 => DevelopmentStage.预备党员的接收,
        DevelopmentState.预备党员 or DevelopmentState.预备党员延长期 => DevelopmentStage.预备党员的教育考察和转正,
        _ => null,
    };

    /// <summary>The states of a stage (for the list filter).</summary>
    public static IReadOnlyList<DevelopmentState> StatesOf(DevelopmentStage stage) =>
        OpenStates.Where(s => StageOf(s) == stage).ToList();

    /// <summary>
    /// The state after a step is recorded (§1.3). 支部大会 decisions on 延长/取消 change nothing until the 党委 approves
    /// (step 24); 不批准 at step 17 follows the pack; 不批准 at step 24 changes nothing (the branch discusses again); a
    /// 支部大会 whose motion failed (15, 23) changes nothing.
    /// </summary>
    public static DevelopmentState StateAfter(DevelopmentRulePack pack, DevelopmentState state, StepEntry step, IReadOnlyList<StepEntry> before) => step.Step switch
    {
        "2" => DevelopmentState.申请人已谈话,
        "3" => DevelopmentState.入党积极分子,
        "7" => DevelopmentState.发展对象,
        "13" => DevelopmentState.发展对象已预审,
        "15" => DevelopmentGates.FailedVote(step) ? state : DevelopmentState.预备党员待审批,
        "17" => step.Fields.Approved == false ? pack.OnRejection : DevelopmentState.预备党员,
        "24" when step.Fields.Approved != false => DevelopmentGates.PendingDecision(before)?.Fields.Outcome switch
        {
            ConfirmationOutcome.延长预备期 => DevelopmentState.预备党员延长期,
            ConfirmationOutcome.取消预备党员资格 => DevelopmentState.取消预备党员资格,
            _ => DevelopmentState.正式党员,
        },
        _ => state,
    };
}

/// <summary>The gates of §1.2 as pure functions over a case's timeline; every date is passed in.</summary>
public static class DevelopmentGates
{
    public static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The day a person born on <paramref name="birth"/> reaches the pack's minimum age (29 Feb → 1 Mar in a common year [CD]).</summary>
    public static DateOnly AdultOn(DevelopmentRulePack pack, DateOnly birth)
    {
        var d = birth.AddYears(pack.MinAge);
        return pack.LeapDayBirthdayIsMarchFirst && birth is { Month: 2, Day: 29 } && d.Day == 28 ? d.AddDays(1) : d;
    }

    /// <summary>Step 1: the applicant is of age on the application date; an application made before does not count.</summary>
    public static GateRefusal? Age(DevelopmentRulePack pack, DateOnly birth, DateOnly appliedOn)
    {
        var adult = AdultOn(pack, birth);
        return appliedOn < adult
            ? new("年龄", $"申请日未满{pack.MinAge}周岁（满{pack.MinAge}周岁：{D(adult)}）", adult, "appliedOn")
            : null;
    }

    /// <summary>
    /// 留党察看 in force on a day: a 惩处 whose title contains 留党察看, for 二年 (两年) when the title says so, else 一年,
    /// from its date. Assumption: rights are restored at the end of the period (a decision to expel or restore early is
    /// not recorded here). Returns the last day of the period, or null.
    /// </summary>
    public static DateOnly? DisciplineUntil(IEnumerable<(RewardPenaltyKind Kind, DateOnly Date, string Title)> records, DateOnly day)
    {
        DateOnly? until = null;
        foreach (var (kind, date, title) in records)
        {
            if (kind != RewardPenaltyKind.惩处 || !title.Contains("留党察看", StringComparison.Ordinal)) continue;
            var years = title.Contains("二年", StringComparison.Ordinal) || title.Contains("两年", StringComparison.Ordinal) ? 2 : 1;
            var end = date.AddYears(years);
            if (date <= day && day < end && (until is null || end.AddDays(-1) > until)) until = end.AddDays(-1);
        }
        return until;
    }

    /// <summary>Step 5: 1–2 培养联系人, each a 正式党员 on the day.</summary>
    public static GateRefusal? Contacts(DevelopmentRulePack pack, IReadOnlyList<CandidateMember> people, DateOnly on)
    {
        if (people.Count < pack.MinContacts || people.Count > pack.MaxContacts)
            return new("培养联系人", $"培养联系人须为{pack.MinContacts}至{pack.MaxContacts}名正式党员（已选{people.Count}名）", null, "memberIds");
        return PersonRefusal("培养联系人", "担任培养联系人", people, on);
    }

    /// <summary>Step 9: exactly two 介绍人, each a 正式党员 on the day and not under 留党察看.</summary>
    public static GateRefusal? Sponsors(DevelopmentRulePack pack, IReadOnlyList<CandidateMember> people, DateOnly on)
    {
        if (people.Count != pack.Sponsors || people.Select(p => p.Id).Distinct().Count() != people.Count)
            return new("入党介绍人", $"入党介绍人须为{pack.Sponsors}名不同的正式党员（已选{people.Count}名）", null, "memberIds");
        return PersonRefusal("入党介绍人", "担任入党介绍人", people, on);
    }

    private static GateRefusal? PersonRefusal(string rule, string role, IReadOnlyList<CandidateMember> people, DateOnly on)
    {
        foreach (var p in people)
        {
            if (!p.InGoodStanding) return new(rule, $"{p.Name}在{D(on)}不是党籍正常的党员，不能{role}", null, "memberIds");
            if (!p.FullMember) return new(rule, $"{p.Name}在{D(on)}是预备党员，不能{role}", null, "memberIds");
            if (p.DisciplineUntil is { } until) return new(rule, $"{p.Name}受留党察看处分（至{D(until)}），不能{role}", null, "memberIds");
        }
        return null;
    }

    /// <summary>
    /// The 支部大会's count (§1.2): 应到 = the 正式党员 of the branch on the day minus those under 留党察看 and those excluded
    /// with a recorded reason; 预备党员 never vote; quorum: present voters more than half of 应到; passed: 赞成 (present and
    /// written beforehand) more than half of 应到. Written votes count in the tally, not in attendance; one vote per person.
    /// </summary>
    public static (VoteTally? Tally, GateRefusal? Refusal) Count(IReadOnlyList<Voter> roster, VoteInput input)
    {
        var byId = roster.ToDictionary(v => v.MemberId);
        var reasons = new List<string>();
        foreach (var (id, reason) in input.Exclusions)
        {
            if (!byId.TryGetValue(id, out var v)) return (null, new("应到会人数", "不计入应到会的人员须是本支部当日的党员", null, "exclusions"));
            if (string.IsNullOrWhiteSpace(reason)) return (null, new("应到会人数", $"{v.Name}不计入应到会人数，须填写支委会决定的原因（出国（境）、长期外出、病重、失联等）", null, "exclusions"));
            reasons.Add($"{v.Name}：{reason.Trim()}");
        }
        var voting = roster.Where(v => v.FullMember && v.DisciplineUntil is null && !input.Exclusions.ContainsKey(v.MemberId)).Select(v => v.MemberId).ToHashSet();
        var expected = voting.Count;
        var present = input.PresentIds.Where(voting.Contains).Distinct().ToList();
        foreach (var (id, _) in input.Written)
        {
            var name = byId.TryGetValue(id, out var v) ? v.Name : "该人员";
            if (!voting.Contains(id)) return (null, new("书面表决", $"{name}没有表决权，书面意见不能计入表决", null, "writtenVotes"));
            if (present.Contains(id)) return (null, new("书面表决", $"{name}已到会，不能再计入书面表决票（一人一票）", null, "writtenVotes"));
        }
        if (input.For < 0 || input.Against < 0 || input.Abstain < 0)
            return (null, new("表决", "表决票数不能为负数", null, "votesFor"));
        if (input.For + input.Against + input.Abstain > present.Count)
            return (null, new("表决", $"到会有表决权的党员{present.Count}人，表决票{input.For + input.Against + input.Abstain}张，超过到会人数（一人一票）", null, "votesFor"));
        if (expected == 0)
            return (null, new("支部大会人数", "该支部当日没有有表决权的正式党员，不能召开支部大会", null, "presentIds"));
        if (present.Count * 2 <= expected)
            return (null, new("支部大会人数", $"有表决权的到会党员{present.Count}人，未超过应到会有表决权党员{expected}人的半数，支部大会不能召开", null, "presentIds"));
        int W(VoteChoice c) => input.Written.Count(w => w.Value == c);
        var yes = input.For + W(VoteChoice.赞成);
        var tally = new VoteTally(expected, present.Count, input.For, input.Against, input.Abstain, W(VoteChoice.赞成), W(VoteChoice.反对), W(VoteChoice.弃权),
            expected - present.Count, true, yes * 2 > expected, [.. present], [.. input.Written.Keys], [.. input.Exclusions.Keys], [.. reasons]);
        return (tally, null);
    }

    /// <summary>
    /// Why a 支部大会 with a quorum did not pass the motion (null when it passed). The meeting happened: its count is kept
    /// on the timeline and the case stays where it was until another 支部大会 (§1.2 通过).
    /// </summary>
    public static string? VoteFailed(VoteTally tally) => tally.Passed
        ? null
        : $"赞成票{tally.For + tally.WrittenFor}票（含会前书面赞成{tally.WrittenFor}票），未超过应到会有表决权正式党员{tally.Expected}人的半数，未通过";

    /// <summary>A 支部大会 (15, 23) that was held but did not pass its motion: on the record, deciding nothing.</summary>
    public static bool FailedVote(StepEntry s) => s.Step is "15" or "23" && s.Fields.Vote is { Passed: false };

    /// <summary>Whether a recorded step fulfils its place in the order (a failed vote does not).</summary>
    public static bool Counts(StepEntry s) => !FailedVote(s);

    /// <summary>The 转正 支部大会 decision (23, passed) still awaiting the 党委's answer (24), if any.</summary>
    public static StepEntry? PendingDecision(IReadOnlyList<StepEntry> steps)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (steps[i].Step == "24") return null;
            if (steps[i].Step == "23" && Counts(steps[i])) return steps[i];
        }
        return null;
    }

    /// <summary>The decision an approving 24 confirmed that ends the 预备期 (按期转正 or 取消预备党员资格), if any.</summary>
    public static ConfirmationOutcome? FinalOutcome(IReadOnlyList<StepEntry> steps)
    {
        StepEntry? decision = null;
        foreach (var s in steps)
        {
            if (s.Step == "23" && Counts(s)) decision = s;
            if (s.Step == "24" && s.Fields.Approved != false && decision is not null
                && (decision.Fields.Outcome ?? ConfirmationOutcome.按期转正) is var o && o != ConfirmationOutcome.延长预备期)
                return o;
        }
        return null;
    }

    /// <summary>
    /// The 党委's refusal (24 不批准) of the branch's last decision when no new decision followed: the case is back with the
    /// branch for a new 支部大会 (党章第七条: 转正, 延长 and 取消 each need both the 支部大会 and the 上级党组织).
    /// </summary>
    public static StepEntry? ReturnedToBranch(IReadOnlyList<StepEntry> steps)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (steps[i].Step == "23" && Counts(steps[i])) return null;
            if (steps[i].Step == "24") return steps[i].Fields.Approved == false ? steps[i] : null;
        }
        return null;
    }

    /// <summary>
    /// 更换入党介绍人 (§1.6): the one replaced is a current 介绍人, the new one is not already one, and is a 正式党员 in good
    /// standing on that day, not under 留党察看 — the same checks as step 9.
    /// </summary>
    public static GateRefusal? SponsorReplacement(IReadOnlyCollection<long> current, long replaced, CandidateMember replacement, DateOnly on)
    {
        if (!current.Contains(replaced)) return new("入党介绍人", "所选人员不是该发展对象现任的入党介绍人", null, "replacedMemberId");
        if (current.Contains(replacement.Id)) return new("入党介绍人", $"{replacement.Name}已是入党介绍人，请选择另一名正式党员", null, "memberId");
        return PersonRefusal("入党介绍人", "担任入党介绍人", [replacement], on) is { } r ? r with { Field = "memberId" } : null;
    }

    /// <summary>预备期满: the 支部大会 (step 15) + 12 months, then the extension from that original 期满 date.</summary>
    public static DateOnly ProbationEnds(DevelopmentRulePack pack, DateOnly meeting, int? extensionMonths) =>
        meeting.AddMonths(pack.ProbationMonths).AddMonths(extensionMonths ?? 0);

    /// <summary>The months of the extension decided and approved (23 延长 followed by an approving 24), if any.</summary>
    public static int? ApprovedExtension(IReadOnlyList<StepEntry> steps)
    {
        for (var i = 0; i < steps.Count; i++)
            if (steps[i].Step == "23" && Counts(steps[i]) && steps[i].Fields.Outcome == ConfirmationOutcome.延长预备期
                && steps.Skip(i + 1).FirstOrDefault(s => s.Step == "24") is { } approval && approval.Fields.Approved != false)
                return steps[i].Fields.ExtensionMonths;
        return null;
    }

    /// <summary>How many extensions were decided and approved (a refused or failed one does not count).</summary>
    public static int ApprovedExtensions(IReadOnlyList<StepEntry> steps)
    {
        var n = 0;
        for (var i = 0; i < steps.Count; i++)
            if (steps[i].Step == "23" && Counts(steps[i]) && steps[i].Fields.Outcome == ConfirmationOutcome.延长预备期
                && steps.Skip(i + 1).FirstOrDefault(s => s.Step == "24") is { } approval && approval.Fields.Approved != false)
                n++;
        return n;
    }

    /// <summary>The half-year 考察 windows (§1.2) from step 3: [s3 + 6k months, s3 + 6(k+1) months).</summary>
    public static (DateOnly Start, DateOnly End) ReviewWindow(DevelopmentRulePack pack, DateOnly activistOn, DateOnly day)
    {
        var k = 0;
        while (activistOn.AddMonths(pack.ReviewWindowMonths * (k + 1)) <= day) k++;
        return (activistOn.AddMonths(pack.ReviewWindowMonths * k), activistOn.AddMonths(pack.ReviewWindowMonths * (k + 1)).AddDays(-1));
    }

    /// <summary>The first day after a 公示 of the pack's working days from its start (and after its recorded end).</summary>
    public static WorkingDaySpan PublicitySpan(DevelopmentRulePack pack, StepEntry publicity, WorkingDayCalendar calendar)
    {
        var span = calendar.Count(publicity.On, pack.PublicityWorkingDays);
        return publicity.Fields.PublicityEndsOn is { } end && end > span.LastDay ? span with { LastDay = end } : span;
    }

    /// <summary>
    /// Whether <paramref name="next"/> may be recorded after <paramref name="before"/> (the current versions, in order):
    /// the order of the steps, the dates, and the gates of §1.2 that depend on dates and the step's own fields. People
    /// (培养联系人, 介绍人) and the 支部大会 count are checked by <see cref="Contacts"/>, <see cref="Sponsors"/>, <see cref="Count"/>.
    /// </summary>
    public static GateOutcome Check(DevelopmentRulePack pack, DateOnly birth, IReadOnlyList<StepEntry> before, StepEntry next, DateOnly today, WorkingDayCalendar calendar)
    {
        var def = DevelopmentSteps.Find(next.Step);
        if (def is null || !DevelopmentSteps.InUse(pack, next.Step))
            return GateOutcome.Refuse(new("步骤", $"没有第{next.Step}步", null, "step"));
        if (next.On > today) return GateOutcome.Refuse(new("日期", $"{def.Name}的日期不能晚于今天（{D(today)}）"));
        if (Order(pack, before, def) is { } order) return GateOutcome.Refuse(order);
        if (before.Where(s => BoundsDate(s.Step, def.Code)).MaxBy(s => s.On) is { } last)
        {
            if (next.On < last.On)
                return GateOutcome.Refuse(new("步骤顺序", $"{def.Name}的日期不能早于{DevelopmentSteps.Get(last.Step).Label}的日期（{D(last.On)}），最早可于{D(last.On)}", last.On));
        }
        var warnings = new List<string>();
        StepEntry? Last(string code) => before.LastOrDefault(s => s.Step == code);
        var applied = before.FirstOrDefault(s => s.Step == "1")?.On ?? next.On;
        switch (next.Step)
        {
            case "1":
                if (Age(pack, birth, next.On) is { } age) return GateOutcome.Refuse(age);
                break;
            case "2":
                {
                    var due = applied.AddMonths(pack.TalkWithinMonths);
                    if (next.On > due)
                    {
                        if (string.IsNullOrWhiteSpace(next.LateReason))
                            return GateOutcome.Refuse(new("谈话期限", $"谈话超过申请后{pack.TalkWithinMonths}个月（应于{D(due)}前），请填写超期原因", null, "lateReason"));
                        warnings.Add($"谈话超期：应于{D(due)}前谈话");
                    }
                    break;
                }
            case "10":
                if (Last("10") is { Fields.Conclusion: not "合格" } failed)
                    return GateOutcome.Refuse(new("政治审查", $"政审结论为“不合格”（{D(failed.On)}），不能以重新政审代替；不具备发展条件的，应经支委会研究终止发展", null, "step"));
                break;
            case "6":
                {
                    var s3 = Last("3")!.On;
                    var (start, end) = ReviewWindow(pack, s3, next.On);
                    if (before.Any(s => s.Step == "6" && s.On >= start && s.On <= end))
                        return GateOutcome.Refuse(new("半年考察", $"本半年（{D(start)}至{D(end)}）已有考察记录，下一次最早可于{D(end.AddDays(1))}记录", end.AddDays(1)));
                    break;
                }
            case "7":
                {
                    var s3 = Last("3")!.On;
                    var earliest = s3.AddMonths(pack.ActivistMonths);
                    if (next.On < earliest) return GateOutcome.Refuse(new("培养考察期", $"培养考察未满一年，最早可于{D(earliest)}确定", earliest));
                    for (var k = 0; s3.AddMonths(pack.ReviewWindowMonths * (k + 1)) <= next.On; k++)
                    {
                        var start = s3.AddMonths(pack.ReviewWindowMonths * k);
                        var end = s3.AddMonths(pack.ReviewWindowMonths * (k + 1)).AddDays(-1);
                        if (!before.Any(s => s.Step == "6" && s.On >= start && s.On <= end))
                            return GateOutcome.Refuse(new("半年考察", $"培养教育考察每半年至少一次：{D(start)}至{D(end)}没有考察记录", null, "step"));
                    }
                    break;
                }
            case "11":
                {
                    var days = next.Fields.TrainingDays ?? 0;
                    var hours = next.Fields.TrainingHours ?? 0;
                    if (days < pack.TrainingMinDays && hours < pack.TrainingMinHours)
                    {
                        if (string.IsNullOrWhiteSpace(next.Fields.OverrideReason))
                            return GateOutcome.Refuse(new("集中培训", $"集中培训须不少于{pack.TrainingMinDays}天或{pack.TrainingMinHours}学时（现为{days}天、{hours}学时），未经培训的须书面说明原因", null, "trainingDays"));
                        warnings.Add($"集中培训不足{pack.TrainingMinDays}天或{pack.TrainingMinHours}学时，已书面说明原因");
                    }
                    break;
                }
            case "12a" or "22a":
                {
                    var span = calendar.Count(next.On, pack.PublicityWorkingDays);
                    if (next.Fields.PublicityEndsOn is { } end && end < span.LastDay)
                        return GateOutcome.Refuse(new("公示期", $"公示期不少于{pack.PublicityWorkingDays}个工作日，最早可于{D(span.LastDay)}结束", span.LastDay, "publicityEndsOn"));
                    if (span.Provisional) warnings.Add("公示期所跨年份的节假日安排未登记，工作日暂算");
                    break;
                }
            case "13":
                {
                    var review = Last("10")!;
                    if (review.Fields.Conclusion != "合格")
                        return GateOutcome.Refuse(new("政治审查", "政审结论不是“合格”，不能预审", null, "step"));
                    var valid = review.On.AddMonths(pack.PoliticalReviewValidMonths);
                    if (next.On > valid)
                        return GateOutcome.Refuse(new("政审有效期", $"政审结论已超过{pack.PoliticalReviewValidMonths}个月有效期（有效至{D(valid)}），须重新政审"));
                    if (Last("12a") is { } publicity && PublicityGate(pack, publicity, next, calendar, "预审", warnings) is { } refusal)
                        return GateOutcome.Refuse(refusal);
                    if (next.Fields.LeavingSoon == true) warnings.Add($"发展对象拟在{pack.LeavingWarnMonths}个月内离开工作单位，一般不办理预审");
                    break;
                }
            case "17":
                {
                    var meeting = Last("15")!.On;
                    var warn = meeting.AddMonths(pack.ApprovalWarnMonths);
                    var limit = meeting.AddMonths(pack.ApprovalLimitMonths);
                    if (next.On > limit)
                    {
                        if (string.IsNullOrWhiteSpace(next.Fields.Escalation))
                            return GateOutcome.Refuse(new("审批期限", $"审批已超过支部大会后{pack.ApprovalLimitMonths}个月（{D(limit)}），须说明报组织部门的情况", null, "escalation"));
                        warnings.Add($"审批超过支部大会后{pack.ApprovalLimitMonths}个月（{D(limit)}），已报组织部门");
                    }
                    else if (next.On > warn) warnings.Add($"审批超过支部大会后{pack.ApprovalWarnMonths}个月（应于{D(warn)}前）");
                    break;
                }
            case "23":
                {
                    var extension = ApprovedExtension(before);
                    var ends = ProbationEnds(pack, Last("15")!.On, extension);
                    if (next.On < ends) return GateOutcome.Refuse(new("预备期", $"预备期未满，最早可于{D(ends)}讨论转正", ends));
                    if (LastIndex(before, "22a") is var pi && pi >= 0 && pi > LastIndex(before, "23") && before[pi] is var publicity
                        && PublicityGate(pack, publicity, next, calendar, "讨论转正", warnings) is { } refusal)
                        return GateOutcome.Refuse(refusal);
                    switch (next.Fields.Outcome)
                    {
                        case null:
                            return GateOutcome.Refuse(new("转正", "请选择支部大会的决定：按期转正、延长预备期或取消预备党员资格", null, "outcome"));
                        case ConfirmationOutcome.延长预备期 when ApprovedExtensions(before) >= pack.MaxExtensions:
                            return GateOutcome.Refuse(new("延长预备期", "预备期只能延长一次，已延长过，期满时只能转正或取消预备党员资格", null, "outcome"));
                        case ConfirmationOutcome.延长预备期 when next.Fields.ExtensionMonths is not { } m || m < pack.ExtensionMinMonths || m > pack.ExtensionMaxMonths:
                            return GateOutcome.Refuse(new("延长预备期", $"预备期只能延长一次，延长时间为{pack.ExtensionMinMonths}至{pack.ExtensionMaxMonths}个月", null, "extensionMonths"));
                    }
                    break;
                }
            case "24":
                {
                    var meeting = PendingDecision(before)!.On;
                    var limit = meeting.AddMonths(pack.ConfirmationApprovalMonths);
                    if (next.On > limit)
                    {
                        if (string.IsNullOrWhiteSpace(next.Fields.Escalation))
                            return GateOutcome.Refuse(new("转正审批期限", $"转正审批已超过支部大会后{pack.ConfirmationApprovalMonths}个月（{D(limit)}），须说明报组织部门的情况", null, "escalation"));
                        warnings.Add($"转正审批超过支部大会后{pack.ConfirmationApprovalMonths}个月（{D(limit)}）");
                    }
                    break;
                }
        }
        return new(null, warnings);
    }

    private static int LastIndex(IReadOnlyList<StepEntry> steps, string code)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
            if (steps[i].Step == code) return i;
        return -1;
    }

    private static GateRefusal? PublicityGate(DevelopmentRulePack pack, StepEntry publicity, StepEntry next, WorkingDayCalendar calendar, string what, List<string> warnings)
    {
        var span = PublicitySpan(pack, publicity, calendar);
        if (next.On < span.NextDay)
            return new("公示期", $"公示期未满{pack.PublicityWorkingDays}个工作日（{D(publicity.On)}至{D(span.LastDay)}），最早可于{D(span.NextDay)}{what}", span.NextDay);
        if (span.Provisional) warnings.Add("公示期所跨年份的节假日安排未登记，工作日暂算");
        return null;
    }

    /// <summary>
    /// Whether a recorded step bounds the date of the next one (its date may not be earlier). The half-year 考察 (6)
    /// follows 确定入党积极分子 (3) only: 备案 (4) and 培养联系人 (5) neither bound it nor are bounded by it, so a late 备案
    /// never closes a 考察 window.
    /// </summary>
    private static bool BoundsDate(string recorded, string next) => (recorded, next) switch
    {
        ("4" or "5", "6") or ("6", "4" or "5") => false,
        _ => true,
    };

    /// <summary>
    /// Steps in order: every earlier step the pack requires is recorded, none later is, and a step is recorded once —
    /// except the 考察 records (6, 21), a 政审 redone before 预审 (10: the latest counts), a new 支部大会 after a failed vote
    /// (15, 23), and the 转正 rounds (23 again after an approved extension, a refused 24 or a failed vote).
    /// </summary>
    private static GateRefusal? Order(DevelopmentRulePack pack, IReadOnlyList<StepEntry> before, DevelopmentStepDef def)
    {
        bool Has(string code) => before.Any(s => s.Step == code);
        switch (def.Code)
        {
            case "23" when Has("25"):
                return new("步骤顺序", $"{DevelopmentSteps.Get("25").Label}已记录，不能再记录{def.Label}", null, "step");
            case "23" when FinalOutcome(before) is { } final:
                return new("步骤顺序", $"上级党委已批准{final}，不能再讨论转正", null, "step");
            case "23" when PendingDecision(before) is { } pending:
                return new("步骤顺序", $"支部大会{D(pending.On)}的决定（{pending.Fields.Outcome}）尚待上级党委审批，不能再次讨论转正", null, "step");
            case "23" when Has("23"):
                return null; // a new round: after an approved extension, a refused 24 or a failed vote
            case "24":
                return PendingDecision(before) is null
                    ? new("步骤顺序", $"须先记录{DevelopmentSteps.Get("23").Label}通过的决定，才能记录{def.Label}", null, "step")
                    : null;
            case "25" when Has("25"):
                return new("步骤顺序", $"{def.Label}已记录", null, "step");
            case "25" when FinalOutcome(before) is null:
                return ApprovedExtension(before) is not null
                    ? new("步骤顺序", "预备期已延长，须在延长期满后讨论转正，才能归档", null, "step")
                    : new("步骤顺序", $"须经上级党委批准转正或取消预备党员资格（{DevelopmentSteps.Get("24").Label}），才能归档", null, "step");
        }

        // 政审 redone before 预审; a new 支部大会 after a failed vote
        var again = def.Code switch
        {
            "10" => Has("10") && !Has("13"),
            "15" => Has("15") && !before.Any(s => s.Step == "15" && Counts(s)),
            _ => false,
        };
        var later = before.Where(s => DevelopmentSteps.Get(s.Step).Seq > def.Seq && !(def.Code is "4" or "5" && s.Step == "6"))
            .MaxBy(s => DevelopmentSteps.Get(s.Step).Seq);
        if (later is not null && !(again && def.Code == "10" && DevelopmentSteps.Get(later.Step).Seq < DevelopmentSteps.Get("13").Seq))
            return new("步骤顺序", $"{DevelopmentSteps.Get(later.Step).Label}已记录，不能再记录{def.Label}", null, "step");
        if (!def.Repeatable && !again && Has(def.Code))
            return new("步骤顺序", $"{def.Label}已记录", null, "step");
        foreach (var earlier in DevelopmentSteps.All.Where(s => s.Seq < def.Seq))
        {
            if (!DevelopmentSteps.InUse(pack, earlier.Code) || DevelopmentSteps.Skippable(pack, earlier.Code)) continue;
            if (def.Code == "6" && earlier.Code is "4" or "5") continue; // 考察 follows step 3 only
            if (!before.Any(s => s.Step == earlier.Code && Counts(s)))
                return new("步骤顺序", $"须先记录{earlier.Label}，才能记录{def.Label}", null, "step");
        }
        return null;
    }

    /// <summary>
    /// Re-runs every gate over a whole timeline (after a date was edited): the first step that would now be refused, with
    /// its refusal. People and vote counts are kept as recorded.
    /// </summary>
    public static (StepEntry Step, GateRefusal Refusal)? CheckTimeline(DevelopmentRulePack pack, DateOnly birth, IReadOnlyList<StepEntry> steps, DateOnly today, WorkingDayCalendar calendar)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var outcome = Check(pack, birth, steps.Take(i).ToList(), steps[i], today, calendar);
            if (outcome.Refusal is { } r) return (steps[i], r);
        }
        return null;
    }

    /// <summary>
    /// What is due next on a case, with the earliest day and the deadline (the timeline's "next"). Null when nothing is
    /// (the case is closed or archived).
    /// </summary>
    public static NextStep? Next(DevelopmentRulePack pack, DevelopmentState state, IReadOnlyList<StepEntry> steps, DateOnly today, WorkingDayCalendar calendar)
    {
        if (DevelopmentSteps.IsClosed(state) && !(state is DevelopmentState.正式党员 or DevelopmentState.取消预备党员资格 && !steps.Any(s => s.Step == "25")))
            return null;
        StepEntry? Last(string code) => steps.LastOrDefault(s => s.Step == code);
        NextStep N(string code, DateOnly? earliest, DateOnly? due, string? why) => new(code, DevelopmentSteps.Get(code).Name, earliest, due, why);
        var lastOn = steps.Count == 0 ? (DateOnly?)null : steps.Max(s => s.On);
        var done = steps.Where(Counts).Select(s => s.Step).ToHashSet();
        var applied = Last("1")?.On ?? today;

        // the half-year 考察 between 5 and 7
        if (done.Contains("5") && !done.Contains("7"))
        {
            var s3 = Last("3")!.On;
            var ready = s3.AddMonths(pack.ActivistMonths);
            var (start, end) = ReviewWindow(pack, s3, today < ready ? today : ready.AddDays(-1));
            if (!steps.Any(s => s.Step == "6" && s.On >= start && s.On <= end))
                return N("6", start, end, $"每半年至少一次培养教育考察（{D(start)}至{D(end)}）");
            return N("7", ready, null, $"确定入党积极分子（{D(s3)}）后满{pack.ActivistMonths}个月");
        }
        // a 政审 past its validity before 预审: redo it
        if (done.Contains("10") && !done.Contains("13") && Last("10") is { Fields.Conclusion: "合格" } review
            && review.On.AddMonths(pack.PoliticalReviewValidMonths) is var valid && today > valid)
            return N("10", Max(lastOn, today), null, $"政审结论已超过{pack.PoliticalReviewValidMonths}个月有效期（有效至{D(valid)}），须重新政审后才能预审");
        // the 转正 round(s)
        if (done.Contains("17") && Last("17")!.Fields.Approved != false)
        {
            var meeting = steps.Last(s => s.Step == "15" && Counts(s)).On;
            var ext = ApprovedExtension(steps);
            var ends = ProbationEnds(pack, meeting, ext);
            if (PendingDecision(steps) is { } pending)
                return N("24", pending.On, pending.On.AddMonths(pack.ConfirmationApprovalMonths), "支部大会讨论转正后报上级党委审批");
            if (FinalOutcome(steps) is null && (done.Contains("23") || steps.Any(FailedVote)))
            {
                var why = steps.LastOrDefault(s => s.Step is "23" or "24") switch
                {
                    { Step: "24" } refused => $"上级党委{D(refused.On)}不批准支部大会的决定，退回支部大会重新讨论",
                    { } failed when FailedVote(failed) => $"支部大会{D(failed.On)}表决未通过，可另行召开支部大会讨论",
                    _ => $"延长预备期{ext}个月，{D(ends)}期满",
                };
                return N("23", Max(lastOn, ends), null, why);
            }
        }
        foreach (var def in DevelopmentSteps.All)
        {
            if (done.Contains(def.Code) || !DevelopmentSteps.InUse(pack, def.Code)) continue;
            if (def.Code == "6" || def.Code == "21" && done.Contains("22")) continue;
            if (def.Code == "21" && done.Contains("21")) continue;
            if (def.Code is "12a" or "22a" && DevelopmentSteps.Skippable(pack, def.Code)) continue;
            var earliest = lastOn;
            DateOnly? due = null;
            string? why = null;
            switch (def.Code)
            {
                case "2":
                    due = applied.AddMonths(pack.TalkWithinMonths);
                    why = $"申请后{pack.TalkWithinMonths}个月内谈话";
                    break;
                case "15" when steps.LastOrDefault(FailedVote) is { } failed:
                    why = $"支部大会{D(failed.On)}表决未通过，可另行召开支部大会讨论";
                    break;
                case "13" when Last("12a") is { } p:
                    earliest = PublicitySpan(pack, p, calendar).NextDay;
                    why = $"公示{pack.PublicityWorkingDays}个工作日期满后预审";
                    break;
                case "16":
                    due = Last("15")!.On.AddMonths(pack.ApprovalWarnMonths);
                    why = $"审批前由上级党委派人谈话（审批应于{D(due.Value)}前）";
                    break;
                case "17":
                    due = Last("15")!.On.AddMonths(pack.ApprovalWarnMonths);
                    why = $"支部大会后{pack.ApprovalWarnMonths}个月内审批（最迟{D(Last("15")!.On.AddMonths(pack.ApprovalLimitMonths))}）";
                    break;
                case "22":
                    {
                        var ends = ProbationEnds(pack, Last("15")!.On, ApprovedExtension(steps));
                        earliest = Max(lastOn, ends.AddMonths(-pack.ConfirmationRequestMonthsBefore));
                        due = ends;
                        why = $"预备期{D(ends)}期满，期满前约{pack.ConfirmationRequestMonthsBefore}个月提出转正申请";
                        break;
                    }
                case "23":
                    {
                        var ends = ProbationEnds(pack, Last("15")!.On, ApprovedExtension(steps));
                        earliest = Max(lastOn, ends);
                        why = $"预备期{D(ends)}期满后讨论转正";
                        break;
                    }
            }
            return N(def.Code, earliest, due, why);
        }
        return null;
    }

    private static DateOnly? Max(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;

    /// <summary>
    /// Rushed development (§1.6, 禁止突击发展): a warning when the approvals of one month exceed the pack's share of the
    /// annual plan. Null when there is no plan or the share is within it.
    /// </summary>
    public static string? RushedWarning(DevelopmentRulePack pack, int annualPlan, int approvedInMonth)
    {
        if (annualPlan <= 0) return null;
        return approvedInMonth * 100 > annualPlan * pack.RushedSharePercent
            ? $"一个月内审批{approvedInMonth}人，超过年度发展计划{annualPlan}人的{pack.RushedSharePercent}%，请防止突击发展"
            : null;
    }
}
