using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Features.Transfers;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// A member who leaves a branch (transfer accepted elsewhere, outward 介绍信, 出党) leaves its committee on that day:
/// the appointment gets an end date (kept), the 支委会 roster after that day no longer counts them, and the term
/// page shows the vacancy.
/// </summary>
public sealed class TermPostsOnLeavingTests(AppFactory app) : AppTest(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private DateOnly Today => App.Clock.Today();
    private static readonly DateOnly Appointed = new(2024, 1, 1);

    private Task<long> AddMemberAsync(Organization org, string name, int seq) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1985, 5, 5);
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("370102", birth, seq), BirthDate = birth,
            Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2010, 7, 1), ConfirmedAt = new DateOnly(2011, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    /// <summary>A current term of the organization (since 2024-01-01) with the given committee members.</summary>
    private Task AddTermAsync(Organization org, params (CommitteePost Post, string Name, long MemberId)[] committee) => App.WithDbAsync(async db =>
    {
        var t = new OrgTerm { OrgId = org.Id, Number = 1, StartDate = Appointed, DueDate = TermRules.DueDate(Appointed, org.Type)!.Value, CreatedAt = DateTimeOffset.UtcNow };
        db.Add(t);
        await db.SaveChangesAsync();
        foreach (var (post, name, id) in committee)
            db.Add(new OrgTermMember { TermId = t.Id, Post = post, Name = name, MemberId = id, AppointedAt = Appointed });
        await db.SaveChangesAsync();
        return 0;
    });

    private Task<Organization> AddBranchAsync(string name, Organization parent) => App.WithDbAsync(async db =>
    {
        var id = await db.NextOrganizationIdAsync();
        var o = new Organization { Id = id, Name = name, Type = OrgType.党支部, ParentId = parent.Id, Path = OrgRules.ChildPath(parent.Path, id), SortOrder = 99, CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(o);
        await db.SaveChangesAsync();
        return o;
    });

    private async Task<(HashSet<long> Committee, IReadOnlyList<RosterEntry> Roster)> RosterAsync(Organization org, DateOnly day)
    {
        using var scope = App.Services.CreateScope();
        var roster = scope.ServiceProvider.GetRequiredService<BranchRoster>();
        return (await roster.CommitteeOnAsync(org.Id, day), await roster.OnAsync(org, day));
    }

    private Task<long> LeftAtCountAsync(long memberId, DateOnly? leftAt) => App.ScalarAsync(leftAt is { } d
        ? $"SELECT count(*) FROM org_term_members WHERE member_id = {memberId} AND left_at = '{Iso(d)}'"
        : $"SELECT count(*) FROM org_term_members WHERE member_id = {memberId} AND left_at IS NULL");

    [Fact]
    public async Task A_member_accepted_by_another_branch_leaves_the_old_committee_that_day_and_keeps_the_post_of_the_committee_above_both()
    {
        var a2 = await AddBranchAsync("甲二党支部", World.A);
        var secretary = await AddMemberAsync(World.A1, "书记甲", 601);
        var mover = await AddMemberAsync(World.A1, "组织委员乙", 603);
        var third = await AddMemberAsync(World.A1, "宣传委员丙", 605);
        await AddTermAsync(World.A1, (CommitteePost.书记, "书记甲", secretary), (CommitteePost.组织委员, "组织委员乙", mover), (CommitteePost.宣传委员, "宣传委员丙", third));
        await AddTermAsync(World.A, (CommitteePost.组织委员, "组织委员乙", mover));
        var yesterday = Today.AddDays(-1);
        var tomorrow = Today.AddDays(1);
        var (before, _) = await RosterAsync(World.A1, yesterday);
        before.ShouldBe([secretary, mover, third], ignoreOrder: true);

        var api = await App.BearerAsync("orgadmin");
        var started = await api.PostAsJsonAsync("/api/v1/transfers", new { memberId = mover, toOrgId = a2.Id, reason = "调往甲二" });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        // nothing ends while the transfer waits
        (await LeftAtCountAsync(mover, null)).ShouldBe(2);
        (await api.PostAsync($"/api/v1/transfers/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // the A1 post ends today and is kept; A's (the 党委 above both branches) stays
        (await App.ScalarAsync($"SELECT count(*) FROM org_term_members tm JOIN org_terms t ON t.id = tm.term_id WHERE tm.member_id = {mover} AND t.org_id = {World.A1.Id} AND tm.left_at = '{Iso(Today)}'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM org_term_members tm JOIN org_terms t ON t.id = tm.term_id WHERE tm.member_id = {mover} AND t.org_id = {World.A.Id} AND tm.left_at IS NULL")).ShouldBe(1);
        (await LeftAtCountAsync(secretary, null)).ShouldBe(1);

        // the 支委会 before the move had three members; after it, two (the quorum counts from two)
        var (committeeBefore, rosterBefore) = await RosterAsync(World.A1, yesterday);
        committeeBefore.ShouldContain(mover);
        rosterBefore.Count(r => r.Committee).ShouldBe(3);
        var (committeeAfter, rosterAfter) = await RosterAsync(World.A1, tomorrow);
        committeeAfter.ShouldBe([secretary, third], ignoreOrder: true);
        rosterAfter.Count(r => r.Committee).ShouldBe(2);
        rosterAfter.ShouldNotContain(r => r.MemberId == mover);
        MeetingRules.Quorum(MeetingKinds.支部委员会, 0, 0, rosterAfter.Count(r => r.Committee), 2).Met.ShouldBeTrue();

        // the term page shows the vacancy, with the end date in the committee table
        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Terms/Org/{World.A1.Id}");
        page.ShouldContain($"职务空缺：组织委员（组织委员乙于{ChineseDates.Date(Today)}离任）");
        page.ShouldContain("宣传委员丙");
    }

    [Fact]
    public async Task An_outward_letter_ends_the_members_posts_and_membership_on_the_letters_day()
    {
        var secretary = await AddMemberAsync(World.A1, "外调书记", 611);
        var deputy = await AddMemberAsync(World.A1, "副书记留任", 613);
        await AddTermAsync(World.A1, (CommitteePost.书记, "外调书记", secretary), (CommitteePost.副书记, "副书记留任", deputy));
        await AddTermAsync(World.A, (CommitteePost.纪检委员, "外调书记", secretary));
        var c = await App.SignedInAsync("orgadmin");
        (await AppFactory.PostFormAsync(c, $"/Transfers/Letters?handler=Range&org={World.A.Id}",
            new() { ["range.Prefix"] = "2026-", ["range.StartNumber"] = "1", ["range.EndNumber"] = "50" }, $"/Transfers/Letters?tab=ranges&org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var issued = await (await App.BearerAsync("orgadmin")).PostAsJsonAsync("/api/v1/transfers", new
        {
            memberId = secretary, kind = "转出", toOrgName = "中共某县委组织部", duesPaidTo = Today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture), reason = "调出",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());

        // every post ends today (the branch's and the 党委's): the member left the platform
        (await LeftAtCountAsync(secretary, Today)).ShouldBe(2);
        (await LeftAtCountAsync(deputy, null)).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_memberships WHERE member_id = {secretary} AND to_date IS NULL")).ShouldBe(0);
        var (_, before) = await RosterAsync(World.A1, Today.AddDays(-1));
        before.Where(r => r.Committee).Select(r => r.MemberId).ShouldBe([secretary, deputy], ignoreOrder: true);
        var (committee, after) = await RosterAsync(World.A1, Today.AddDays(1));
        committee.ShouldBe([deputy]);
        after.ShouldNotContain(r => r.MemberId == secretary);
        (await c.GetStringAsync($"/Terms/Org/{World.A1.Id}")).ShouldContain($"职务空缺：书记（外调书记于{ChineseDates.Date(Today)}离任）");
    }

    [Fact]
    public async Task Chu_dang_ends_the_posts_on_the_day_of_the_chu_dang()
    {
        var member = await AddMemberAsync(World.A1, "出党委员", 621);
        await AddTermAsync(World.A1, (CommitteePost.纪检委员, "出党委员", member));
        var day = Today.AddDays(-10);
        var api = await App.BearerAsync("orgadmin");
        var record = await api.GetFromJsonAsync<JsonElement>($"/api/v1/members/{member}");
        var put = await api.PutAsJsonAsync($"/api/v1/members/{member}", new
        {
            name = "出党委员", idNumber = record.GetProperty("idNumber").GetString(), category = "正式党员", joinedAt = "2010-07-01", confirmedAt = "2011-07-01",
            partyStatus = "出党", partyStatusDate = Iso(day), partyStatusReason = "开除党籍", changeReason = "党委决定开除党籍",
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        (await LeftAtCountAsync(member, day)).ShouldBe(1);
        (await RosterAsync(World.A1, day.AddDays(-1))).Committee.ShouldContain(member);
        (await RosterAsync(World.A1, day.AddDays(1))).Committee.ShouldNotContain(member);
        // editing the record again does not move the end date
        await App.ExecAsync($"UPDATE org_term_members SET left_at = '{Iso(day.AddDays(1))}' WHERE member_id = {member}");
        var again = await api.PutAsJsonAsync($"/api/v1/members/{member}", new
        {
            name = "出党委员", idNumber = record.GetProperty("idNumber").GetString(), category = "正式党员", joinedAt = "2010-07-01", confirmedAt = "2011-07-01",
            partyStatus = "出党", partyStatusDate = Iso(day), partyStatusReason = "开除党籍", phone = "13700001234",
        });
        again.StatusCode.ShouldBe(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        (await LeftAtCountAsync(member, day.AddDays(1))).ShouldBe(1);
    }
}
