using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>A committee (党委) sets a range of 介绍信 numbers, e.g. prefix “2026-”, 1 … 500 → 2026-001 … 2026-500.</summary>
public sealed class AddLetterNumberRange(AppDbContext db, UserContext user)
{
    public sealed record Request(string? Prefix, int? StartNumber, int? EndNumber);

    /// <summary>The committee was authorized by the caller (MemberManage).</summary>
    public async Task<(LetterNumberRange? Range, Dictionary<string, string[]> Errors)> Handle(Organization committee, Request req, CancellationToken ct = default)
    {
        if (committee.Type != OrgType.党委)
            return (null, new() { ["prefix"] = [$"介绍信由党委开具，{committee.Name}是{committee.Type}，不能设置编号段"] });
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one range change per committee at a time, so two overlapping ranges cannot slip in together
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.LetterNumberRangesClass}), {(int)(committee.Id % int.MaxValue)})", ct);
        var existing = await db.LetterNumberRanges.AsNoTracking().Where(r => r.OrgId == committee.Id).ToListAsync(ct);
        var errors = TransferRules.ValidateRange(req.Prefix, req.StartNumber, req.EndNumber, existing);
        if (errors.Count > 0) return (null, errors);
        var range = new LetterNumberRange
        {
            OrgId = committee.Id, Prefix = req.Prefix!.Trim(), StartNumber = req.StartNumber!.Value, EndNumber = req.EndNumber!.Value,
            NextNumber = req.StartNumber.Value, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = user.UserName,
        };
        db.LetterNumberRanges.Add(range);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (range, errors);
    }
}
