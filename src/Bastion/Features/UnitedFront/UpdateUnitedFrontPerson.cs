using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Features.UnitedFront;

/// <summary>Keeps a 党外人士 record up to date (the record's organization does not change).</summary>
public sealed class UpdateUnitedFrontPerson(AppDbContext db)
{
    /// <summary>
    /// The caller loaded (tracked) and authorized the record. <paramref name="keepPhoneWhenBlank"/>: the editor could not
    /// see the full phone number, so a blank phone field keeps the stored one. Returns field errors, or null when saved.
    /// </summary>
    public async Task<Dictionary<string, string[]>?> Handle(UnitedFrontPerson person, PersonInput req, bool keepPhoneWhenBlank, CancellationToken ct = default)
    {
        var (values, errors) = UnitedFrontRules.Check(req.ToDraft(), UnitedFrontScope.Today());
        if (values is null) return errors;
        var phone = person.Phone;
        values.ApplyTo(person);
        if (keepPhoneWhenBlank && values.Phone is null) person.Phone = phone;
        db.ChangeTracker.DetectChanges();
        if (db.Entry(person).Properties.Any(p => p.IsModified))
        {
            person.UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(ct);
        }
        return null;
    }
}
