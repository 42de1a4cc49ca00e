using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>Records an approved advance or delay of the current term's 换届 (at most 1 year either way).</summary>
public sealed class AdjustTermDueDate(AppDbContext db, TimeProvider clock)
{
    public sealed record Request(DateOnly? AdjustedDueDate, string? AdjustmentReason, string? ApprovalDocNo, DateOnly? ApprovalDate);

    /// <summary>The organization was authorized by the caller (OrgManage).</summary>
    public async Task<Result> Handle(Organization org, Request req, CancellationToken ct = default)
    {
        var term = await db.OrgTerms.FirstOrDefaultAsync(t => t.OrgId == org.Id && t.EndDate == null, ct);
        if (term is null) return Result.Invalid("adjustedDueDate", "本组织没有进行中的届次，不能调整换届时间");
        var errors = TermRules.ValidateAdjustment(term.StartDate, term.DueDate, req.AdjustedDueDate, req.AdjustmentReason, req.ApprovalDocNo, req.ApprovalDate, clock.Today());
        if (errors.Count > 0) return Result.Invalid(errors);
        term.AdjustedDueDate = req.AdjustedDueDate;
        term.AdjustmentReason = req.AdjustmentReason!.Trim();
        term.ApprovalDocNo = req.ApprovalDocNo!.Trim();
        term.ApprovalDate = req.ApprovalDate;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
