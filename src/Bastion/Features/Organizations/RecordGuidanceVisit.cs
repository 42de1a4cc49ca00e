using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Logs a visit of a leadership-team member to his or her 联系点 branch: date, guidance given, problems found.</summary>
public sealed class RecordGuidanceVisit(AppDbContext db)
{
    public sealed record Request(long? LinkId, DateOnly? VisitDate, string? Content, string? Problems);

    /// <summary>The branch was authorized by the caller (OrgManage). Returns field errors, or null when logged.</summary>
    public async Task<Dictionary<string, string[]>?> Handle(Organization branch, Request req, string? recordedBy, DateOnly today, CancellationToken ct = default)
    {
        var errors = OrgLifecycleRules.CheckVisit(req.VisitDate, req.Content, req.Problems, today);
        var link = req.LinkId is null ? null : await db.LiaisonLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == req.LinkId && l.OrgId == branch.Id, ct);
        if (link is null) errors["linkId"] = ["请选择联系本支部的领导班子成员"];
        else if (req.VisitDate is { } d && !errors.ContainsKey("visitDate") && (d < link.LinkedOn || (link.EndedOn is { } end && d > end)))
            errors["visitDate"] = [$"走访日期应在{link.PersonName}联系本支部期间（{ChineseDates.Date(link.LinkedOn)}起{(link.EndedOn is { } e ? "至" + ChineseDates.Date(e) : "")}）"];
        if (errors.Count > 0) return errors;
        db.GuidanceVisits.Add(new GuidanceVisit
        {
            LinkId = link!.Id, OrgId = branch.Id, VisitDate = req.VisitDate!.Value, Content = req.Content!.Trim(),
            Problems = string.IsNullOrWhiteSpace(req.Problems) ? null : req.Problems.Trim(),
            RecordedBy = recordedBy, RecordedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }
}
