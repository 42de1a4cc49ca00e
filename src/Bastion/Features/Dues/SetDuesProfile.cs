using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>Sets a member's dues category (党费类别) on the member's dues profile (audited before/after).</summary>
public sealed class SetDuesProfile(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Category, string? Note);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/dues/members/{id:long}/profile", async (long id, Request req, SetDuesProfile handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .RequireRecord(Permission.DuesManage, typeof(Member))
           .WithSummary("设置党员的党费类别").Produces(204).ProducesValidationProblem();

    public async Task<Result> Handle(long memberId, Request req, CancellationToken ct = default)
    {
        var category = DuesRules.ParseCategory(req.Category);
        if (category is null)
            return Result.Invalid("category", string.IsNullOrWhiteSpace(req.Category) ? "请选择党费类别"
                : $"未知的党费类别“{req.Category.Trim()}”，可选：{string.Join("、", DuesRules.AllCategories.Select(DuesRules.Label))}");
        if (req.Note is { Length: > 500 }) return Result.Invalid("note", "备注不超过500字");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Members.AnyAsync(m => m.Id == memberId, ct)) return Result.NotFound("该党员不存在");
        var profile = await db.Set<DuesProfile>().FirstOrDefaultAsync(p => p.MemberId == memberId, ct);
        if (profile is null) db.Add(profile = new DuesProfile { MemberId = memberId });
        profile.Category = category.Value;
        profile.Note = string.IsNullOrWhiteSpace(req.Note) ? null : req.Note.Trim();
        profile.UpdatedAt = clock.GetUtcNow();
        profile.UpdatedBy = user.UserName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict("同时有人设置了该党员的党费类别，请刷新后再试");
        }
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
