using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Terms;
using Bastion.IntegrationTests.Data;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

public sealed class TermsTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<OrgTerm> AddTermAsync(Organization org, int number, DateOnly start, DateOnly? end = null) => App.WithDbAsync(async db =>
    {
        var t = new OrgTerm { OrgId = org.Id, Number = number, StartDate = start, DueDate = TermRules.DueDate(start, org.Type)!.Value, EndDate = end, CreatedAt = DateTimeOffset.UtcNow };
        db.Add(t);
        await db.SaveChangesAsync();
        return t;
    });

    private Task<Organization> AddOrgAsync(string name, OrgType type, Organization parent) => App.WithDbAsync(async db =>
    {
        var id = await db.NextOrganizationIdAsync();
        var o = new Organization { Id = id, Name = name, Type = type, ParentId = parent.Id, Path = OrgRules.ChildPath(parent.Path, id), SortOrder = 99, CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(o);
        await db.SaveChangesAsync();
        return o;
    });

    private Task<long> AddMemberAsync(Organization org, string name, int seq) => App.WithDbAsync(async db =>
    {
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110105", new DateOnly(1985, 5, 6), seq),
            BirthDate = new DateOnly(1985, 5, 6), Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2010, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private async Task<long> AddUserAsync(string userName, Role role, Organization org, bool disabled = false)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var u = new AppUser { UserName = userName, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow, LockoutEnabled = true, IsDisabled = disabled };
        (await users.CreateAsync(u, AppFactory.Password)).Succeeded.ShouldBeTrue();
        db.RoleGrants.Add(new RoleGrant { UserId = u.Id, Role = role, OrgId = org.Id, GrantedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return u.Id;
    }

    private static Dictionary<string, string> StartForm(int number, DateOnly start, params (CommitteePost Post, string Name)[] committee)
    {
        var f = new Dictionary<string, string> { ["Start.Number"] = number.ToString(CultureInfo.InvariantCulture), ["Start.StartDate"] = Iso(start) };
        var posts = Enum.GetValues<CommitteePost>();
        for (var i = 0; i < posts.Length; i++)
        {
            f[$"Start.Committee[{i}].Post"] = posts[i].ToString();
            f[$"Start.Committee[{i}].Name"] = committee.FirstOrDefault(c => c.Post == posts[i]).Name ?? "";
            f[$"Start.Committee[{i}].AppointedAt"] = "";
        }
        return f;
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient c, Organization org, string handler, Dictionary<string, string> fields) =>
        AppFactory.PostFormAsync(c, $"/Terms/Org/{org.Id}?handler={handler}", fields, $"/Terms/Org/{org.Id}");

    private Task<List<OrgTerm>> TermsOfAsync(Organization org) =>
        App.WithDbAsync(db => db.OrgTerms.AsNoTracking().Where(t => t.OrgId == org.Id).OrderBy(t => t.Number).ToListAsync());

    private Task<List<OrgTermMember>> CommitteeOfAsync(long termId) =>
        App.WithDbAsync(async db => (await db.OrgTermMembers.AsNoTracking().Where(m => m.TermId == termId).ToListAsync()).OrderBy(m => m.Post).ThenBy(m => m.Id).ToList());

    // ---- terms and committees ----

    [Fact]
    public async Task Starting_a_term_computes_the_due_date_from_the_organization_type()
    {
        var c = await App.SignedInAsync("orgadmin");
        var branch = await PostAsync(c, World.A1, "Start", StartForm(3, D(2024, 2, 29), (CommitteePost.书记, "王建国")));
        branch.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await branch.Content.ReadAsStringAsync()).ShouldContain("已录入第3届，应于2027年2月28日换届。");
        var committee = await PostAsync(c, World.A, "Start", StartForm(7, D(2023, 6, 15), (CommitteePost.书记, "李红")));
        (await committee.Content.ReadAsStringAsync()).ShouldContain("已录入第7届，应于2028年6月15日换届。");

        var a1 = (await TermsOfAsync(World.A1)).ShouldHaveSingleItem();
        (a1.Number, a1.StartDate, a1.DueDate, a1.EndDate).ShouldBe((3, D(2024, 2, 29), D(2027, 2, 28), (DateOnly?)null));
        (await TermsOfAsync(World.A)).ShouldHaveSingleItem().DueDate.ShouldBe(D(2028, 6, 15));
        // audited in the same transaction
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'org_terms' AND org_id = {World.A1.Id} AND action = 'create'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_term_records_its_committee_linking_members_of_the_organization_by_name()
    {
        var memberId = await AddMemberAsync(World.A1, "赵志刚", 11);
        var c = await App.SignedInAsync("orgadmin");
        var r = await PostAsync(c, World.A1, "Start", StartForm(1, D(2025, 3, 1),
            (CommitteePost.书记, "赵志刚"), (CommitteePost.组织委员, "钱敏"), (CommitteePost.纪检委员, "孙丽")));
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("已录入第1届");
        var term = (await TermsOfAsync(World.A1)).Single();
        var committee = await CommitteeOfAsync(term.Id);
        committee.Select(m => (m.Post, m.Name, m.AppointedAt)).ShouldBe([
            (CommitteePost.书记, "赵志刚", D(2025, 3, 1)), (CommitteePost.组织委员, "钱敏", D(2025, 3, 1)), (CommitteePost.纪检委员, "孙丽", D(2025, 3, 1))]);
        committee.Single(m => m.Post == CommitteePost.书记).MemberId.ShouldBe(memberId);
        committee.Single(m => m.Post == CommitteePost.组织委员).MemberId.ShouldBeNull();

        // 增补 and 离任 on the current term
        var added = await PostAsync(c, World.A1, "Appoint", new() { ["Appoint.Post"] = "宣传委员", ["Appoint.Name"] = "周杰", ["Appoint.AppointedAt"] = Iso(D(2025, 9, 1)) });
        (await added.Content.ReadAsStringAsync()).ShouldContain("已增补宣传委员：周杰。");
        var second = await PostAsync(c, World.A1, "Appoint", new() { ["Appoint.Post"] = "书记", ["Appoint.Name"] = "吴凡", ["Appoint.AppointedAt"] = Iso(D(2025, 9, 1)) });
        (await second.Content.ReadAsStringAsync()).ShouldContain("本届已有在任书记，请先办理原书记离任");
        var early = await PostAsync(c, World.A1, "Appoint", new() { ["Appoint.Post"] = "副书记", ["Appoint.Name"] = "郑和", ["Appoint.AppointedAt"] = Iso(D(2025, 2, 1)) });
        (await early.Content.ReadAsStringAsync()).ShouldContain("任职日期不能早于本届开始日期");
        var secretary = (await CommitteeOfAsync(term.Id)).Single(m => m.Post == CommitteePost.书记);
        var left = await PostAsync(c, World.A1, "Leave", new() { ["appointmentId"] = secretary.Id.ToString(CultureInfo.InvariantCulture) });
        (await left.Content.ReadAsStringAsync()).ShouldContain("已记录离任。");
        (await CommitteeOfAsync(term.Id)).Single(m => m.Id == secretary.Id).LeftAt.ShouldBe(App.Clock.Today());
        (await CommitteeOfAsync(term.Id)).Count.ShouldBe(4);

        var page = await c.GetStringAsync($"/Terms/Org/{World.A1.Id}");
        page.ShouldContain("周杰");
        page.ShouldContain("第1届");
    }

    [Fact]
    public async Task A_new_term_ends_the_current_one_and_its_committee_on_its_start_date()
    {
        var first = await AddTermAsync(World.A1, 4, D(2022, 5, 10));
        await App.WithDbAsync(async db =>
        {
            db.Add(new OrgTermMember { TermId = first.Id, Post = CommitteePost.书记, Name = "老书记", AppointedAt = D(2022, 5, 10) });
            return await db.SaveChangesAsync();
        });
        var c = await App.SignedInAsync("orgadmin");
        var missing = await PostAsync(c, World.A1, "Start", StartForm(5, D(2025, 5, 8)));
        (await missing.Content.ReadAsStringAsync()).ShouldContain("请填写书记姓名");
        var sameNumber = await PostAsync(c, World.A1, "Start", StartForm(4, D(2025, 5, 8), (CommitteePost.书记, "新书记")));
        (await sameNumber.Content.ReadAsStringAsync()).ShouldContain("届次应大于上一届（第4届）");
        (await TermsOfAsync(World.A1)).Count.ShouldBe(1);

        var ok = await PostAsync(c, World.A1, "Start", StartForm(5, D(2025, 5, 8), (CommitteePost.书记, "新书记")));
        (await ok.Content.ReadAsStringAsync()).ShouldContain("已录入第5届");
        var terms = await TermsOfAsync(World.A1);
        terms.Select(t => (t.Number, t.EndDate)).ShouldBe([(4, (DateOnly?)D(2025, 5, 8)), (5, (DateOnly?)null)]);
        (await CommitteeOfAsync(first.Id)).Single().LeftAt.ShouldBe(D(2025, 5, 8));
    }

    [Fact]
    public async Task Ending_the_current_term_asks_for_confirmation_and_records_the_end()
    {
        await AddTermAsync(World.A1, 2, D(2023, 1, 5));
        var c = await App.SignedInAsync("orgadmin");
        var page = await c.GetStringAsync($"/Terms/Org/{World.A1.Id}");
        page.ShouldContain("return confirm(");
        page.ShouldContain("确定结束第2届吗");
        page.ShouldContain($"action=\"/Terms/Org/{World.A1.Id}?handler=End\"");
        page.ShouldContain($"action=\"/Terms/Org/{World.A1.Id}?handler=Start\"");
        var tooEarly = await PostAsync(c, World.A1, "End", new() { ["EndDate"] = Iso(D(2023, 1, 4)) });
        (await tooEarly.Content.ReadAsStringAsync()).ShouldContain("结束日期不能早于本届开始日期");
        var ended = await PostAsync(c, World.A1, "End", new() { ["EndDate"] = Iso(D(2026, 1, 5)) });
        (await ended.Content.ReadAsStringAsync()).ShouldContain("本届已结束");
        (await TermsOfAsync(World.A1)).Single().EndDate.ShouldBe(D(2026, 1, 5));
    }

    [Fact]
    public async Task An_adjustment_beyond_one_year_is_refused_with_a_message_and_nothing_is_written()
    {
        var term = await AddTermAsync(World.A1, 3, D(2024, 2, 29)); // due 2027-02-28
        var c = await App.SignedInAsync("orgadmin");
        var auditBefore = await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'org_terms'");
        var r = await PostAsync(c, World.A1, "Adjust", new()
        {
            ["Adjust.AdjustedDueDate"] = Iso(D(2028, 2, 29)), ["Adjust.ApprovalDocNo"] = "甲委〔2026〕3号",
            ["Adjust.ApprovalDate"] = Iso(D(2026, 10, 1)), ["Adjust.AdjustmentReason"] = "重大项目建设期间",
        });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("延期换届不能超过1年（最晚2028年2月28日）");
        html.ShouldContain("甲委〔2026〕3号"); // the entered values stay in the form
        var unchanged = (await TermsOfAsync(World.A1)).Single();
        (unchanged.AdjustedDueDate, unchanged.ApprovalDocNo, unchanged.ApprovalDate, unchanged.AdjustmentReason).ShouldBe(((DateOnly?)null, (string?)null, (DateOnly?)null, (string?)null));
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'org_terms'")).ShouldBe(auditBefore);

        var noApproval = await PostAsync(c, World.A1, "Adjust", new() { ["Adjust.AdjustedDueDate"] = Iso(D(2027, 8, 28)), ["Adjust.AdjustmentReason"] = "原因" });
        var noApprovalHtml = await noApproval.Content.ReadAsStringAsync();
        noApprovalHtml.ShouldContain("请填写上级党组织批复文号");
        noApprovalHtml.ShouldContain("请填写批复日期");
        (await TermsOfAsync(World.A1)).Single().AdjustedDueDate.ShouldBeNull();

        var ok = await PostAsync(c, World.A1, "Adjust", new()
        {
            ["Adjust.AdjustedDueDate"] = Iso(D(2028, 2, 28)), ["Adjust.ApprovalDocNo"] = "甲委〔2026〕3号",
            ["Adjust.ApprovalDate"] = Iso(D(2026, 10, 1)), ["Adjust.AdjustmentReason"] = "重大项目建设期间",
        });
        (await ok.Content.ReadAsStringAsync()).ShouldContain("已记录调整：换届日期调整为2028年2月28日。");
        var adjusted = (await TermsOfAsync(World.A1)).Single();
        (adjusted.Id, adjusted.DueDate, adjusted.AdjustedDueDate, adjusted.ApprovalDocNo).ShouldBe((term.Id, D(2027, 2, 28), (DateOnly?)D(2028, 2, 28), "甲委〔2026〕3号"));
        // the reminder stage follows the adjusted date
        TermRules.StageOn(OrgType.党支部, adjusted.EffectiveDueDate, D(2027, 3, 1)).ShouldBe(ReminderStage.无);
    }

    [Fact]
    public async Task A_temporary_branch_holds_no_terms_and_starting_one_is_refused()
    {
        var temp = await AddOrgAsync("甲项目临时党支部", OrgType.临时党支部, World.A);
        var c = await App.SignedInAsync("orgadmin");
        var page = await c.GetStringAsync($"/Terms/Org/{temp.Id}");
        page.ShouldContain("临时党支部不进行换届");
        page.ShouldNotContain("录入新一届");
        var r = await PostAsync(c, temp, "Start", StartForm(1, D(2025, 1, 1), (CommitteePost.书记, "钱进")));
        (await r.Content.ReadAsStringAsync()).ShouldContain("临时党支部不进行换届，不能录入届次");
        (await TermsOfAsync(temp)).ShouldBeEmpty();
        (await TermsOfAsync(World.A1Group)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Readers_see_the_terms_but_cannot_change_them()
    {
        await AddTermAsync(World.A1, 2, D(2024, 6, 1));
        var mem = await App.SignedInAsync("mem");
        var page = await mem.GetStringAsync($"/Terms/Org/{World.A1.Id}");
        page.ShouldContain("第2届");
        page.ShouldNotContain("录入新一届");
        page.ShouldNotContain("结束本届");
        (await PostAsync(mem, World.A1, "End", new() { ["EndDate"] = Iso(D(2025, 1, 1)) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(mem, World.A1, "Start", StartForm(3, D(2025, 6, 1), (CommitteePost.书记, "越权")))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await TermsOfAsync(World.A1)).Single().EndDate.ShouldBeNull();
        var secretary = await App.SignedInAsync("branchsec"); // OrgRead, no OrgManage
        (await PostAsync(secretary, World.A1, "End", new() { ["EndDate"] = Iso(D(2025, 1, 1)) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var outsider = await App.SignedInAsync("orgadmin");
        (await outsider.GetAsync($"/Terms/Org/{World.B1.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    // ---- reminders ----

    private Task<TermReminders.Result> RunAsync(DateOnly day) => App.WithDbAsync(db => TermReminders.RunAsync(db, day, App.Clock.GetUtcNow()));

    private Task<List<Notification>> NotificationsAsync() =>
        App.WithDbAsync(db => db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync());

    /// <summary>Terms for every organization that keep quiet on the dates the reminder tests use.</summary>
    private async Task QuietTermsAsync(params Organization[] except)
    {
        foreach (var o in new[] { World.R, World.A, World.A1, World.B, World.B1, World.U }.Where(o => !except.Contains(o)))
            await AddTermAsync(o, 1, D(2021, 1, 1)); // 党委 due 2026, 党支部 due 2024-01-01
    }

    [Fact]
    public async Task The_reminder_run_notifies_the_organization_and_its_superior_once_per_stage()
    {
        await QuietTermsAsync(except: World.A1);
        var term = await AddTermAsync(World.A1, 3, D(2020, 3, 10)); // 党支部: due 2023-03-10
        var a1Secretary = await AddUserAsync("a1sec", Role.BranchSecretary, World.A1);
        var a1Member = await AddUserAsync("a1mem", Role.Member, World.A1);
        var disabled = await AddUserAsync("a1gone", Role.OrgAdmin, World.A1, disabled: true);
        var groupAdmin = await AddUserAsync("radmin", Role.OrgAdmin, World.R);
        var expected = new[] { a1Secretary, World.UserIds["orgadmin"], World.UserIds["branchsec"] }.Order().ToList();

        (await RunAsync(D(2022, 9, 9))).ShouldBe(new TermReminders.Result(0, 0));
        (await RunAsync(D(2022, 9, 10))).ShouldBe(new TermReminders.Result(1, 3));
        (await RunAsync(D(2022, 9, 10))).ShouldBe(new TermReminders.Result(0, 0)); // run twice the same day
        (await RunAsync(D(2022, 10, 1))).ShouldBe(new TermReminders.Result(0, 0));
        var six = await NotificationsAsync();
        six.Select(n => n.UserId).Order().ShouldBe(expected);
        six.ShouldAllBe(n => n.OrgId == World.A1.Id && n.Url == $"/Terms/Org/{World.A1.Id}" && n.ReadAt == null);
        six[0].Title.ShouldBe("换届提醒：甲一党支部第3届任期将于2023年3月10日届满（还有181天）");
        six.ShouldNotContain(n => n.UserId == a1Member || n.UserId == disabled || n.UserId == groupAdmin || n.UserId == World.UserIds["mem"]);

        (await RunAsync(D(2022, 12, 10))).ShouldBe(new TermReminders.Result(1, 3));
        (await RunAsync(D(2023, 3, 10))).ShouldBe(new TermReminders.Result(1, 3));
        (await RunAsync(D(2023, 3, 10))).ShouldBe(new TermReminders.Result(0, 0));
        (await RunAsync(D(2023, 3, 11))).ShouldBe(new TermReminders.Result(1, 3));
        (await RunAsync(D(2023, 3, 31))).ShouldBe(new TermReminders.Result(0, 0));
        (await RunAsync(D(2023, 4, 1))).ShouldBe(new TermReminders.Result(1, 3));
        (await RunAsync(D(2023, 4, 1))).ShouldBe(new TermReminders.Result(0, 0));

        var all = await NotificationsAsync();
        all.Count.ShouldBe(15);
        all.GroupBy(n => n.Title).Select(g => g.Count()).ShouldAllBe(n => n == 3);
        all.Select(n => n.Title).Distinct().ShouldBe([
            "换届提醒：甲一党支部第3届任期将于2023年3月10日届满（还有181天）",
            "换届提醒：甲一党支部第3届任期将于2023年3月10日届满（还有90天）",
            "换届提醒：甲一党支部第3届任期今日（2023年3月10日）届满",
            "换届提醒：甲一党支部第3届任期已于2023年3月10日届满，已逾期1天",
            "换届提醒：甲一党支部第3届任期已于2023年3月10日届满，已逾期22天",
        ]);
        (await App.WithDbAsync(db => db.TermRemindersSent.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Key).ToListAsync()))
            .ShouldBe([$"term:{term.Id}:六个月", $"term:{term.Id}:三个月", $"term:{term.Id}:到期", $"term:{term.Id}:逾期:2023-03", $"term:{term.Id}:逾期:2023-04"]);

        // the recipient reads it in the notification list
        var page = await (await App.SignedInAsync("a1sec")).GetStringAsync("/Notifications");
        page.ShouldContain("甲一党支部第3届任期");
    }

    [Fact]
    public async Task An_organization_without_a_term_is_reminded_monthly_together_with_its_superior()
    {
        await QuietTermsAsync(except: World.A);
        var groupAdmin = await AddUserAsync("radmin", Role.OrgAdmin, World.R);
        (await RunAsync(D(2023, 5, 20))).ShouldBe(new TermReminders.Result(1, 3));
        (await RunAsync(D(2023, 5, 20))).ShouldBe(new TermReminders.Result(0, 0));
        (await RunAsync(D(2023, 5, 31))).ShouldBe(new TermReminders.Result(0, 0));
        (await RunAsync(D(2023, 6, 1))).ShouldBe(new TermReminders.Result(1, 3));
        var all = await NotificationsAsync();
        all.Select(n => n.UserId).Distinct().Order().ShouldBe(new[] { World.UserIds["orgadmin"], World.UserIds["branchsec"], groupAdmin }.Order());
        all.ShouldAllBe(n => n.Title == "换届提醒：甲公司党委尚未录入当前届次" && n.OrgId == World.A.Id);
        (await App.WithDbAsync(db => db.TermRemindersSent.AsNoTracking().Where(s => s.OrgId == World.A.Id).Select(s => s.TermId).ToListAsync())).ShouldAllBe(t => t == null);
    }

    [Fact]
    public async Task Two_instances_running_the_same_day_post_each_reminder_once()
    {
        await QuietTermsAsync(except: World.A1);
        await AddTermAsync(World.A1, 3, D(2020, 3, 10));
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(D(2023, 3, 10)))));
        runs.Sum(r => r.Reminders).ShouldBe(1);
        (await NotificationsAsync()).Count.ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM term_reminders_sent")).ShouldBe(1);
    }

    [Fact]
    public void The_reminder_job_is_registered_but_switched_off_in_tests()
    {
        App.Services.GetServices<IHostedService>().OfType<TermReminderJob>().ShouldHaveSingleItem();
        TermReminderJob.IsEnabled(App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Bastion.Web.JobSettings>>().Value).ShouldBeFalse();
    }

    // ---- 换届提醒 list ----

    /// <summary>Relative to today: A overdue, A1 due in 2 months, B without a term, B1 overdue, R and U quiet.</summary>
    private async Task<DateOnly> ListWorldAsync()
    {
        var today = App.Clock.Today();
        await AddTermAsync(World.A, 6, today.AddYears(-5).AddDays(-10));
        await AddTermAsync(World.A1, 2, today.AddMonths(2).AddYears(-3));
        await AddTermAsync(World.B1, 4, today.AddYears(-3).AddDays(-1));
        await AddTermAsync(World.R, 9, today.AddYears(-1));
        await AddTermAsync(World.U, 1, today.AddYears(-1));
        return today;
    }

    [Fact]
    public async Task The_reminder_list_shows_what_is_due_in_my_subtree_only()
    {
        var today = await ListWorldAsync();
        var c = await App.BearerAsync("orgadmin");
        var items = (await c.GetFromJsonAsync<List<JsonElement>>("/api/v1/terms/reminders"))!;
        items.Select(i => (i.GetProperty("orgName").GetString(), i.GetProperty("stage").GetString(), i.GetProperty("type").GetString())).ShouldBe([
            ("甲公司党委", "逾期", "党委"), ("甲一党支部", "三个月", "党支部")]);
        items[0].GetProperty("days").GetInt32().ShouldBe(-10);
        items[0].GetProperty("orgId").GetInt64().ShouldBe(World.A.Id);
        items[1].GetProperty("dueDate").GetString().ShouldBe(Iso(today.AddMonths(2).AddYears(-3).AddYears(3)));
        (await c.GetAsync($"/api/v1/terms/reminders?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = await App.BearerAsync("sys");
        var group = (await admin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/terms/reminders?org={World.R.Id}"))!;
        group.Select(i => i.GetProperty("orgName").GetString()).ShouldBe(["甲公司党委", "乙一党支部", "乙公司党委", "甲一党支部"]);
        group.Select(i => i.GetProperty("stage").GetString()).ShouldBe(["逾期", "逾期", "未录入届次", "三个月"]);
        group[2].GetProperty("days").ValueKind.ShouldBe(JsonValueKind.Null);
        var overdue = await admin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/terms/reminders?org={World.R.Id}&stage=逾期");
        overdue!.Count.ShouldBe(2);

        var pages = await App.SignedInAsync("orgadmin");
        var html = await pages.GetStringAsync("/Terms");
        var table = html[html.IndexOf("id=\"term-reminders\"", StringComparison.Ordinal)..];
        table.ShouldContain("甲公司党委");
        table.ShouldContain("已逾期");
        table.ShouldContain("逾期10天");
        table.ShouldContain("3个月内到期");
        table.ShouldContain($"/Terms/Org/{World.A1.Id}");
        table.ShouldNotContain("乙");
        var filtered = await pages.GetStringAsync("/Terms?stage=三个月");
        var filteredTable = filtered[filtered.IndexOf("id=\"term-reminders\"", StringComparison.Ordinal)..];
        filteredTable.ShouldContain("甲一党支部");
        filteredTable.ShouldNotContain($"/Terms/Org/{World.A.Id}\"");
        (await pages.GetAsync($"/Terms?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var everything = await pages.GetStringAsync("/Terms?stage=全部");
        everything.ShouldContain("甲一党支部");
        everything.ShouldNotContain("甲一第一党小组"); // 党小组 holds no 换届
    }

    [Fact]
    public async Task The_reminder_list_pages_through_many_organizations()
    {
        for (var i = 1; i <= 23; i++) await AddOrgAsync($"甲{i:00}党支部", OrgType.党支部, World.A);
        var c = await App.SignedInAsync("orgadmin");
        var first = await c.GetStringAsync("/Terms?stage=未录入届次");
        first.ShouldContain("共 25 条，第 1 / 2 页"); // 23 new branches, 甲公司党委 and 甲一党支部
        first.Split("/Terms/Org/").Length.ShouldBe(21);
        var second = await c.GetStringAsync("/Terms?stage=未录入届次&p=2");
        second.ShouldContain("共 25 条，第 2 / 2 页");
        second.Split("/Terms/Org/").Length.ShouldBe(6);
        second.ShouldContain("stage=%E6%9C%AA%E5%BD%95%E5%85%A5%E5%B1%8A%E6%AC%A1&amp;p=1");
    }

    [Fact]
    public async Task The_reminder_list_exports_to_an_excel_workbook()
    {
        var today = await ListWorldAsync();
        var c = await App.SignedInAsync("orgadmin");
        var r = await c.GetAsync("/Terms?handler=Export");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe(ExportTermReminders.ContentType);
        r.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"换届提醒-甲公司党委-{today:yyyyMMdd}.xlsx");
        await using var stream = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(stream, false);
        var book = doc.WorkbookPart!;
        var sheet = book.Workbook.Descendants<Sheet>().ShouldHaveSingleItem();
        sheet.Name!.Value.ShouldBe("换届提醒");
        var part = (WorksheetPart)book.GetPartById(sheet.Id!.Value!);
        var rows = part.Worksheet.Descendants<Row>().Select(row => row.Elements<Cell>().Select(cell => cell.InnerText).ToList()).ToList();
        rows.Count.ShouldBe(3);
        rows[0].ShouldBe(ExportTermReminders.Headers);
        rows[1].ShouldBe(["甲公司党委", "党委", "测试集团党委", "6", Iso(today.AddYears(-5).AddDays(-10).AddYears(5)), "否", "已逾期", "-10"]);
        rows[2][0].ShouldBe("甲一党支部");
        rows[2][6].ShouldBe("3个月内到期");
        part.Worksheet.Descendants<Cell>().Single(cell => cell.CellReference == "H2").DataType!.Value.ShouldBe(CellValues.Number);

        var filtered = await c.GetAsync("/Terms?handler=Export&stage=逾期");
        await using var fs = new MemoryStream(await filtered.Content.ReadAsByteArrayAsync());
        using var fdoc = SpreadsheetDocument.Open(fs, false);
        fdoc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count().ShouldBe(2);
    }
}

/// <summary>The demo group's terms, on the demo seeded once for the demo tests (<see cref="DemoInstance"/>).</summary>
[Collection(DemoPasswordCollection.Name)]
public sealed class DemoTermsTests(DemoInstance demo)
{
    [Fact]
    public async Task The_demo_group_gets_realistic_terms_with_committees_from_its_members()
    {
        using var scope = demo.App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.OrgTerms.AnyAsync()) await DemoTerms.SeedAsync(db);

        var today = TimeProvider.System.Today();
        var root = await db.Organizations.AsNoTracking().SingleAsync(o => o.ParentId == null);
        var rows = await ListTermReminders.RowsAsync(db, root, today, ListTermReminders.All);
        var byName = rows.ToDictionary(r => r.OrgName);
        byName[DemoTerms.OverdueBranch].Stage.ShouldBe(ReminderStage.逾期);
        byName[DemoTerms.DueSoonBranch].Stage.ShouldBe(ReminderStage.三个月);
        byName[DemoTerms.DueSoonBranch].Days!.Value.ShouldBeInRange(55, 65);
        byName[DemoTerms.NoTermBranch].Stage.ShouldBe(ReminderStage.未录入届次);
        byName[DemoTerms.DelayedCommittee].Adjusted.ShouldBeTrue();
        byName[DemoTerms.DelayedCommittee].Stage.ShouldBe(ReminderStage.无);
        rows.Count(r => r.Stage == ReminderStage.无).ShouldBeGreaterThan(rows.Count * 2 / 3);
        rows.ShouldNotContain(r => r.Type == OrgType.临时党支部 || r.Type == OrgType.党小组);

        var orgs = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id);
        var current = await db.OrgTerms.AsNoTracking().Where(t => t.EndDate == null).ToListAsync();
        var committee = await db.OrgTermMembers.AsNoTracking().ToListAsync();
        var members = await db.Members.AsNoTracking().ToDictionaryAsync(m => m.Id);
        foreach (var t in current.Where(t => OrgRules.IsBranch(orgs[t.OrgId].Type)))
        {
            var of = committee.Where(m => m.TermId == t.Id).ToList();
            of.Count(m => m.Post == CommitteePost.书记).ShouldBe(1, orgs[t.OrgId].Name);
            foreach (var m in of)
            {
                members[m.MemberId!.Value].OrgId.ShouldBe(t.OrgId, $"{orgs[t.OrgId].Name} {m.Post} {m.Name}");
                members[m.MemberId.Value].Name.ShouldBe(m.Name);
            }
        }
        // the demo secretary account is the 书记 of its branch
        var secretary = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "secretary");
        committee.ShouldContain(m => m.Post == CommitteePost.书记 && m.MemberId == secretary.MemberId && m.LeftAt == null);
        // and the reminder run finds work in the demo group
        (await TermReminders.RunAsync(db, today, TimeProvider.System.GetUtcNow())).Reminders.ShouldBeGreaterThanOrEqualTo(3);
    }
}
