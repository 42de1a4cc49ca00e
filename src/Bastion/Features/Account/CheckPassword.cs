using Bastion.Data;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Account;

/// <summary>
/// The one password rule of the sign-in page and the token endpoint:
/// <list type="number">
/// <item><see cref="ThrottleAsync"/> (outside any transaction) counts the attempt per address and per account
/// (<see cref="SignInThrottle"/>), names normalised like Identity's <c>NormalizedUserName</c>;</item>
/// <item><see cref="CheckAsync"/> (inside the caller's transaction) takes the account's advisory transaction lock, so
/// each account's sign-ins run one at a time on every instance, then reads the account and checks lockout and password;
/// a failure is counted by one atomic <c>UPDATE … RETURNING</c> and the fifth locks the account for 15 minutes.</item>
/// </list>
/// Forty parallel wrong passwords therefore check at most five before the lock, and none fails with a conflict.
/// Times come from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class CheckPassword(AppDbContext db, UserManager<AppUser> users, SignInThrottle throttle, TimeProvider clock)
{
    public enum Outcome { Unknown, Disabled, LockedOut, Locked, WrongPassword, Success }

    /// <param name="FirstUnknown">an unknown name: true for the first from this address in the window (it alone gets an audit row)</param>
    public sealed record Result(Outcome Outcome, AppUser? User = null, bool FirstUnknown = false);

    public const string LockedMessage = "登录失败次数过多，账号已锁定，请15分钟后再试";

    public string Normalize(string userName) => users.NormalizeName(userName.Trim());

    private SignInThrottle.Attempt? _attempt;

    /// <summary>Counts the attempt; the time to wait when the address or the account is over its limit.</summary>
    public async Task<TimeSpan?> ThrottleAsync(string userName, string? address, CancellationToken ct = default)
    {
        _attempt = await throttle.HitAsync(address, Normalize(userName), ct);
        return _attempt.Wait;
    }

    /// <summary>After the successful sign-in committed: its attempt does not count against the limits.</summary>
    public Task SucceededAsync(CancellationToken ct = default) =>
        _attempt is { Wait: null } a ? throttle.RefundAsync(a, ct) : Task.CompletedTask;

    /// <summary>Takes this account's sign-in lock for the rest of the caller's transaction.</summary>
    public Task LockAsync(string normalizedName, CancellationToken ct = default) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.SignInClass}), hashtext({normalizedName}))", ct);

    public async Task<Result> CheckAsync(string userName, string password, string? address, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("CheckPassword runs inside the caller's transaction");
        var normalized = Normalize(userName);
        await LockAsync(normalized, ct);
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return new Result(Outcome.Unknown, FirstUnknown: await throttle.UnknownNameAsync(address, ct));
        if (user.IsDisabled) return new Result(Outcome.Disabled, user);
        var now = clock.GetUtcNow();
        if (IsLockedOut(user, now)) return new Result(Outcome.LockedOut, user);
        if (!await users.CheckPasswordAsync(user, password))
            return new Result(await CountFailureAsync(user, ct) ? Outcome.Locked : Outcome.WrongPassword, user);
        return new Result(Outcome.Success, user);
    }

    /// <summary>After the whole sign-in succeeded (with the two-factor code where one is needed): the failures start
    /// again from zero. Not after the password alone, so a known password cannot reset the count of wrong codes.</summary>
    public async Task ResetFailuresAsync(AppUser user, CancellationToken ct = default)
    {
        if (user.AccessFailedCount != 0 || user.LockoutEnd is not null)
            await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
    }

    public bool IsLockedOut(AppUser user, DateTimeOffset now) => user.LockoutEnabled && user.LockoutEnd > now;

    /// <summary>Counts one failure (wrong password or wrong code) atomically; true when it locked the account.</summary>
    public async Task<bool> CountFailureAsync(AppUser user, CancellationToken ct = default)
    {
        var lockout = users.Options.Lockout;
        var count = (await db.Database.SqlQuery<int>($"""
            UPDATE users SET access_failed_count = access_failed_count + 1 WHERE id = {user.Id}
            RETURNING access_failed_count AS "Value"
            """).ToListAsync(ct)).Single();
        if (!user.LockoutEnabled || count < lockout.MaxFailedAccessAttempts) return false;
        var until = clock.GetUtcNow() + lockout.DefaultLockoutTimeSpan;
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.AccessFailedCount, 0), ct);
        return true;
    }
}
