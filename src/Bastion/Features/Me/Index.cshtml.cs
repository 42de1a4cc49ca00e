using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Me;

/// <summary>
/// 我的党籍: the signed-in account's own member record (through users.member_id) — never anyone else's, whatever is
/// posted. The ID number and phone are masked until the owner asks to see them (that view is audited too); the
/// owner may ask for a field to be corrected (申请更正).
/// </summary>
[SignedIn]
public sealed class IndexModel(AppDbContext db, UserContext user, RequestMemberCorrection request) : PageModel
{
    public Member? Member { get; private set; }
    public Organization? Branch { get; private set; }
    public IReadOnlyList<MemberPost> Posts { get; private set; } = [];
    public IReadOnlyList<MemberCorrection> Corrections { get; private set; } = [];
    public bool HasPhoto { get; private set; }
    public bool Shown { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [BindProperty(SupportsGet = true)] public int? Sent { get; set; }
    [BindProperty] public string? Field { get; set; }
    [BindProperty] public string? ProposedValue { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(int? show)
    {
        await LoadAsync(HttpContext.RequestAborted);
        if (Member is not null && show == 1)
        {
            Shown = true;
            await PersonalData.RecordFullViewAsync(db, Member, "self", HttpContext.RequestAborted);
        }
    }

    public async Task<IActionResult> OnPostCorrectionAsync()
    {
        var ct = HttpContext.RequestAborted;
        var own = await RequestMemberCorrection.OwnMemberAsync(db, user, ct);
        if (own is null) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await request.HandleAsync(own, Field, ProposedValue, Reason, ct);
        if (r.IsOk) return Redirect("/Me?sent=1#my-corrections");
        Errors = r.Errors!.ToDictionary();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetPhotoAsync([FromServices] MemberPhotos photos)
    {
        var own = await RequestMemberCorrection.OwnMemberAsync(db, user, HttpContext.RequestAborted);
        if (own is null || await photos.GetAsync(own.Id, HttpContext.RequestAborted) is not { IsOk: true } r) return NotFound();
        Response.Headers.CacheControl = "private, no-store";
        return File(r.Value.Bytes, r.Value.ContentType);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Member = await RequestMemberCorrection.OwnMemberAsync(db, user, ct);
        if (Member is null) return;
        var id = Member.Id;
        Branch = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Member.OrgId, ct);
        Posts = await GetMemberRecord.PostsAsync(db, id, ct);
        Corrections = await RequestMemberCorrection.MineAsync(db, id, ct);
        HasPhoto = await db.Set<MemberPhoto>().AnyAsync(p => p.MemberId == id, ct);
    }
}
