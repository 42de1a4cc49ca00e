using System.Security.Claims;

namespace Bastion.Security;

/// <summary>Who is acting in this scope (request, job or command line); read by the audit trail.</summary>
public sealed class AuditActor(IHttpContextAccessor? http = null)
{
    private long? _userId;
    private string? _userName;
    private string? _clientIp;
    private bool _explicit;

    public void Set(long? userId, string? userName, string? clientIp = null)
    {
        _explicit = true;
        _userId = userId;
        _userName = userName;
        _clientIp = clientIp;
    }

    public long? UserId => _explicit ? _userId : ParseId(http?.HttpContext?.User);
    public string? UserName => _explicit ? _userName : http?.HttpContext?.User.Identity?.Name ?? (http?.HttpContext is null ? "system" : null);
    public string? ClientIp => _explicit ? _clientIp : http?.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private static long? ParseId(ClaimsPrincipal? p) =>
        long.TryParse(p?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
