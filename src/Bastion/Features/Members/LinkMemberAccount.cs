using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Admin;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// 关联账号: links an existing account to a member (党员档案), or creates one for them. One account per member and one
/// member per account (a unique index decides a race); 系统管理员/安全管理员/审计管理员 accounts are never linked (三员分立).
/// Who may: the 系统管理员 (账号管理, any member), or whoever manages the member's organization (党委管理员, 支部书记),
/// who may only take an account holding no grant outside their scope. The 普通党员 grant follows the link, on the member's
/// organization. A created account carries a one-time password, shown once or queued to the SMS outbox — never both —
/// and must be changed at the first sign-in.
/// </summary>
public sealed class LinkMemberAccount(AppDbContext db, UserManager<AppUser> users, CreateAccount accounts, UserContext current, TimeProvider clock)
{
    /// <param name="UserId">An existing account to link; else a new one is created.</param>
    /// <param name="UserName">The new account's user name (when not <paramref name="UseMobile"/>).</param>
    /// <param name="UseMobile">The new account's user name is the member's mobile number.</param>
    /// <param name="SendSms">The one-time password goes to the member's mobile by SMS instead of being shown.</param>
    public sealed record Request(long? UserId, string? UserName = null, bool UseMobile = false, bool SendSms = false);

    /// <param name="UserName">Masked when it is a mobile number.</param>
    /// <param name="OneTimePassword">Only for a created account whose password is shown (not sent by SMS); never stored.</param>
    public sealed record Linked(long UserId, string UserName, string DisplayName, bool Created, string? OneTimePassword, bool SentBySms);

    public async Task<Result<Linked>> HandleAsync(long memberId, Request req, CancellationToken ct = default)
    {
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return Result.NotFound("党员不存在");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == member.OrgId, ct);
        var asAdmin = await current.HasAsync(Permission.AccountManage, null, ct);
        if (!asAdmin && !await current.HasAsync(Permission.MemberManage, org, ct))
            return Result.Forbidden("您没有管理该党员的权限");
        if (await Refusal(member, ct) is { } no) return Result.Conflict(no);
        if (await db.Users.AnyAsync(u => u.MemberId == memberId, ct))
            return Result.Conflict($"{member.Name}已关联账号，请先解除关联");

        if (req.UserId is { } userId) return await LinkAsync(member, userId, asAdmin, ct);
        if (req.UseMobile || !string.IsNullOrWhiteSpace(req.UserName)) return await CreateAsync(member, req, ct);
        return Result.Invalid("userId", "请选择要关联的账号，或填写新账号的用户名");
    }

    /// <summary>Why no account may be linked to the member now (出党, or transferred out of the platform), if so.</summary>
    public async Task<string?> Refusal(Member member, CancellationToken ct)
    {
        if (member.PartyStatus == PartyStatus.出党) return $"{member.Name}已出党，不能关联账号";
        if (await db.Set<MemberTransfer>().Where(Transfers.TransfersDb.KeepsMemberOut).AnyAsync(t => t.MemberId == member.Id, ct))
            return $"{member.Name}的组织关系已转出平台，不能关联账号";
        return null;
    }

    private async Task<Result<Linked>> LinkAsync(Member member, long userId, bool asAdmin, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Result.Invalid("userId", "账号不存在");
        var held = await db.RoleGrants.Where(g => g.UserId == userId).Select(g => g.Role).ToListAsync(ct);
        if (MemberAccountRules.RefuseLink(held) is { } admin) return Result.Invalid("userId", admin);
        if (user.MemberId is not null) return Result.Conflict($"账号{Masking.UserName(user.UserName)}已关联其他党员");
        if (user.IsDisabled) return Result.Invalid("userId", $"账号{Masking.UserName(user.UserName)}已停用，请先由系统管理员启用");
        if (!asAdmin)
        {
            var scope = (await db.OrganizationsFor(current, Permission.MemberManage, ct)).Select(o => o.Id);
            if (!await MemberAccess.Linkable(db, scope).AnyAsync(u => u.Id == userId, ct))
                return Result.Invalid("userId", $"账号{Masking.UserName(user.UserName)}在您管理的组织以外另有授权，请由系统管理员关联");
        }
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.MemberId = member.Id;
        await MemberAccess.PlaceMemberGrantAsync(db, user.Id, member.OrgId, current.UserId, now, ct);
        AuditEvents.Add(db, "account.link_member", "users", user.Id, member.OrgId, new { memberId = member.Id, created = false });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict($"{member.Name}已关联账号，请刷新后再试");
        }
        await tx.CommitAsync(ct);
        return new Linked(user.Id, Masking.UserName(user.UserName) ?? "", user.DisplayName, false, null, false);
    }

    private async Task<Result<Linked>> CreateAsync(Member member, Request req, CancellationToken ct)
    {
        var mobile = MemberAccountRules.MobileUserName(member.Phone);
        string name;
        if (req.UseMobile)
        {
            if (mobile is null) return Result.Invalid("userName", $"{member.Name}没有登记手机号，不能用手机号作用户名");
            name = mobile;
        }
        else name = req.UserName!.Trim();
        if (await CreateAccount.CheckUserNameAsync(users, name) is { } bad) return Result.Invalid("userName", bad);
        if (req.SendSms && mobile is null) return Result.Invalid("sendSms", $"{member.Name}没有登记手机号，不能短信发送密码");

        var now = clock.GetUtcNow();
        var password = PasswordPolicy.Generate();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Result<AppUser> made;
        try
        {
            made = await accounts.CreateAsync(CreateAccount.NewAccount.ForMember(member, name), password);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict($"{member.Name}已关联账号，请刷新后再试");
        }
        if (!made.IsOk) return Result.Invalid("userName", string.Join("；", made.Status.Errors!.Values.SelectMany(m => m)));
        var user = made.Value;
        await MemberAccess.PlaceMemberGrantAsync(db, user.Id, member.OrgId, current.UserId, now, ct);
        if (req.SendSms) QueueSms(db, user, mobile!, name, password, now);
        AuditEvents.Add(db, "account.create_for_member", "users", user.Id, member.OrgId,
            new { memberId = member.Id, created = true, delivery = req.SendSms ? "sms" : "shown_once" });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Linked(user.Id, Masking.UserName(name) ?? "", user.DisplayName, true, req.SendSms ? null : password, req.SendSms);
    }

    /// <summary>
    /// The one-time password by SMS to the member's own mobile: an outbox row (the gateway sends it later). The outbox
    /// text is never copied into the audit trail; the password is then not shown on any page.
    /// </summary>
    public static void QueueSms(AppDbContext db, AppUser user, string mobile, string userName, string password, DateTimeOffset now) =>
        db.Add(new OutboxMessage
        {
            Channel = Notifications.Outbox.Sms, UserId = user.Id, Phone = mobile, CreatedAt = now,
            Text = $"【堡垒党建】{user.DisplayName}同志，您的党建平台账号已开通。用户名：{(userName == mobile ? "本手机号" : userName)}，一次性密码：{password}，首次登录须修改密码。请勿转告他人。",
        });

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/members/{id:long}/account", async (long id, Request body, LinkMemberAccount h, CancellationToken ct) =>
                (await h.HandleAsync(id, body, ct)).ToHttp(v => v.Created ? Results.Created($"/api/v1/members/{id}/account", v) : Results.Ok(v)))
           .RequireRecord(Permission.MemberManage, typeof(Member))
           .WithSummary("关联账号：userId 关联已有账号；或 userName / useMobile=true 新建账号（一次性密码只返回一次，sendSms=true 时改为短信发送）")
           .Produces<Linked>().Produces<Linked>(201).ProducesValidationProblem().ProducesProblem(409);
    }
}
