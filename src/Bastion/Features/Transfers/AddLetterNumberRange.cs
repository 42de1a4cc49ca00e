using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>A committee (党委) sets a range of 介绍信 numbers, e.g. prefix “2026-”, 1 … 500 → 2026-001 … 2026-500.</summary>
public sealed class AddLetterNumberRange(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Prefix, int? StartNumber, int? EndNumber);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/transfer-letters/ranges", async (Request body, UserContext user, AddLetterNumberRange handler, CancellationToken ct) =>
                (await handler.Handle(user.CurrentOrg!, body, ct)).ToHttp(added =>
                    Results.Created("/api/v1/transfer-letters/ranges", ListLetterNumberRanges.Row(added, user.CurrentOrg!.Name))))
           .Require(Permission.MemberManage)
           .WithSummary("设置介绍信编号段（?org= 须为党委；prefix、startNumber、endNumber）").Produces<ListLetterNumberRanges.Range>(201).ProducesValidationProblem();

    /// <summary>The committee was authorized by the caller (MemberManage). Field errors come under "prefix", "startNumber", "endNumber".</summary>
    public async Task<Result<LetterNumberRange>> Handle(Organization committee, Request req, CancellationToken ct = default)
    {
        if (committee.Type != OrgType.党委)
            return Result.Invalid("prefix", $"介绍信由党委开具，{committee.Name}是{committee.Type}，不能设置编号段");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one range change per committee at a time, so two overlapping ranges cannot slip in together
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.LetterNumberRangesClass}), {(int)(committee.Id % int.MaxValue)})", ct);
        var existing = await db.LetterNumberRanges.AsNoTracking().Where(r => r.OrgId == committee.Id).ToListAsync(ct);
        var errors = TransferRules.ValidateRange(req.Prefix, req.StartNumber, req.EndNumber, existing);
        if (errors.Count > 0) return Result.Invalid(errors);
        var range = new LetterNumberRange
        {
            OrgId = committee.Id, Prefix = req.Prefix!.Trim(), StartNumber = req.StartNumber!.Value, EndNumber = req.EndNumber!.Value,
            NextNumber = req.StartNumber.Value, CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.LetterNumberRanges.Add(range);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return range;
    }
}
