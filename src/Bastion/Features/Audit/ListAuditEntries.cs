using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Audit;

/// <summary>Audit trail query shared by the viewer page and GET /api/v1/audit (审计管理员 only).</summary>
public static class ListAuditEntries
{
    public sealed record Filter(string? Actor, string? Entity, string? Action, DateOnly? From, DateOnly? To, int Page = 1, int Size = 50);
    public sealed record Row(long Id, DateTimeOffset At, string? ActorName, long? OrgId, string Action, string? Entity, string? EntityId, string? Before, string? After, string? ClientIp, string Result, string? Hash);
    public sealed record Result(int Total, int Page, int Size, IReadOnlyList<Row> Items);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit", async ([AsParameters] Query q, AppDbContext db, CancellationToken ct) =>
                Results.Ok(await QueryAsync(db, new Filter(q.Actor, q.Entity, q.Action, q.From, q.To, q.Page ?? 1, Math.Clamp(q.Size ?? 50, 1, 500)), ct)))
           .Require(Permission.AuditRead, OrgFrom.None)
           .WithSummary("审计日志查询").Produces<Result>();

    public sealed record Query(string? Actor, string? Entity, string? Action, DateOnly? From, DateOnly? To, int? Page, int? Size);

    public static async Task<Result> QueryAsync(AppDbContext db, Filter f, CancellationToken ct = default)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Actor)) q = q.Where(a => a.ActorName!.Contains(f.Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Entity)) q = q.Where(a => a.Entity == f.Entity.Trim());
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(a => a.Action.StartsWith(f.Action.Trim()));
        if (f.From is { } from) { var t = Start(from); q = q.Where(a => a.At >= t); }
        if (f.To is { } to) { var t = Start(to.AddDays(1)); q = q.Where(a => a.At < t); }
        var total = await q.CountAsync(ct);
        var page = Math.Max(1, f.Page);
        var items = await q.OrderByDescending(a => a.Id).Skip((page - 1) * f.Size).Take(f.Size)
            .Select(a => new Row(a.Id, a.At, a.ActorName, a.OrgId, a.Action, a.Entity, a.EntityId, a.Before, a.After, a.ClientIp, a.Result, a.Hash))
            .ToListAsync(ct);
        return new Result(total, page, f.Size, items);
    }

    /// <summary>Midnight China time of a calendar day, as an instant.</summary>
    private static DateTimeOffset Start(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

    public static string ActionName(string action) => action switch
    {
        "create" => "新增",
        "update" => "修改",
        "delete" => "删除",
        "signin" => "登录",
        "signin.password" => "登录（密码通过，待验证码）",
        "signin.2fa" => "双因素验证",
        "signin.lockout" => "账号锁定",
        "signout" => "退出登录",
        "password.change" => "修改密码",
        "2fa.enable" => "启用双因素",
        "2fa.disable" => "关闭双因素",
        "2fa.key" => "生成双因素密钥",
        "api.token" => "获取API令牌",
        _ => action,
    };
}
