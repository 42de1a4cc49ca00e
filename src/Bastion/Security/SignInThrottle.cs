using System.Globalization;
using Bastion.Data;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Security;

/// <summary>
/// Sign-in limits per client address and per account, shared by the sign-in page and the token endpoint
/// (<c>sign_in_counters</c>, migration 0032). Each attempt is counted by one atomic
/// <c>INSERT … ON CONFLICT DO UPDATE SET n = n + 1 RETURNING n</c> before anything else is done, so parallel requests
/// cannot slip past the limit, and the count is shared by every instance. Call it outside the sign-in transaction (the
/// counter row is locked only for its own statement). Account keys use the normalised user name, so <c>MEMBER</c>
/// and <c>member</c> count together.
/// </summary>
public sealed class SignInThrottle(AppDbContext db, TimeProvider clock)
{
    /// <summary>Attempts allowed per client address and per account in <see cref="Window"/> (page and API together).</summary>
    public const int PerAddress = 20, PerAccount = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The Chinese refusal, with the whole minutes until the window ends (at least 1).</summary>
    public static string Message(TimeSpan wait, string what = "登录尝试") =>
        $"{what}过于频繁，请{Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))}分钟后再试。";

    /// <summary>One counted attempt: <see cref="Wait"/> is the time to wait when it was over a limit (then refuse it).</summary>
    public sealed record Attempt(string AddressKey, string AccountKey, DateTimeOffset WindowStart, TimeSpan? Wait, bool AccountCounted);

    /// <summary>Counts one attempt against the address and then the account.</summary>
    public async Task<Attempt> HitAsync(string? address, string normalizedName, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var start = WindowStart(now);
        var wait = start + Window - now;
        var (addressKey, accountKey) = (AddressKey(address), AccountKey(normalizedName));
        var perAddress = await IncrementAsync(addressKey, start, ct);
        if (perAddress == 1) await PurgeClosedWindowsAsync(start, ct);
        // the address is counted first: past its limit the account's counter is left alone
        if (perAddress > PerAddress) return new Attempt(addressKey, accountKey, start, wait, false);
        var perAccount = await IncrementAsync(accountKey, start, ct);
        return new Attempt(addressKey, accountKey, start, perAccount > PerAccount ? wait : null, true);
    }

    /// <summary>
    /// A successful sign-in gives its attempt back: the limits count failures (and attempts still in flight), so an
    /// office whose staff all sign in from one address is never held up by its own successes, while a burst is still
    /// counted before any of it is processed. Call it after the sign-in's transaction committed.
    /// </summary>
    public Task RefundAsync(Attempt attempt, CancellationToken ct = default)
    {
        var keys = attempt.AccountCounted ? new[] { attempt.AddressKey, attempt.AccountKey } : [attempt.AddressKey];
        return db.SignInCounters.Where(c => keys.Contains(c.Key) && c.WindowStart == attempt.WindowStart && c.N > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.N, c => c.N - 1), ct);
    }

    /// <summary>Counts a failure for an unknown user name from this address; true for the first in the window, which
    /// alone gets its own audit row (the rest are written in aggregate when the window is purged).</summary>
    public async Task<bool> UnknownNameAsync(string? address, CancellationToken ct = default) =>
        await IncrementAsync(UnknownKey(address), WindowStart(clock.GetUtcNow()), ct) == 1;

    public static DateTimeOffset WindowStart(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % Window.Ticks, TimeSpan.Zero);

    /// <summary>The refusal's <c>Retry-After</c>, in whole seconds rounded up (page and API alike).</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string AddressKey(string? address) => "address:" + Network(address);
    private static string UnknownKey(string? address) => "unknown:" + Network(address);

    /// <summary>An IPv6 client is limited by its /64: one subscriber holds 2^64 addresses and could take a fresh one per attempt.</summary>
    public static string Network(string? address)
    {
        if (address is null) return "-";
        if (!System.Net.IPAddress.TryParse(address, out var ip)) return address;
        if (ip.IsIPv4MappedToIPv6) return ip.MapToIPv4().ToString();
        if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }
    private static string AccountKey(string normalizedName) => "account:" + normalizedName;

    private async Task<int> IncrementAsync(string key, DateTimeOffset start, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"""
            INSERT INTO sign_in_counters (key, window_start, n) VALUES ({key}, {start}, 1)
            ON CONFLICT (key, window_start) DO UPDATE SET n = sign_in_counters.n + 1
            RETURNING n AS "Value"
            """).ToListAsync(ct)).Single();

    private sealed record Closed(string Key, DateTimeOffset WindowStart, int N);

    /// <summary>
    /// Deletes the counters of closed windows. Failures for unknown user names are recorded in aggregate here: one
    /// audit row per address and window ("N次未知用户名登录失败") when there was more than the one already recorded.
    /// DELETE … RETURNING hands each row to exactly one caller, so two instances never record a window twice.
    /// </summary>
    private async Task PurgeClosedWindowsAsync(DateTimeOffset currentStart, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var closed = await db.Database.SqlQuery<Closed>($"""
            DELETE FROM sign_in_counters WHERE window_start < {currentStart}
            RETURNING key AS "Key", window_start AS "WindowStart", n AS "N"
            """).ToListAsync(ct);
        foreach (var c in closed.Where(c => c.Key.StartsWith("unknown:", StringComparison.Ordinal) && c.N > 1))
        {
            var address = c.Key["unknown:".Length..];
            var local = TimeZoneInfo.ConvertTime(c.WindowStart, Domain.ChineseDates.China);
            var row = AuditEvents.Add(db, "signin", "users", null, null, new
            {
                detail = $"{c.N}次未知用户名登录失败（{local:yyyy-MM-dd HH:mm}–{local + Window:HH:mm}，首次已单独记录）",
                count = c.N,
                window = c.WindowStart.ToString("O", CultureInfo.InvariantCulture),
            }, "failure");
            row.ClientIp = address == "-" ? null : address;
            row.ActorName = "（未知用户名）";
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
