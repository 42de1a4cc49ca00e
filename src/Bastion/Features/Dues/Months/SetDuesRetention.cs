using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Records that a 党委 may (or no longer may) retain (留存) dues, with the superior's decision as its basis (DOMAIN-2 §2.2
/// 上缴: most units remit everything, a few retain a share — local [CD]). Only a 党委 may retain; only then may it record
/// 使用 (<see cref="RecordDuesSpending"/>). Set by a DuesConfigure holder over the 党委 (its own or a superior's administrator).
/// </summary>
public sealed class SetDuesRetention(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(bool? Allowed, string? Basis);
    public sealed record Response(long OrgId, bool Allowed, string? Basis, DateTimeOffset? SetAt, string? SetBy);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPut("/dues/organizations/{id:long}/retention", async (long id, Request req, SetDuesRetention handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .Require(Permission.DuesConfigure, OrgFrom.Route, "id")
           .WithSummary("设置党委是否留存党费（allowed，basis 上级批准依据）").Produces<Response>().ProducesValidationProblem();
    }

    public static async Task<Response> GetAsync(AppDbContext db, long orgId, CancellationToken ct)
    {
        var r = await db.Set<DuesRetention>().AsNoTracking().FirstOrDefaultAsync(x => x.OrgId == orgId, ct);
        return new Response(orgId, r?.Allowed ?? false, r?.Basis, r?.SetAt, r?.SetBy);
    }

    public async Task<Result<Response>> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (req.Allowed is null) errors["allowed"] = ["请选择是否留存"];
        if (string.IsNullOrWhiteSpace(req.Basis)) errors["basis"] = ["请填写上级党委的批准依据（文件号或会议）"];
        else if (req.Basis.Trim().Length > 200) errors["basis"] = ["最多200字"];
        if (errors.Count > 0) return Result.Invalid(errors);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        if (org.Type != OrgType.党委)
            return Result.Refused("党委留存党费", "只有基层党委可以经上级批准留存党费，党支部、党总支收缴的党费全额上缴", null, "allowed");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var r = await db.Set<DuesRetention>().FirstOrDefaultAsync(x => x.OrgId == orgId, ct);
        if (r is null)
        {
            r = new DuesRetention { OrgId = orgId, Basis = "" };
            db.Add(r);
        }
        r.Allowed = req.Allowed!.Value;
        r.Basis = req.Basis!.Trim();
        r.SetAt = clock.GetUtcNow();
        r.SetBy = user.UserName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict("该党委的留存设置刚被他人修改，请刷新后重试");
        }
        await tx.CommitAsync(ct);
        return new Response(orgId, r.Allowed, r.Basis, r.SetAt, r.SetBy);
    }
}
