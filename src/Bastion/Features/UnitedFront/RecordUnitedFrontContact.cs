using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Features.UnitedFront;

/// <summary>Adds an entry to a 党外人士's contact log (联谊交友).</summary>
public sealed class RecordUnitedFrontContact(AppDbContext db)
{
    /// <summary>The caller authorized the record for UnitedFrontManage. Returns field errors, or null when saved.</summary>
    public async Task<Dictionary<string, string[]>?> Handle(UnitedFrontPerson person, ContactInput req, string recordedBy, CancellationToken ct = default)
    {
        var (values, errors) = UnitedFrontRules.Check(req.ToDraft(), UnitedFrontScope.Today());
        if (values is null) return errors;
        db.Set<UnitedFrontContact>().Add(new UnitedFrontContact
        {
            PersonId = person.Id, OrgId = person.OrgId, ContactDate = values.ContactDate, OurPerson = values.OurPerson,
            Topics = values.Topics, FollowUp = values.FollowUp, RecordedBy = recordedBy, RecordedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }
}
