using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>党员信息: the member list of the current organization's subtree, its 待转正 and 政治生日 views, and export.</summary>
[Require(Permission.MemberRead)]
public sealed class IndexModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public MemberCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public PartyStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Gender? Gender { get; set; }
    [BindProperty(SupportsGet = true)] public string? Age { get; set; }
    [BindProperty(SupportsGet = true)] public string? Education { get; set; }
    [BindProperty(SupportsGet = true)] public int? JoinYear { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Mobile { get; set; }
    /// <summary>all | due (待转正) | birthday (政治生日 in the next 30 days)</summary>
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;

    public IReadOnlyList<MemberRow> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool CanImport { get; private set; }
    public bool CanSeeFull { get; private set; }
    public Organization Org => user.CurrentOrg!;

    private MemberFilter Filter => new(Q, Category, Status, Gender, Age, Education, JoinYear, Mobile);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanImport = await user.HasAsync(Permission.MemberManage, Org, ct);
        CanManage = CanImport && OrgRules.IsBranch(Org.Type);
        CanSeeFull = await user.HasAsync(Permission.PersonalDataFull, Org, ct);
        var today = clock.Today();
        var query = Narrow(MemberQuery.Apply(db, Org, Filter, today), today);
        if (View == "due")
        {
            var due = (await query.ToListAsync(ct)).Where(m => MemberRules.IsDueForConfirmation(m.Category, m.JoinedAt, m.ProbationExtensionMonths, today)).ToList();
            Pager = new Pager(PageNo, 20, due.Count, Request.Query);
            Rows = await MemberQuery.RowsAsync(db, db.Members.Where(m => due.Skip(Pager.Skip).Take(Pager.Size).Select(d => d.Id).Contains(m.Id)).OrderBy(m => m.Name), false, today, ct);
            return;
        }
        Pager = new Pager(PageNo, 20, await query.CountAsync(ct), Request.Query);
        Rows = await MemberQuery.RowsAsync(db, query.Skip(Pager.Skip).Take(Pager.Size), false, today, ct);
    }

    /// <summary>The 待转正 and 政治生日 views narrow the same filtered list.</summary>
    private IQueryable<Member> Narrow(IQueryable<Member> q, DateOnly today)
    {
        if (View == "due")
        {
            var yearAgo = today.AddYears(-1);
            return q.Where(m => m.Category == MemberCategory.预备党员 && m.JoinedAt <= yearAgo);
        }
        if (View == "birthday")
        {
            var days = Enumerable.Range(0, 31).Select(i => today.AddDays(i)).Select(d => d.Month * 100 + d.Day).ToList();
            var thisYear = today.Year;
            return q.Where(m => days.Contains(m.JoinedAt.Month * 100 + m.JoinedAt.Day) && m.JoinedAt.Year < thisYear);
        }
        return q;
    }

    /// <summary>The filtered list as .xlsx; masked unless asked in full by an account that may (every export is audited).</summary>
    public async Task<IActionResult> OnGetExportAsync(bool unmasked = false)
    {
        var ct = HttpContext.RequestAborted;
        var full = unmasked && await user.HasAsync(Permission.PersonalDataFull, Org, ct);
        if (unmasked && !full) return StatusCode(StatusCodes.Status403Forbidden);
        var today = clock.Today();
        var members = from m in Narrow(MemberQuery.Apply(db, Org, Filter, today), today)
                      join o in db.Organizations on m.OrgId equals o.Id
                      // only the columns of the file and of the 待转正 rule
                      select new
                      {
                          m = new Member
                          {
                              Id = m.Id, OrgId = m.OrgId, Name = m.Name, Gender = m.Gender, Ethnicity = m.Ethnicity, IdNumber = m.IdNumber, BirthDate = m.BirthDate,
                              Phone = m.Phone, Category = m.Category, JoinedAt = m.JoinedAt, ConfirmedAt = m.ConfirmedAt, PartyStatus = m.PartyStatus,
                              Education = m.Education, IsMobile = m.IsMobile, ProbationExtensionMonths = m.ProbationExtensionMonths,
                          },
                          OrgName = o.Name,
                      };
        var count = 0;
        var file = await Xlsx.StreamAsync("党员名册",
            ["姓名", "性别", "年龄", "民族", "公民身份号码", "联系电话", "人员类别", "所在党支部", "入党日期", "转正日期", "党籍状态", "学历", "流动党员"],
            Rows(), ct);
        AuditEvents.Add(db, "members.export", "members", null, Org.Id, new { rows = count, unmasked = full, query = Request.QueryString.Value });
        await db.SaveChangesAsync(ct);
        return File(file, Xlsx.ContentType, $"党员名册-{Org.Name}-{today:yyyyMMdd}.xlsx");

        // streamed from the query (no tracking), the 待转正 rule applied row by row
        async IAsyncEnumerable<IReadOnlyList<object?>> Rows()
        {
            await foreach (var x in members.AsAsyncEnumerable().WithCancellation(ct))
            {
                if (View == "due" && !MemberRules.IsDueForConfirmation(x.m.Category, x.m.JoinedAt, x.m.ProbationExtensionMonths, today)) continue;
                count++;
                var r = MemberQuery.ToRow(x.m, x.OrgName, full, today);
                yield return [r.Name, r.Gender, r.Age, r.Ethnicity, r.IdNumber, r.Phone, r.Category, r.OrgName, r.JoinedAt, r.ConfirmedAt, r.PartyStatus, r.Education, r.IsMobile ? "是" : "否"];
            }
        }
    }
}
