using Bastion.Data;
using Bastion.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>
/// 民主评议 section of the member record (<c>@await Component.InvokeAsync("MemberAppraisals", new { memberId })</c>): the
/// grades written when a branch finished its round, newest year first. The member page authorized the member.
/// </summary>
public sealed class MemberAppraisalsViewComponent(AppDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long memberId)
    {
        var grades = await db.Set<MemberAppraisal>().AsNoTracking().Where(a => a.MemberId == memberId).OrderByDescending(a => a.Year)
            .ToListAsync(HttpContext.RequestAborted);
        return View("/Features/Appraisals/_MemberAppraisals.cshtml", grades);
    }
}
