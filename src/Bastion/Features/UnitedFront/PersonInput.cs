using Bastion.Domain;

namespace Bastion.Features.UnitedFront;

/// <summary>The fields of a 党外人士 record as posted by the form or the API (strings, checked by <see cref="UnitedFrontRules"/>).</summary>
public sealed class PersonInput
{
    /// <summary>On create: the organization whose list the record joins (within the organization in scope); default the organization in scope.</summary>
    public long? OrgId { get; set; }
    public string? Name { get; set; }
    public string? Gender { get; set; }
    public string? Category { get; set; }
    public string? Party { get; set; }
    public string? Ethnicity { get; set; }
    /// <summary>yyyy-MM-dd</summary>
    public string? BirthDate { get; set; }
    public string? Employer { get; set; }
    public string? Position { get; set; }
    public string? Expertise { get; set; }
    public string? Phone { get; set; }
    public string? Notes { get; set; }

    public UnitedFrontPersonDraft ToDraft() => new(Name, Gender, Category, Party, Ethnicity, BirthDate, Employer, Position, Expertise, Phone, Notes);

    public static PersonInput From(UnitedFrontPerson p, bool fullPhone) => new()
    {
        OrgId = p.OrgId, Name = p.Name, Gender = p.Gender.ToString(), Category = p.Category.ToString(), Party = p.Party, Ethnicity = p.Ethnicity,
        BirthDate = p.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Employer = p.Employer, Position = p.Position, Expertise = p.Expertise, Phone = fullPhone ? p.Phone : null, Notes = p.Notes,
    };
}

/// <summary>A contact log entry as posted by the form.</summary>
public sealed class ContactInput
{
    public string? ContactDate { get; set; }
    public string? OurPerson { get; set; }
    public string? Topics { get; set; }
    public string? FollowUp { get; set; }

    public UnitedFrontContactDraft ToDraft() => new(ContactDate, OurPerson, Topics, FollowUp);
}
