using Bastion.Domain;

namespace Bastion.Features.Members;

/// <summary>The member form as posted by the create and edit pages (errors keyed as in <see cref="MemberRules.Validate"/>).</summary>
public sealed class MemberForm
{
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public Gender? Gender { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Ethnicity { get; set; } = "汉族";
    public string? NativePlace { get; set; }
    public string? Education { get; set; }
    public string? Degree { get; set; }
    public string? Employer { get; set; }
    public string? Position { get; set; }
    public string? Phone { get; set; }
    public MemberCategory? Category { get; set; }
    public DateOnly? JoinedAt { get; set; }
    public DateOnly? ConfirmedAt { get; set; }
    public int? ProbationExtensionMonths { get; set; }
    public PartyStatus? PartyStatus { get; set; } = Domain.PartyStatus.正常;
    public DateOnly? PartyStatusDate { get; set; }
    public string? PartyStatusReason { get; set; }
    public bool IsMobile { get; set; }
    public string? MobileDestination { get; set; }
    public string? MobileContact { get; set; }
    public string? ChangeReason { get; set; }

    public MemberInput ToInput() => new(Name, IdNumber, Gender, BirthDate, Ethnicity, NativePlace, Education, Degree, Employer, Position, Phone,
        Category, JoinedAt, ConfirmedAt, ProbationExtensionMonths, PartyStatus, PartyStatusDate, PartyStatusReason, IsMobile, MobileDestination, MobileContact);

    public static MemberForm From(Member m) => new()
    {
        Name = m.Name, IdNumber = m.IdNumber, Gender = m.Gender, BirthDate = m.BirthDate, Ethnicity = m.Ethnicity, NativePlace = m.NativePlace,
        Education = m.Education, Degree = m.Degree, Employer = m.Employer, Position = m.Position, Phone = m.Phone, Category = m.Category,
        JoinedAt = m.JoinedAt, ConfirmedAt = m.ConfirmedAt, ProbationExtensionMonths = m.ProbationExtensionMonths, PartyStatus = m.PartyStatus,
        PartyStatusDate = m.PartyStatusDate, PartyStatusReason = m.PartyStatusReason, IsMobile = m.IsMobile, MobileDestination = m.MobileDestination,
        MobileContact = m.MobileContact,
    };

    public static readonly string[] Educations = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"];
}
