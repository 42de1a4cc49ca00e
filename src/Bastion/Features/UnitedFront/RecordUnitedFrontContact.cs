using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Features.UnitedFront;

/// <summary>Adds an entry to a 党外人士's contact log (联谊交友).</summary>
public sealed class RecordUnitedFrontContact(AppDbContext db, TimeProvider clock)
{
    /// <summary>The caller authorized the record for UnitedFrontManage.</summary>
    public async Task<Result> Handle(UnitedFrontPerson person, ContactInput req, string recordedBy, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (values, errors) = UnitedFrontRules.Check(req.ToDraft(), ChineseDates.DayOf(now));
        if (values is null) return Result.Invalid(errors);
        db.Set<UnitedFrontContact>().Add(new UnitedFrontContact
        {
            PersonId = person.Id, OrgId = person.OrgId, ContactDate = values.ContactDate, OurPerson = values.OurPerson,
            Topics = values.Topics, FollowUp = values.FollowUp, RecordedBy = recordedBy, RecordedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
