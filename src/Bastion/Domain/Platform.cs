namespace Bastion.Domain;

/// <summary>A role held by an account on an organization subtree (org null for administrator duties).</summary>
public sealed class RoleGrant
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public Role Role { get; set; }
    public long? OrgId { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public long? GrantedBy { get; set; }
}

/// <summary>Per-role sign-in policy set by the 安全管理员.</summary>
public sealed class RolePolicy
{
    public Role Role { get; set; }
    public bool RequireTwoFactor { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An opaque API bearer token; only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? ClientIp { get; set; }
}

public sealed class Notification
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public long? OrgId { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>
/// One row of the append-only audit trail. Id, PrevHash and Hash are set by the database
/// (trigger audit_chain) so that every insert, from any code path, is chained.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public long? ActorId { get; set; }
    public string? ActorName { get; set; }
    public long? OrgId { get; set; }
    public required string Action { get; set; }
    public string? Entity { get; set; }
    public string? EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? ClientIp { get; set; }
    public required string Result { get; set; }
    public string? PrevHash { get; set; }
    public string? Hash { get; set; }
}

public sealed class DataProtectionKey
{
    public long Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A cookie sign-in on the server side: the cookie carries the random key, only its SHA-256 is stored.
/// A session ends at 退出登录 or when an administrator ends the account's sessions.</summary>
public sealed class UserSession
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string KeyHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>logout, admin</summary>
    public string? EndedReason { get; set; }
    public string? ClientIp { get; set; }
    public string? UserAgent { get; set; }
}

/// <summary>Sign-in attempts for one key (address, account, unknown names from an address) in one fixed window.</summary>
public sealed class SignInCounter
{
    public required string Key { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public int N { get; set; }
}
