using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>Records that a committee member of the current term left office (离任).</summary>
public sealed class EndCommitteeAppointment(AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The organization was authorized by the caller (OrgManage); the appointment must belong to its current term.
    /// Refusals come under "leave".
    /// </summary>
    public async Task<Result> Handle(Organization org, long appointmentId, DateOnly? leftAt, CancellationToken ct = default)
    {
        var today = clock.Today();
        var current = db.OrgTerms.Where(t => t.OrgId == org.Id && t.EndDate == null).Select(t => t.Id);
        var m = await db.OrgTermMembers.FirstOrDefaultAsync(x => x.Id == appointmentId && current.Contains(x.TermId), ct);
        if (m is null) return Refused("未找到本届的这名委员");
        if (m.LeftAt is not null) return Refused($"{m.Name}已于{ChineseDates.Date(m.LeftAt.Value)}离任");
        var date = leftAt ?? today;
        if (date < m.AppointedAt) return Refused("离任日期不能早于任职日期");
        if (date > today) return Refused("离任日期不能晚于今天");
        m.LeftAt = date;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    private static Result Refused(string message) => Result.Invalid("leave", message);
}
