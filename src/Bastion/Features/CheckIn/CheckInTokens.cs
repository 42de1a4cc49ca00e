using System.Security.Cryptography;
using Bastion.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Bastion.Features.CheckIn;

/// <summary>Settings of QR check-in (section Bastion:CheckIn).</summary>
public sealed class CheckInOptions(IOptions<CheckInSettings> settings)
{
    /// <summary>How long one QR code may be used (Bastion:CheckIn:TokenMinutes, default 10).</summary>
    public int TokenMinutes { get; } = settings.Value.TokenMinutes;

    /// <summary>How long before the start check-in opens (Bastion:CheckIn:OpensMinutesBefore, default 120).</summary>
    public int OpensMinutesBefore { get; } = settings.Value.OpensMinutesBefore;

    /// <summary>How often the host view fetches a fresh code: a third of its lifetime, between 10 s and 2 min.</summary>
    public int RefreshSeconds => Math.Clamp(TokenMinutes * 60 / 3, 10, 120);
}

/// <summary>
/// Issues and reads check-in tokens: the <see cref="CheckInRules.Payload"/> (meeting id, expiry) encrypted and
/// signed with the app's Data Protection key ring (kept in PostgreSQL, shared by every instance), base64url.
/// A token cannot be guessed, forged, or moved to another meeting; its expiry is checked against
/// <see cref="TimeProvider"/> by the caller, so tests inject time instead of waiting.
/// </summary>
public sealed class CheckInTokens(IDataProtectionProvider provider, CheckInOptions options)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Bastion.CheckIn.Token.v1");

    public sealed record Issued(string Token, DateTimeOffset ExpiresAt);

    public Issued Issue(long meetingId, DateTimeOffset now)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()).AddMinutes(options.TokenMinutes);
        var bytes = _protector.Protect(CheckInRules.Encode(new CheckInRules.Payload(meetingId, expires)));
        return new Issued(WebEncoders.Base64UrlEncode(bytes), expires);
    }

    /// <summary>The payload, or null when the token was not issued by this platform (tampered, truncated, garbage).</summary>
    public CheckInRules.Payload? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000) return null;
        try
        {
            return CheckInRules.Decode(_protector.Unprotect(WebEncoders.Base64UrlDecode(token.Trim())));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
