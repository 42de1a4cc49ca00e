using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>Figures that must not mislead: each has one definition, used by every page, API and export that shows it.</summary>
public sealed class FiguresTests(AppFactory app) : AppTest(app)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 14, 30, 0, China);
    private int _n;

    private Task<Meeting> AddMeetingAsync(Organization org, MeetingKinds kinds, DateTimeOffset heldAt, string topic = "测试会议") => App.WithDbAsync(async db =>
    {
        var m = new Meeting
        {
            OrgId = org.Id, Kinds = kinds, State = MeetingState.已召开, HeldAt = heldAt.AddSeconds(_n++).ToUniversalTime(), Topic = topic, Expected = 10, Present = 9,
            Absent = 1, QuorumMet = true, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(m);
        await db.SaveChangesAsync();
        return m;
    });

    private Task<long> AddMemberAsync(Organization org, string name, MemberCategory category = MemberCategory.正式党员, DateOnly? joined = null,
        PartyStatus status = PartyStatus.正常) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1985, 1, 1).AddDays(++_n * 37);
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110105", birth, 300 + 2 * _n), BirthDate = birth,
            Category = category, JoinedAt = joined ?? new DateOnly(2010, 7, 1), ConfirmedAt = category == MemberCategory.正式党员 ? (joined ?? new DateOnly(2010, 7, 1)).AddYears(1) : null,
            PartyStatus = status, PartyStatusDate = status == PartyStatus.正常 ? null : new DateOnly(2024, 3, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private async Task BackdateAsync(params Organization[] orgs)
    {
        foreach (var o in orgs) await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {o.Id}");
    }

    private static async Task<JsonElement> JsonAsync(HttpClient c, string url)
    {
        var res = await c.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_quarter_whose_own_items_are_all_held_reads_100_percent_while_its_yearly_items_are_open()
    {
        await BackdateAsync(World.A1, World.A1Group);
        // everything 2025Q4 asks of itself: 支委会 and 主题党日 monthly, the 党小组's monthly meeting, a 党员大会 and a 党课
        foreach (var month in new[] { 10, 11, 12 })
        {
            await AddMeetingAsync(World.A1, MeetingKinds.支部委员会 | MeetingKinds.主题党日, At(2025, month, 10));
            await AddMeetingAsync(World.A1Group, MeetingKinds.党小组会, At(2025, month, 12));
        }
        await AddMeetingAsync(World.A1, MeetingKinds.支部党员大会 | MeetingKinds.党课, At(2025, 11, 20));
        // … and none of the year's: no 组织生活会, 民主评议, 书记讲党课 or 谈心谈话 (A1 has a member to talk with)

        var c = await App.BearerAsync("orgadmin");
        var json = await JsonAsync(c, $"/api/v1/compliance?org={World.A.Id}&period=2025Q4");
        json.GetProperty("rateLabel").GetString().ShouldBe("季度项目达标率");
        json.GetProperty("branches").GetInt32().ShouldBe(1);
        json.GetProperty("compliant").GetInt32().ShouldBe(1);
        json.GetProperty("rate").GetDouble().ShouldBe(1);
        var longer = json.GetProperty("longer");
        longer.GetProperty("label").GetString().ShouldBe("年度项目进展");
        longer.GetProperty("itemsDone").GetInt32().ShouldBe(0);
        longer.GetProperty("items").GetInt32().ShouldBe(4);
        longer.GetProperty("branchesDone").GetInt32().ShouldBe(0);
        longer.GetProperty("branches").GetInt32().ShouldBe(1);
        // the yearly gaps are still listed, as what they are
        json.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("message").GetString()).ShouldContain("2025年未召开组织生活会");

        var web = await App.SignedInAsync("orgadmin");
        var html = await web.GetStringAsync($"/Compliance?org={World.A.Id}&period=2025Q4");
        html.ShouldContain("季度项目达标率");
        html.ShouldContain("100% <small class=\"text-muted fs-6\" id=\"rate-fraction\">(1/1)</small>");
        html.ShouldContain("年度项目进展：已完成 0/4 项，全部完成的支部 0/1");
        html.ShouldContain("截至 ");

        var cells = ComplianceTestsCells(await (await web.GetAsync($"/Compliance?org={World.A.Id}&period=2025Q4&handler=Export")).Content.ReadAsByteArrayAsync());
        cells[0][7].ShouldBe("季度项目达标率");
        cells.ShouldContain(r => r.Count > 8 && r[0] == World.A1.Name && r[7] == "100%" && r[8] == "0/4");
    }

    private static List<List<string>> ComplianceTestsCells(byte[] bytes)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        return sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
    }

    [Fact]
    public async Task The_quarter_page_of_a_branch_lists_only_the_quarters_meetings()
    {
        await BackdateAsync(World.A1, World.A1Group);
        var march = await AddMeetingAsync(World.A1, MeetingKinds.组织生活会 | MeetingKinds.民主评议党员, At(2025, 3, 10), "三月的组织生活会");
        var november = await AddMeetingAsync(World.A1, MeetingKinds.支部委员会, At(2025, 11, 5), "十一月支委会");
        var c = await App.SignedInAsync("branchsec");
        var html = await c.GetStringAsync($"/Compliance/Branch/{World.A1.Id}?period=2025Q4");
        html.ShouldContain($"/Meetings/Details/{november.Id}");
        html.ShouldNotContain($"/Meetings/Details/{march.Id}");
        // the yearly 组织生活会 still counts for the year, and the year's view lists its meeting
        html.ShouldContain("年度项目");
        var year = await c.GetStringAsync($"/Compliance/Branch/{World.A1.Id}?period=2025");
        year.ShouldContain($"/Meetings/Details/{march.Id}");
        year.ShouldContain($"/Meetings/Details/{november.Id}");
    }

    private static int Num(string html, string id)
    {
        var m = Regex.Match(html, $"id=\"{id}\">(\\d+)");
        m.Success.ShouldBeTrue($"#{id} not found");
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_branch_dashboard_shows_its_party_groups_with_their_members_and_no_committee_tile()
    {
        await AddMemberAsync(World.A1Group, "小组党员甲");
        await AddMemberAsync(World.A1Group, "小组党员乙", MemberCategory.预备党员);
        await AddMemberAsync(World.A1, "支部党员丙");
        var c = await App.SignedInAsync("branchsec");
        var listed = (await JsonAsync(await App.BearerAsync("branchsec"), $"/api/v1/members?org={World.A1.Id}")).GetProperty("total").GetInt32();

        var html = await c.GetStringAsync($"/?org={World.A1.Id}");
        html.ShouldNotContain("党委 / 党总支");
        html.ShouldNotContain("id=\"chart-types\"");
        Num(html, "stat-members").ShouldBe(listed);
        Num(html, "stat-groups").ShouldBe(1);
        Num(html, "stat-probationary").ShouldBe(1);
        Num(html, "stat-ungrouped").ShouldBe(listed - 2);
        html.ShouldContain(World.A1Group.Name);
        html.ShouldContain("<span class=\"group-count\">2 名党员</span>");

        // a 党委's dashboard keeps its committee tiles
        var top = await c.GetStringAsync($"/?org={World.A.Id}");
        top.ShouldContain("党委 / 党总支");
        top.ShouldNotContain("id=\"groups-card\"");
    }

    [Fact]
    public async Task The_talks_page_and_the_compliance_page_count_the_same_members_for_the_same_branch_and_day()
    {
        var today = TimeProvider.System.Today();
        await BackdateAsync(World.A1, World.A1Group);
        var secretary = World.MemberInOrg[World.A1.Id];
        await App.WithDbAsync(async db =>
        {
            var term = new OrgTerm { OrgId = World.A1.Id, Number = 1, StartDate = new DateOnly(2020, 1, 1), DueDate = new DateOnly(2030, 1, 1), CreatedAt = DateTimeOffset.UtcNow };
            db.Add(term);
            await db.SaveChangesAsync();
            db.Add(new OrgTermMember { TermId = term.Id, Post = CommitteePost.书记, Name = "书记", MemberId = secretary, AppointedAt = new DateOnly(2020, 1, 1) });
            await db.SaveChangesAsync();
            return 0;
        });
        var probationary = await AddMemberAsync(World.A1, "预备党员甲", MemberCategory.预备党员, new DateOnly(2020, 5, 1));
        await AddMemberAsync(World.A1Group, "小组党员乙");
        await AddMemberAsync(World.A1, "停止党籍丙", status: PartyStatus.停止党籍);
        // came in yesterday: owed nothing this year once half of it has gone (the rule of ComplianceRules.MemberNeedsTalk)
        var newcomer = await AddMemberAsync(World.A1, "新转入丁");
        await App.ExecAsync($"UPDATE member_memberships SET from_date = '{today.AddDays(-1):yyyy-MM-dd}' WHERE member_id = {newcomer}");
        // a talk held by another organization still counts
        await App.WithDbAsync(async db =>
        {
            db.Add(new Talk { OrgId = World.B1.Id, TalkerMemberId = World.MemberInOrg[World.B1.Id], MemberId = probationary, HeldOn = today, Topics = "思想情况", CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "test" });
            await db.SaveChangesAsync();
            return 0;
        });

        var outcome = await App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>()
            .EvaluateBranchAsync(World.A1.Id, Period.OfYear(today.Year));
        var rule = outcome!.Rules.Single(r => r.Kind == RuleKind.谈心谈话);

        var html = await (await App.SignedInAsync("branchsec")).GetStringAsync($"/Talks?org={World.A1.Id}&year={today.Year}");
        var m = Regex.Match(html, "id=\"coverage-fraction\">(\\d+)/(\\d+)<");
        m.Success.ShouldBeTrue(html);
        var (talked, owed) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        owed.ShouldBe(rule.Required);
        talked.ShouldBe(rule.Held);
        talked.ShouldBe(1);
        html.ShouldContain($"尚未谈话（{owed - talked} 人）");
        html.ShouldNotContain("停止党籍丙</span>");
        if (ComplianceRules.MemberNeedsTalk(today.AddDays(-1), null, today.Year)) owed.ShouldBe(4);
        else { owed.ShouldBe(3); html.ShouldContain("本年不要求：新转入丁"); }
    }

    [Fact]
    public async Task The_tree_counts_the_members_the_member_list_lists()
    {
        await AddMemberAsync(World.A1, "预备党员甲", MemberCategory.预备党员);
        await AddMemberAsync(World.A1, "停止党籍乙", status: PartyStatus.停止党籍);
        await AddMemberAsync(World.A1Group, "小组党员丙");
        var leaving = await AddMemberAsync(World.A1, "已转出丁");
        await App.WithDbAsync(async db =>
        {
            db.Add(new MemberTransfer
            {
                OrgId = World.A1.Id, MemberId = leaving, Kind = TransferKind.转出, State = TransferState.已转出, FromOrgId = World.A1.Id, FromOrgName = World.A1.Name,
                ToOrgName = "中共某区委组织部", Reason = "调离", CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "test", LetterNo = "测转2026-001",
                IssuingOrgId = World.A.Id, LetterDate = new DateOnly(2026, 1, 5), ValidDays = 30, DuesPaidTo = new DateOnly(2025, 12, 1),
            });
            await db.SaveChangesAsync();
            return 0;
        });

        var api = await App.BearerAsync("orgadmin");
        int Listed(JsonElement j) => j.GetProperty("total").GetInt32();
        var a1Listed = Listed(await JsonAsync(api, $"/api/v1/members?org={World.A1.Id}"));
        var aListed = Listed(await JsonAsync(api, $"/api/v1/members?org={World.A.Id}"));
        var groupListed = Listed(await JsonAsync(api, $"/api/v1/members?org={World.A1Group.Id}"));
        groupListed.ShouldBe(1);

        // the tree API, loaded whole and level by level
        static JsonElement Find(JsonElement n, long id) => n.GetProperty("id").GetInt64() == id ? n
            : n.GetProperty("children").EnumerateArray().Select(c => Find(c, id)).FirstOrDefault(x => x.ValueKind != JsonValueKind.Undefined);
        var whole = await JsonAsync(api, $"/api/v1/orgs/{World.A.Id}/tree");
        whole.GetProperty("memberCount").GetInt32().ShouldBe(aListed);
        Find(whole, World.A1.Id).GetProperty("memberCount").GetInt32().ShouldBe(a1Listed);
        Find(whole, World.A1Group.Id).GetProperty("memberCount").GetInt32().ShouldBe(groupListed);
        var level = await JsonAsync(api, $"/api/v1/orgs/{World.A.Id}/tree?depth=1");
        level.GetProperty("memberCount").GetInt32().ShouldBe(aListed);
        Find(level, World.A1.Id).GetProperty("memberCount").GetInt32().ShouldBe(a1Listed);

        // the organization page's tree, the list API of the tree and the dashboard
        var web = await App.SignedInAsync("orgadmin");
        var nodes = await JsonAsync(api, $"/api/v1/organizations?org={World.A.Id}");
        nodes.EnumerateArray().Single(n => n.GetProperty("id").GetInt64() == World.A1.Id).GetProperty("subtreeMembers").GetInt32().ShouldBe(a1Listed);
        Num(await web.GetStringAsync($"/?org={World.A1.Id}"), "stat-members").ShouldBe(a1Listed);
        Num(await web.GetStringAsync($"/?org={World.A.Id}"), "stat-members").ShouldBe(aListed);
    }
}
