using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class LedgerRulesTests
{
    private static readonly DateOnly Today = new(2026, 5, 10);
    private static readonly DateOnly Deadline = new(2026, 6, 30);
    private static readonly DateOnly Requested = new(2026, 7, 31);

    private const LedgerParty O = LedgerParty.Owner, V = LedgerParty.Verifier, R = LedgerParty.Requester;
    private static readonly LedgerParty[] Parties = [LedgerParty.None, O, V, R, O | R, V | R];

    /// <summary>
    /// The specification, written out: for each action, the states it may start from, the parties that may take it, and
    /// whether it needs a pending 延期申请 (true), forbids one (false) or does not care (null).
    /// </summary>
    private static readonly Dictionary<LedgerAction, (LedgerState[] States, LedgerParty[] Parties, bool? Pending)> Spec = new()
    {
        [LedgerAction.Start] = ([LedgerState.待办], [O, O | R], null),
        [LedgerAction.Progress] = ([LedgerState.待办, LedgerState.办理中], [O, O | R], null),
        [LedgerAction.Submit] = ([LedgerState.待办, LedgerState.办理中], [O, O | R], null),
        [LedgerAction.Close] = ([LedgerState.申请销号], [V, V | R], null),
        [LedgerAction.Reject] = ([LedgerState.申请销号], [V, V | R], null),
        [LedgerAction.Reopen] = ([LedgerState.已销号], [V, R, O | R, V | R], null),
        [LedgerAction.Extend] = ([LedgerState.待办, LedgerState.办理中], [O, O | R], false),
        [LedgerAction.ApproveExtension] = ([LedgerState.待办, LedgerState.办理中, LedgerState.申请销号], [V, R, V | R], true),
        [LedgerAction.RejectExtension] = ([LedgerState.待办, LedgerState.办理中, LedgerState.申请销号], [V, R, V | R], true),
    };

    public static TheoryData<LedgerState, LedgerAction, LedgerParty, bool> EveryCase()
    {
        var data = new TheoryData<LedgerState, LedgerAction, LedgerParty, bool>();
        foreach (var s in Enum.GetValues<LedgerState>())
            foreach (var a in Enum.GetValues<LedgerAction>())
                foreach (var p in Parties)
                    foreach (var pending in new[] { false, true })
                        data.Add(s, a, p, pending);
        return data;
    }

    private static bool Expected(LedgerState s, LedgerAction a, LedgerParty p, bool pending) =>
        Spec.TryGetValue(a, out var rule) && rule.States.Contains(s) && rule.Parties.Contains(p) && (rule.Pending is null || rule.Pending == pending);

    private static LedgerSituation Situation(LedgerState s, LedgerParty p, bool pending, bool evidence = true) =>
        new(s, p, Deadline, pending ? Requested : null, evidence, evidence);

    /// <summary>A command carrying everything any action may need (reason, evidence with a file, a later deadline).</summary>
    private static LedgerCommand Complete(LedgerAction a) => new(a, "理由", 1, 1, Deadline.AddDays(10));

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Every_transition_is_allowed_or_refused_as_the_specification_says(LedgerState s, LedgerAction a, LedgerParty p, bool pending)
    {
        var expected = Expected(s, a, p, pending);
        var d = LedgerRules.Decide(Situation(s, p, pending), Complete(a), Today);

        d.Ok.ShouldBe(expected, $"{s} {a} by {p}{(pending ? " with a pending extension" : "")}: {d.Error}");
        LedgerRules.Allowed(Situation(s, p, pending)).Contains(a).ShouldBe(expected);
        if (!expected)
        {
            d.State.ShouldBe(s);
            d.Deadline.ShouldBe(Deadline);
            d.Error.ShouldNotBeNullOrWhiteSpace();
            return;
        }
        var (state, deadline, requested) = a switch
        {
            LedgerAction.Start or LedgerAction.Progress or LedgerAction.Reject or LedgerAction.Reopen => (LedgerState.办理中, Deadline, a == LedgerAction.Reopen ? null : (DateOnly?)(pending ? Requested : null)),
            LedgerAction.Submit => (LedgerState.申请销号, Deadline, pending ? Requested : (DateOnly?)null),
            LedgerAction.Close => (LedgerState.已销号, Deadline, null),
            LedgerAction.Extend => (s, Deadline, Deadline.AddDays(10)),
            LedgerAction.ApproveExtension => (s, Requested, null),
            LedgerAction.RejectExtension => (s, Deadline, (DateOnly?)null),
            _ => throw new InvalidOperationException(),
        };
        d.State.ShouldBe(state);
        d.Deadline.ShouldBe(deadline);
        d.RequestedDeadline.ShouldBe(requested);
    }

    [Fact]
    public void The_table_covers_a_allowed_case_for_every_action_but_create()
    {
        foreach (var a in Enum.GetValues<LedgerAction>().Where(a => a != LedgerAction.Create))
            EveryCase().Any(row => (LedgerAction)row[1] == a && Expected((LedgerState)row[0], a, (LedgerParty)row[2], (bool)row[3])).ShouldBeTrue(a.ToString());
    }

    [Fact]
    public void Submitting_needs_evidence_with_a_file()
    {
        var d = LedgerRules.Decide(Situation(LedgerState.办理中, O, false, evidence: false), new LedgerCommand(LedgerAction.Submit, null, 1, 0), Today);
        d.Ok.ShouldBeFalse();
        d.Field.ShouldBe("evidence");
        LedgerRules.Decide(Situation(LedgerState.办理中, O, false, evidence: false), new LedgerCommand(LedgerAction.Submit, null, 1, 1), Today).Ok.ShouldBeTrue();
    }

    [Fact]
    public void Closing_without_evidence_is_refused()
    {
        var d = LedgerRules.Decide(Situation(LedgerState.申请销号, V, false, evidence: false), new LedgerCommand(LedgerAction.Close, "同意"), Today);
        d.Ok.ShouldBeFalse();
        d.Field.ShouldBe("evidence");
        d.State.ShouldBe(LedgerState.申请销号);
    }

    [Theory]
    [InlineData(LedgerAction.Reject, LedgerState.申请销号, LedgerParty.Verifier)]
    [InlineData(LedgerAction.Reopen, LedgerState.已销号, LedgerParty.Requester)]
    [InlineData(LedgerAction.RejectExtension, LedgerState.办理中, LedgerParty.Verifier)]
    public void Rejecting_reopening_and_refusing_an_extension_need_a_reason(LedgerAction a, LedgerState s, LedgerParty p)
    {
        var d = LedgerRules.Decide(Situation(s, p, pending: true), new LedgerCommand(a, "  "), Today);
        d.Ok.ShouldBeFalse();
        d.Field.ShouldBe("reason");
    }

    [Fact]
    public void A_progress_report_needs_a_text_or_evidence()
    {
        LedgerRules.Decide(Situation(LedgerState.办理中, O, false), new LedgerCommand(LedgerAction.Progress, null), Today).Field.ShouldBe("reason");
        LedgerRules.Decide(Situation(LedgerState.办理中, O, false), new LedgerCommand(LedgerAction.Progress, null, 1, 0), Today).Ok.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2026-06-30")] // the current deadline
    [InlineData("2026-06-01")] // earlier
    [InlineData("2027-07-02")] // more than a year later
    public void An_extension_must_name_a_later_deadline_within_a_year(string? to)
    {
        var nd = to is null ? (DateOnly?)null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture);
        var d = LedgerRules.Decide(Situation(LedgerState.办理中, O, false), new LedgerCommand(LedgerAction.Extend, "设备未到货", NewDeadline: nd), Today);
        d.Ok.ShouldBeFalse();
        d.Field.ShouldBe("newDeadline");
    }

    [Fact]
    public void An_extension_needs_a_reason_and_keeps_the_deadline_until_approved()
    {
        LedgerRules.Decide(Situation(LedgerState.办理中, O, false), new LedgerCommand(LedgerAction.Extend, null, NewDeadline: Requested), Today).Field.ShouldBe("reason");
        var d = LedgerRules.Decide(Situation(LedgerState.办理中, O, false), new LedgerCommand(LedgerAction.Extend, "设备未到货", NewDeadline: Requested), Today);
        d.Deadline.ShouldBe(Deadline);
        d.RequestedDeadline.ShouldBe(Requested);
    }

    [Fact]
    public void Create_is_never_a_transition()
    {
        foreach (var p in Parties)
            LedgerRules.Decide(Situation(LedgerState.待办, p, false), Complete(LedgerAction.Create), Today).Ok.ShouldBeFalse();
    }

    [Fact]
    public void A_new_item_needs_the_four_clarities_and_a_verifier_other_than_the_owner()
    {
        var e = LedgerRules.ValidateNew("整改", Today.AddDays(-1), Today, 1, 5, 5, " ", null, LedgerSource.整改);
        e.Keys.ShouldBe(["deadline", "verifierId", "workStandard", "assessingDepartment"], ignoreOrder: true);
        LedgerRules.ValidateNew("整改", Today, Today, 1, 5, 6, "标准", "巡察办", LedgerSource.整改).ShouldBeEmpty();
    }

    [Fact]
    public void Action_names_round_trip()
    {
        foreach (var a in Enum.GetValues<LedgerAction>().Where(a => a != LedgerAction.Create))
            LedgerRules.ParseAction(LedgerRules.ApiName(a)).ShouldBe(a);
        LedgerRules.ParseAction("create").ShouldBeNull();
        LedgerRules.ParseAction("approveextension").ShouldBe(LedgerAction.ApproveExtension);
    }
}
