using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// The record tabs of the member page (党内职务, 奖惩, 家庭成员, photo): their data and the handlers that add and
/// remove rows. The page is authorized for MemberRead on the member's organization; changing the record further
/// needs MemberManage there (checked in each handler).
/// </summary>
public sealed partial class DetailsModel
{
    /// <summary>The open tab: basic, party, posts, rewards or family.</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    /// <summary>A short confirmation after a change to the record tabs.</summary>
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public MemberPostForm PostForm { get; set; } = new();
    [BindProperty] public MemberRewardPenaltyForm RewardForm { get; set; } = new();
    [BindProperty] public MemberFamilyForm FamilyForm { get; set; } = new();
    public GetMemberRecord.Tabs Record { get; private set; } = GetMemberRecord.Tabs.Empty;
    /// <summary>Field errors of the form that was just posted (the one of <see cref="Tab"/>).</summary>
    public IDictionary<string, string[]> RecordErrors { get; private set; } = new Dictionary<string, string[]>();
    public string? PhotoError { get; private set; }

    public static readonly IReadOnlyList<(string Key, string Title)> TabList =
        [("basic", "基本信息"), ("party", "党籍信息"), (EditMemberRecord.PostsTab, "党内职务"), (EditMemberRecord.RewardsTab, "奖惩"), (EditMemberRecord.FamilyTab, "家庭成员")];

    public string ActiveTab => TabList.Any(t => t.Key == Tab) ? Tab! : "basic";

    public string DoneMessage => Done switch
    {
        "added" => "已添加。",
        "removed" => "已删除（审计日志保留删除前的内容）。",
        "photo" => "照片已更新。",
        "photo-removed" => "照片已删除。",
        _ => "",
    };

    private UserContext CurrentUser => HttpContext.RequestServices.GetRequiredService<UserContext>();
    private AppDbContext Db => HttpContext.RequestServices.GetRequiredService<AppDbContext>();

    /// <summary>Loads the tabs for the page (called from OnGetAsync once the member is loaded).</summary>
    private async Task LoadRecordAsync(CancellationToken ct) =>
        Record = await HttpContext.RequestServices.GetRequiredService<GetMemberRecord>().HandleAsync(Entity, CurrentUser.CurrentOrg!, "page", ct);

    public async Task<IActionResult> OnGetPhotoAsync(long id, [FromServices] MemberPhotos photos)
    {
        var r = await photos.GetAsync(id, HttpContext.RequestAborted);
        if (!r.IsOk) return NotFound();
        Response.Headers.CacheControl = "private, no-store";
        return File(r.Value.Bytes, r.Value.ContentType);
    }

    public Task<IActionResult> OnPostAddPostAsync(long id, [FromServices] EditMemberRecord edit) =>
        ChangeAsync(id, EditMemberRecord.PostsTab, m => edit.AddPostAsync(m, PostForm.ToDraft(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostAddRewardAsync(long id, [FromServices] EditMemberRecord edit) =>
        ChangeAsync(id, EditMemberRecord.RewardsTab, m => edit.AddRewardPenaltyAsync(m, CurrentUser.CurrentOrg!, RewardForm.ToDraft(), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostAddFamilyAsync(long id, [FromServices] EditMemberRecord edit) =>
        ChangeAsync(id, EditMemberRecord.FamilyTab, m => edit.AddFamilyAsync(m, FamilyForm.ToDraft(), HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostRemoveRowAsync(long id, string? tab, long rowId, [FromServices] EditMemberRecord edit)
    {
        if (await ManagedMemberAsync(id) is not { } m) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await edit.RemoveAsync(m, CurrentUser.CurrentOrg!, tab ?? "", rowId, HttpContext.RequestAborted);
        return r.ToStatusPage() ?? Redirect($"/Members/Details/{id}?tab={tab}&done=removed");
    }

    public async Task<IActionResult> OnPostPhotoAsync(long id, IFormFile? photo, [FromServices] MemberPhotos photos)
    {
        if (await ManagedMemberAsync(id) is not { } m) return StatusCode(StatusCodes.Status403Forbidden);
        PhotoError = (await photos.UploadAsync(m, photo, HttpContext.RequestAborted)).FirstMessage;
        if (PhotoError is null) return Redirect($"/Members/Details/{id}?done=photo");
        Tab = "basic";
        return await OnGetAsync(id, null);
    }

    public async Task<IActionResult> OnPostRemovePhotoAsync(long id, [FromServices] MemberPhotos photos)
    {
        if (await ManagedMemberAsync(id) is not { } m) return StatusCode(StatusCodes.Status403Forbidden);
        if ((await photos.RemoveAsync(m, HttpContext.RequestAborted)).ToStatusPage() is { } status) return status;
        return Redirect($"/Members/Details/{id}?done=photo-removed");
    }

    private async Task<IActionResult> ChangeAsync(long id, string tab, Func<Member, Task<Result>> change)
    {
        if (await ManagedMemberAsync(id) is not { } m) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await change(m);
        if (r.IsOk) return Redirect($"/Members/Details/{id}?tab={tab}&done=added");
        RecordErrors = r.Errors!.ToDictionary();
        Tab = tab;
        return await OnGetAsync(id, null);
    }

    /// <summary>The member, when the caller may change its record (MemberManage on its organization).</summary>
    private async Task<Member?> ManagedMemberAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await CurrentUser.HasAsync(Permission.MemberManage, CurrentUser.CurrentOrg, ct)) return null;
        return await Db.Members.AsNoTracking().FirstAsync(m => m.Id == id, ct);
    }
}
