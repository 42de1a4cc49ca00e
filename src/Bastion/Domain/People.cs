namespace Bastion.Domain;

public enum Gender { 男 = 1, 女 = 2 }

public enum MemberCategory { 正式党员 = 1, 预备党员 = 2 }

/// <summary>Skeleton member record; the full record comes with the member module.</summary>
public sealed class Member
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public required string Name { get; set; }
    public Gender Gender { get; set; }
    public string Ethnicity { get; set; } = "汉族";
    public required string IdNumber { get; set; }
    public DateOnly BirthDate { get; set; }
    public string? Phone { get; set; }
    public MemberCategory Category { get; set; }
    public DateOnly JoinedAt { get; set; }
    public DateOnly? ConfirmedAt { get; set; }
    public string? Education { get; set; }
    public string? Position { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? NativePlace { get; set; }
    public string? Degree { get; set; }
    public string? Employer { get; set; }
    public PartyStatus PartyStatus { get; set; } = PartyStatus.正常;
    public DateOnly? PartyStatusDate { get; set; }
    public string? PartyStatusReason { get; set; }
    public bool IsMobile { get; set; }
    public string? MobileDestination { get; set; }
    public string? MobileContact { get; set; }
    public int? ProbationExtensionMonths { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}
