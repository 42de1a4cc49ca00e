using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Organizations;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Setup;

/// <summary>
/// 首次设置 of a production install: the initial 系统管理员 (the only account a fresh database has) creates the top
/// 党委 and the three accounts nobody else could create — the 安全管理员 and 审计管理员 (三员分立: the 系统管理员
/// cannot hold those duties) and the first 党委管理员 on the new 党委 — each with a one-time password shown once and
/// changed at first sign-in. Allowed only while the platform has no organization; afterwards organizations are made
/// under the tree and roles are granted by the 安全管理员 as usual.
/// </summary>
public sealed class InitialSetup(AppDbContext db, UserManager<AppUser> users, Admin.CreateAccount create, AuditActor actor, TimeProvider clock)
{
    public sealed record Request(string? OrgName, string? OrgAdminUserName, string? OrgAdminDisplayName,
        string? SecurityAdminUserName, string? AuditAdminUserName);

    public sealed record Account(string UserName, string DisplayName, string Role, string OneTimePassword);
    public sealed record Done(long OrgId, string OrgName, IReadOnlyList<Account> Accounts);

    /// <summary>Serialises two administrators submitting the form at once (and a demo seed).</summary>
    private const long Lock = AdvisoryLocks.FirstRunSetup;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/setup", async (Request req, InitialSetup handler, CancellationToken ct) => (await handler.Handle(req, ct)).ToHttp())
           .Require(Permission.AccountManage, OrgFrom.None)
           .WithSummary("首次设置：建立顶层党委和安全管理员、审计管理员、党委管理员账号（仅在尚无任何组织时）").Produces<Done>();

    /// <summary>True while the platform has no organization (a fresh production install).</summary>
    public static async Task<bool> IsNeededAsync(AppDbContext db, CancellationToken ct = default) => !await db.Organizations.AnyAsync(ct);

    private const string AlreadyDone = "首次设置已完成：平台已有组织。新建下级组织请到“组织架构”，分配角色请由安全管理员在“角色授权”中办理。";

    /// <summary>What was set up; Invalid with field errors, or Conflict once the platform has an organization.</summary>
    public async Task<Result<Done>> Handle(Request req, CancellationToken ct = default)
    {
        if (!await IsNeededAsync(db, ct)) return Result.Conflict(AlreadyDone);
        var errors = new Dictionary<string, string[]>();
        var orgName = (req.OrgName ?? "").Trim();
        if (OrgLifecycleRules.CheckName(orgName) is { } badName) errors["orgName"] = [badName];
        var orgAdminDisplay = (req.OrgAdminDisplayName ?? "").Trim();
        if (orgAdminDisplay.Length == 0) errors["orgAdminDisplayName"] = ["请输入党委管理员的姓名"];
        else if (orgAdminDisplay.Length > 50) errors["orgAdminDisplayName"] = ["姓名不能超过50个字"];
        var names = new (string Field, string? Value, string Label)[]
        {
            ("orgAdminUserName", req.OrgAdminUserName, "党委管理员"),
            ("securityAdminUserName", req.SecurityAdminUserName, "安全管理员"),
            ("auditAdminUserName", req.AuditAdminUserName, "审计管理员"),
        };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, value, label) in names)
        {
            var name = (value ?? "").Trim();
            if (name.Length == 0) errors[field] = [$"请输入{label}的用户名"];
            else if (!seen.Add(name)) errors[field] = ["三个账号的用户名不能相同"];
            else if (await Admin.CreateAccount.CheckUserNameAsync(users, name) is { } bad) errors[field] = [bad];
        }
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({Lock})", ct);
        if (await db.Organizations.AnyAsync(ct))
            return Result.Conflict(AlreadyDone); // another administrator finished it meanwhile

        var now = clock.GetUtcNow();
        var id = await db.NextOrganizationIdAsync(ct);
        var org = new Organization { Id = id, Name = orgName, Type = OrgType.党委, ParentId = null, Path = OrgRules.ChildPath("", id), CreatedAt = now };
        db.Organizations.Add(org);
        db.AddHistory(actor, id, OrgHistoryAction.新建, null, $"{orgName}（{OrgType.党委}）", null, "首次设置：建立顶层党委", null, now);
        await db.SaveChangesAsync(ct);

        var accounts = new List<Account>();
        async Task<bool> CreateAsync(string field, string userName, string display, Role role, long? orgId)
        {
            var password = PasswordPolicy.Generate();
            var made = await create.CreateAsync(new Admin.CreateAccount.NewAccount(userName, display), password, field);
            if (!made.IsOk)
            {
                errors[field] = made.Status.Errors![field];
                return false;
            }
            var user = made.Value;
            db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = role, OrgId = orgId, GrantedAt = now, GrantedBy = actor.UserId });
            await db.SaveChangesAsync(ct);
            accounts.Add(new Account(userName, display, Roles.Display(role), password));
            return true;
        }

        if (!await CreateAsync("securityAdminUserName", req.SecurityAdminUserName!.Trim(), "安全管理员", Role.SecurityAdmin, null)
            || !await CreateAsync("auditAdminUserName", req.AuditAdminUserName!.Trim(), "审计管理员", Role.AuditAdmin, null)
            || !await CreateAsync("orgAdminUserName", req.OrgAdminUserName!.Trim(), orgAdminDisplay, Role.OrgAdmin, id))
            return Result.Invalid(errors); // the transaction is disposed uncommitted: nothing of the setup remains
        await tx.CommitAsync(ct);
        return new Done(id, orgName, accounts);
    }
}
