using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Audit;

/// <summary>The audit viewer — only for the 审计管理员, read-only apart from verifying the chain.</summary>
[Require(Permission.AuditRead, From = OrgFrom.None)]
public sealed class IndexModel(AppDbContext db, Database database) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> Entities = new Dictionary<string, string>
    {
        ["users"] = "账号", ["organizations"] = "组织", ["members"] = "党员", ["role_grants"] = "角色授权",
        ["role_policies"] = "安全策略", ["api_tokens"] = "API令牌", ["notifications"] = "通知", ["user_tokens"] = "身份验证器",
        ["data_protection_keys"] = "密钥",
    };

    /// <summary>What a row is about, in words: "组织 12"; an authenticator key row names its account.</summary>
    public static string Describe(string? entity, string? entityId)
    {
        if (entity is null) return "";
        if (entity == "user_tokens" && entityId?.Split(',') is [var user, ..]) return $"账号 {user} 的身份验证器";
        return $"{(Entities.TryGetValue(entity, out var name) ? name : entity)} {entityId}".Trim();
    }

    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;

    public ListAuditEntries.Result Result { get; private set; } = null!;
    public Pager Pager { get; private set; } = null!;
    public AuditChain.Result? Verify { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verify = await AuditChain.VerifyAsync(database.ConnectionString, HttpContext.RequestAborted);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        const int size = 50;
        Result = await ListAuditEntries.QueryAsync(db, new ListAuditEntries.Filter(Actor, Entity, Action, From, To, Math.Max(1, PageNo), size), HttpContext.RequestAborted);
        Pager = new Pager(PageNo, size, Result.Total, Request.Query);
    }
}
