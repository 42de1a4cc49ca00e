using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// Moves an inspected organization to the next phase, recording the day and a note. Entering 反馈 locks the
/// findings (by phase), sets feedback_at and creates the rectification plan in the same transaction; when the
/// plan cannot be made (no secretary account) the move is refused and nothing is written.
/// </summary>
public sealed class AdvancePhase(AppDbContext db, UserContext user, CreateRectificationPlan plan, InspectionNotifier notify, TimeProvider clock)
{
    public const int NoteMax = 1000;

    public sealed record Request(string? Phase, string? Note, DateOnly? EnteredOn);

    public sealed record Moved(string Phase, int LedgerItemsCreated);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/inspections/targets/{id:long}/phase", async (long id, Request body, AdvancePhase handler, CancellationToken ct) =>
                (await handler.Handle(id, body, ct)).ToHttp())
           .RequireRecord(Permission.InspectionManage, typeof(InspectionTarget))
           .WithSummary("推进到下一阶段（phase 可写明要进入的阶段、note 说明、enteredOn 日期；进入反馈即锁定问题并生成整改台账）")
           .Produces<Moved>().ProducesValidationProblem();

    public async Task<Result<Moved>> Handle(long targetId, Request req, CancellationToken ct)
    {
        var t = await db.Set<InspectionTarget>().FirstOrDefaultAsync(x => x.Id == targetId, ct);
        if (t is null) return Result.Invalid("id", "被巡察党组织不存在");
        if (InspectionRules.Next(t.Phase) is not { } next) return Result.Invalid("phase", "已归档，没有下一阶段");
        // the caller may name the phase it expects to enter: a stale page does not skip a phase
        if (!string.IsNullOrWhiteSpace(req.Phase) && req.Phase.Trim() != next.ToString())
            return Result.Invalid("phase", $"当前阶段为{t.Phase}，下一阶段是{next}，不能进入{req.Phase.Trim()}（阶段须依次推进）");
        var note = InspectionInput.Clean(req.Note);
        if (note is { Length: > NoteMax }) return Result.Invalid("note", $"说明不超过{NoteMax}字");
        var now = clock.GetUtcNow();
        var day = req.EnteredOn ?? ChineseDates.DayOf(now);
        var last = await db.Set<InspectionPhaseEntry>().AsNoTracking().Where(e => e.TargetId == t.Id).OrderByDescending(e => e.Id).Select(e => (DateOnly?)e.EnteredOn).FirstOrDefaultAsync(ct);
        if (last is { } l && day < l) return Result.Invalid("enteredOn", $"进入{next}的日期不能早于上一阶段的日期（{ChineseDates.Date(l)}）");
        if (day > ChineseDates.DayOf(now)) return Result.Invalid("enteredOn", "日期不能晚于今天");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = 0;
        if (next == InspectionPhase.反馈)
        {
            var name = await db.Users.AsNoTracking().Where(u => u.Id == user.UserId).Select(u => u.DisplayName == "" ? u.UserName! : u.DisplayName).FirstAsync(ct);
            var r = await plan.HandleAsync(t, user.UserId!.Value, name, now, ct);
            if (!r.IsOk) return Result.Invalid("phase", r.Status.Message!);
            created = r.Value;
            t.FeedbackAt = now;
        }
        t.Phase = next;
        t.PhaseChangedAt = now;
        db.Add(new InspectionPhaseEntry { TargetId = t.Id, Phase = next, EnteredOn = day, RecordedAt = now, RecordedBy = user.UserName ?? "", Note = note });
        if (next == InspectionPhase.反馈)
            await notify.InspectedLeadershipAsync(t.OrgId, "巡察反馈：请落实整改", $"巡察组已反馈意见，已生成{created}项整改任务，请按期整改。", $"/Inspections/Target/{t.Id}", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Moved(next.ToString(), created);
    }
}
