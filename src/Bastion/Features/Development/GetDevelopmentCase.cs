using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// GET /api/v1/development/cases/{id} — one case with its timeline (the current version of each step, with its
/// fields, warnings and whether its date was edited) and what is due next, by when and why. The ID number is masked;
/// ?full=true shows it to those who may see personal data in full, and that view is audited. "transfer" is the case's
/// latest 转出 (待接收 while one waits: no step can be recorded meanwhile), or the one it came in by.
/// </summary>
public sealed class GetDevelopmentCase(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record NextView(string Step, string Name, DateOnly? EarliestOn, DateOnly? DueBy, string? Why, bool Overdue, StepActor Actor);

    public sealed record StepView(
        long Id, string Step, string Name, DevelopmentStage Stage, StepActor Actor, DateOnly On, DevelopmentStepFields Fields,
        string? LateReason, IReadOnlyList<string> Warnings, string? RecordedBy, DateTimeOffset RecordedAt, bool Edited, string? EditReason, bool CarriedOver);

    public sealed record Response(
        long Id, long OrgId, string OrgName, string Name, string IdNumber, string Gender, DateOnly BirthDate, DateOnly AppliedOn,
        DevelopmentState State, DevelopmentStage? Stage, string PackVersion, long? MemberId, long? TransferredFromId, string? VolunteerBookNo,
        DateOnly? ClosedOn, string? CloseReason, DateOnly? ProbationEndsOn, IReadOnlyList<StepView> Steps, NextView? Next,
        IReadOnlyList<SponsorView> Sponsors, IReadOnlyList<SponsorChangeView> SponsorChanges, Transfers.DevelopmentTransfers.View? Transfer = null);

    /// <summary>A current 入党介绍人 (step 9's, after any replacement).</summary>
    public sealed record SponsorView(long MemberId, string Name);

    /// <summary>更换入党介绍人: who was replaced by whom, on which day and why.</summary>
    public sealed record SponsorChangeView(long Id, DateOnly On, long ReplacedMemberId, string ReplacedName, long MemberId, string MemberName, string Reason, string? RecordedBy, DateTimeOffset RecordedAt);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/cases/{id:long}", async (long id, bool? full, GetDevelopmentCase h, CancellationToken ct) => (await h.Handle(id, full == true, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentRead, typeof(DevelopmentCase))
           .WithSummary("发展党员档案：各步骤时间线和下一步（next：step、name、earliestOn、dueBy）；?full=true 显示完整身份证号（须有权限，记入审计）")
           .Produces<Response>();

    /// <summary>The case was authorized by the caller (DevelopmentRead on its organization).</summary>
    public async Task<Result<Response>> Handle(long id, bool full, CancellationToken ct = default)
    {
        var c = await db.Set<DevelopmentCase>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (full)
        {
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.OrgId, ct);
            if (!await user.HasAsync(Permission.PersonalDataFull, org, ct)) return Result.Forbidden("您没有查看完整个人信息的权限。");
            AuditEvents.Add(db, "personal.view_full", "development_cases", c.Id, c.OrgId, new { via = "api", name = c.Name });
            await db.SaveChangesAsync(ct);
        }
        return await LoadAsync(db, calendar, c, full, clock.Today(), ct);
    }

    /// <summary>The case as the API and pages show it (ID number masked unless <paramref name="full"/>).</summary>
    public static async Task<Response> LoadAsync(AppDbContext db, HolidayCalendar calendar, DevelopmentCase c, bool full, DateOnly today, CancellationToken ct)
    {
        var orgName = await db.Organizations.Where(o => o.Id == c.OrgId).Select(o => o.Name).FirstAsync(ct);
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var pack = DevelopmentRulePacks.Get(c.PackVersion);
        var entries = rows.Select(r => r.Entry).ToList();
        var next = Next(pack, c.State, entries, today, await calendar.LoadAsync(ct));
        var person = await DevelopmentFacts.PeopleAsync(db, rows.Select(r => r.Version.RecordedBy), ct);
        var steps = rows.Select(r =>
        {
            var def = DevelopmentSteps.Get(r.Version.Step);
            return new StepView(r.Version.Id, def.Code, def.Name, def.Stage, def.Actor, r.Version.On, r.Fields, r.Version.LateReason, r.Version.Warnings,
                person(r.Version.RecordedBy), r.Version.RecordedAt, r.Edited, r.Version.EditReason, r.Version.CopiedFromId is not null);
        }).ToList();
        var changes = await DevelopmentFacts.SponsorChangesAsync(db, c, ct);
        var current = DevelopmentFacts.CurrentSponsors(entries, changes);
        var nameIds = current.Concat(changes.SelectMany(x => new[] { x.ReplacedMemberId, x.MemberId })).Distinct().ToList();
        var names = nameIds.Count == 0 ? new Dictionary<long, string>() : await db.Members.AsNoTracking().Where(m => nameIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var sponsors = current.Select(id => new SponsorView(id, names.GetValueOrDefault(id) ?? "")).ToList();
        var changeViews = changes.Select(x => new SponsorChangeView(x.Id, x.On, x.ReplacedMemberId, names.GetValueOrDefault(x.ReplacedMemberId) ?? "", x.MemberId,
            names.GetValueOrDefault(x.MemberId) ?? "", x.Reason, x.RecordedBy, x.RecordedAt)).ToList();
        return new Response(c.Id, c.OrgId, orgName, c.Name, full ? c.IdNumber : Masking.IdNumber(c.IdNumber), c.Gender.ToString(), c.BirthDate, c.AppliedOn,
            c.State, DevelopmentSteps.StageOf(c.State), c.PackVersion, c.MemberId, c.TransferredFromId, c.VolunteerBookNo, c.ClosedOn, c.CloseReason,
            ProbationEndsOn(pack, entries), steps, next, sponsors, changeViews, await Transfers.DevelopmentTransfers.LatestAsync(db, c.Id, ct));
    }

    /// <summary>预备期满 once the 支部大会 (step 15) is recorded (extended when an extension was approved).</summary>
    public static DateOnly? ProbationEndsOn(DevelopmentRulePack pack, IReadOnlyList<StepEntry> steps) => DevelopmentQueueFacts.ProbationEndOf(pack, steps);

    public static NextView? Next(DevelopmentRulePack pack, DevelopmentState state, IReadOnlyList<StepEntry> steps, DateOnly today, WorkingDayCalendar calendar) =>
        DevelopmentGates.Next(pack, state, steps, today, calendar) is { } n
            ? new NextView(n.Step, n.Name, n.EarliestOn, n.DueBy, n.Why, n.DueBy is { } due && due < today, DevelopmentSteps.Get(n.Step).Actor)
            : null;
}
