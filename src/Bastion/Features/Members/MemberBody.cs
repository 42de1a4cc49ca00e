using Bastion.Domain;

namespace Bastion.Features.Members;

/// <summary>A member record as the API takes it (POST/PUT /api/v1/members): enums by their Chinese names.</summary>
public sealed record MemberBody(
    string? Name, string? IdNumber, string? Gender, DateOnly? BirthDate, string? Ethnicity, string? NativePlace,
    string? Education, string? Degree, string? Employer, string? Position, string? Phone, string? Category,
    DateOnly? JoinedAt, DateOnly? ConfirmedAt, int? ProbationExtensionMonths, string? PartyStatus,
    DateOnly? PartyStatusDate, string? PartyStatusReason, bool? IsMobile, string? MobileDestination, string? MobileContact,
    string? ChangeReason)
{
    public MemberInput ToInput(Dictionary<string, string[]> errors)
    {
        T? Parse<T>(string? v, string field, string label) where T : struct, Enum
        {
            if (string.IsNullOrWhiteSpace(v)) return null;
            if (Enum.TryParse<T>(v.Trim(), out var r) && !int.TryParse(v, out _)) return r;
            errors[field] = [$"{label}不正确，可选：{string.Join("、", Enum.GetNames<T>())}"];
            return null;
        }
        return new MemberInput(Name, IdNumber, Parse<Gender>(Gender, "gender", "性别"), BirthDate, Ethnicity, NativePlace, Education, Degree,
            Employer, Position, Phone, Parse<MemberCategory>(Category, "category", "人员类别"), JoinedAt, ConfirmedAt, ProbationExtensionMonths,
            Parse<PartyStatus>(PartyStatus, "partyStatus", "党籍状态"), PartyStatusDate, PartyStatusReason, IsMobile ?? false, MobileDestination, MobileContact);
    }
}
