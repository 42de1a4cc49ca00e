using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>A member's dues profile: category, bases by year and month (newest first) and this month's due.</summary>
public sealed class GetMemberDues(AppDbContext db, DuesAssessment assessment, TimeProvider clock)
{
    public sealed record Due(string? Category, decimal? Base, decimal? Rate, decimal? Amount, string? Problem);

    public sealed record Response(long MemberId, string? Category, string? Note, IReadOnlyList<SetDuesBase.Response> Bases, string Month, Due? ThisMonth);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/members/{id:long}", async (long id, GetMemberDues handler, CancellationToken ct) => (await handler.Handle(id, ct)).ToHttp())
           .RequireRecord(Permission.DuesRead, typeof(Member))
           .WithSummary("党员的党费类别、基数和本月应交").Produces<Response>();

    public async Task<Result<Response>> Handle(long memberId, CancellationToken ct = default)
    {
        if (!await db.Members.AnyAsync(m => m.Id == memberId, ct)) return Result.NotFound("该党员不存在");
        var profile = await db.Set<DuesProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.MemberId == memberId, ct);
        var bases = await db.Set<DuesBase>().AsNoTracking().Where(b => b.MemberId == memberId)
            .OrderByDescending(b => b.Year).ThenByDescending(b => b.FromMonth).Take(60).ToListAsync(ct);
        var month = DuesRules.MonthOf(clock.Today());
        var due = await assessment.ForMemberAsync(memberId, month, ct);
        return new Response(memberId, profile?.Category.ToString(), profile?.Note, bases.Select(SetDuesBase.ToResponse).ToList(), month.ToString("yyyy-MM"),
            due is null ? null : new Due(due.Category?.ToString(), due.Base, due.Rate is { } r ? GetDuesStandard.Plain(r) : null,
                due.Amount is { } a ? GetDuesStandard.Money(a) : null, due.Problem));
    }
}
