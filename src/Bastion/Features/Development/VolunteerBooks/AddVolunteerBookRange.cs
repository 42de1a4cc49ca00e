using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>
/// 发放登记: records a range of 入党志愿书 numbers the 组织部 issued to a 基层党委 (e.g. prefix “粤2026-”, 1 … 500). Numbers are
/// provincially unified: a range may not overlap any range of the same prefix anywhere on the platform.
/// </summary>
public sealed class AddVolunteerBookRange(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Prefix, int? StartNumber, int? EndNumber, DateOnly? IssuedOn, string? IssuedBy, string? DocumentNo);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/volunteer-books/ranges", async (Request body, UserContext user, AddVolunteerBookRange handler, AppDbContext db, CancellationToken ct) =>
                await (await handler.Handle(user.CurrentOrg!, body, ct)).ToHttpAsync(async added =>
                    Results.Created("/api/v1/development/volunteer-books/ranges", (await ListVolunteerBookRanges.RowsAsync(db, db.VolunteerBookRanges.Where(r => r.Id == added.Id), ct)).Single())))
           .Require(Permission.DevelopmentApprove)
           .WithSummary("登记入党志愿书编号段（?org= 须为基层党委；prefix、startNumber、endNumber、issuedOn、issuedBy 必填，documentNo 可选）")
           .Produces<ListVolunteerBookRanges.Range>(201).ProducesValidationProblem();

    /// <summary>The committee was authorized by the caller (MemberManage). Field errors under prefix, startNumber, endNumber, issuedOn, issuedBy, documentNo.</summary>
    public async Task<Result<VolunteerBookRange>> Handle(Organization committee, Request req, CancellationToken ct = default)
    {
        if (VolunteerBookRules.CannotHoldRanges(committee) is { } why) return Result.Invalid("prefix", why);
        var prefix = req.Prefix?.Trim() ?? "";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one range change per prefix at a time, platform-wide, so two overlapping ranges cannot slip in together
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.VolunteerBookRangesClass}), hashtext({prefix}))", ct);
        var samePrefix = await db.VolunteerBookRanges.AsNoTracking().Where(r => r.Prefix == prefix).ToListAsync(ct);
        var errors = VolunteerBookRules.ValidateRange(req.Prefix, req.StartNumber, req.EndNumber, req.IssuedOn, req.IssuedBy, req.DocumentNo, clock.Today(), samePrefix);
        if (errors.Count > 0) return Result.Invalid(errors);
        var range = new VolunteerBookRange
        {
            OrgId = committee.Id, Prefix = prefix, StartNumber = req.StartNumber!.Value, EndNumber = req.EndNumber!.Value, NextNumber = req.StartNumber.Value,
            IssuedOn = req.IssuedOn!.Value, IssuedBy = req.IssuedBy!.Trim(), DocumentNo = string.IsNullOrWhiteSpace(req.DocumentNo) ? null : req.DocumentNo.Trim(),
            CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.VolunteerBookRanges.Add(range);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return range;
    }
}
