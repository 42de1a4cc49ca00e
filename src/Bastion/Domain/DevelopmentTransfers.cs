using System.Text.Json.Serialization;

namespace Bastion.Domain;

/// <summary>Where a 转出 of a development case stands (decision 0014).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DevelopmentTransferState>))]
public enum DevelopmentTransferState
{
    /// <summary>Sent to a branch outside the sender's scope: the receiving side accepts or refuses.</summary>
    待接收 = 1,
    已接收 = 2,
    /// <summary>Refused by the receiving side, with a reason: the case stays with the sender as it was.</summary>
    已退回 = 3,
    /// <summary>Withdrawn by the sender before the receiving side decided.</summary>
    已撤回 = 4,
}

/// <summary>
/// A 转出 of a development case to another branch of the platform. <see cref="OrgId"/> is the receiving branch (its
/// managers decide); the case keeps its state in <see cref="FromOrgId"/> while the transfer waits, and no step can be
/// recorded on it meanwhile. Accepting closes the case as 转出 and opens <see cref="NewCaseId"/> in the receiving branch
/// with every step at its original date and the scans (training time continues, §1.6).
/// </summary>
public sealed class DevelopmentTransfer
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    /// <summary>The receiving branch.</summary>
    public long OrgId { get; set; }
    public long FromOrgId { get; set; }
    public DevelopmentTransferState State { get; set; }
    /// <summary>转出日期.</summary>
    public DateOnly On { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>The reason of a refusal (退回).</summary>
    public string? DecisionNote { get; set; }
    public long? NewCaseId { get; set; }
}
