using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// 解除关联: the account and the member part; the account keeps its other grants but loses its 普通党员 grant (it
/// followed the link) and with it 我的组织生活, 请假 and 扫码签到. Same callers as <see cref="LinkMemberAccount"/>.
/// </summary>
public sealed class UnlinkMemberAccount(AppDbContext db, UserContext current)
{
    public sealed record Unlinked(long UserId, long MemberId, string UserName);

    public async Task<Result<Unlinked>> HandleAsync(long memberId, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return Result.NotFound("党员不存在");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == member.OrgId, ct);
        if (!await current.HasAsync(Permission.AccountManage, null, ct) && !await current.HasAsync(Permission.MemberManage, org, ct))
            return Result.Forbidden("您没有管理该党员的权限");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await db.Users.FromSql($"SELECT * FROM users WHERE member_id = {memberId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (user is null) return Result.NotFound($"{member.Name}没有关联账号");
        user.MemberId = null;
        db.RoleGrants.RemoveRange(await db.RoleGrants.Where(g => g.UserId == user.Id && g.Role == Role.Member).ToListAsync(ct));
        AuditEvents.Add(db, "account.unlink_member", "users", user.Id, member.OrgId, new { memberId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Unlinked(user.Id, memberId, Masking.UserName(user.UserName) ?? "");
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapDelete("/members/{id:long}/account", async (long id, UnlinkMemberAccount h, CancellationToken ct) =>
                (await h.HandleAsync(id, ct)).ToHttp(_ => Results.NoContent()))
           .RequireRecord(Permission.MemberManage, typeof(Member))
           .WithSummary("解除党员与账号的关联（撤销随关联授予的普通党员角色）").Produces(204).ProducesProblem(404);
    }
}
