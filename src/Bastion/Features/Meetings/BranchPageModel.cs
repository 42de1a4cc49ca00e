using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Meetings;

/// <summary>
/// What the 工作计划, 谈心谈话 and 民主评议 pages share: the current organization (a branch, or a superior that views
/// its subtree), the year shown, the message and field errors of the last change, and the check for changes —
/// MeetingManage on the organization (the handlers themselves refuse an organization that is not a branch).
/// </summary>
public abstract class BranchPageModel(UserContext caller, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    protected UserContext Caller => caller;
    protected TimeProvider Clock => clock;
    public Organization Org => caller.CurrentOrg!;
    public bool IsBranch => OrgRules.IsBranch(Org.Type);
    public bool CanManage { get; private set; }
    /// <summary>The year shown: the requested one when sensible, else this year.</summary>
    public int Y { get; private set; }
    public DateOnly Today { get; private set; }
    public string? Message { get; protected set; }
    public IDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    protected Task<bool> HasManageAsync() => caller.HasAsync(Permission.MeetingManage, Org, HttpContext.RequestAborted);

    protected StatusCodeResult Forbidden() => StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>Today, the year shown and whether the caller may change this branch's records.</summary>
    protected async Task LoadCommonAsync()
    {
        Today = clock.Today();
        Y = Year is >= 2000 and <= 2100 ? Year.Value : Today.Year;
        CanManage = IsBranch && await HasManageAsync();
    }
}
