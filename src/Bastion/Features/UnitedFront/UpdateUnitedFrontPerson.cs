using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Features.UnitedFront;

/// <summary>Keeps a 党外人士 record up to date (the record's organization does not change).</summary>
public sealed class UpdateUnitedFrontPerson(AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The caller loaded (tracked) and authorized the record. <paramref name="keepPhoneWhenBlank"/>: the editor could not
    /// see the full phone number, so a blank phone field keeps the stored one.
    /// </summary>
    public async Task<Result> Handle(UnitedFrontPerson person, PersonInput req, bool keepPhoneWhenBlank, CancellationToken ct = default)
    {
        var (values, errors) = UnitedFrontRules.Check(req.ToDraft(), clock.Today());
        if (values is null) return Result.Invalid(errors);
        var phone = person.Phone;
        values.ApplyTo(person);
        if (keepPhoneWhenBlank && values.Phone is null) person.Phone = phone;
        db.ChangeTracker.DetectChanges();
        if (db.Entry(person).Properties.Any(p => p.IsModified))
        {
            person.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return Result.Ok;
    }
}
