using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>
/// 给下一个编号 (POST /api/v1/development/cases/{id}/volunteer-book): a case past 预审 that holds no 志愿书 number — its
/// form was registered spoiled or lost without a reissue, or it passed 预审 before its 党委's ranges were recorded — gets
/// the next free number of the ranges its 党委 keeps (<see cref="VolunteerBookNumbers"/>: never a used or spoiled one,
/// taken under the range's lock). One person, one number: a case that holds one is refused.
/// </summary>
public sealed class GiveVolunteerBookNumber(AppDbContext db, TimeProvider clock, HolidayCalendar calendar)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases/{id:long}/volunteer-book", async (long id, GiveVolunteerBookNumber handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentApprove, typeof(DevelopmentCase))
           .WithSummary("给下一个入党志愿书编号：已预审但没有编号的发展党员档案从本党委的编号段领取下一个编号（一人一号，不重复使用）")
           .Produces<GetDevelopmentCase.Response>().ProducesProblem(409).ProducesProblem(422);

    /// <summary>The case was authorized by the caller (DevelopmentApprove on its organization).</summary>
    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, CancellationToken ct = default)
    {
        var today = clock.Today();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // one writer per case: a parallel request for the same person waits here and then finds the number given
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (c.State is DevelopmentState.转出 or DevelopmentState.撤回申请 or DevelopmentState.终止 or DevelopmentState.逝世)
            return Result.Conflict($"该发展党员档案已{c.State}，不能领取入党志愿书编号");
        var timeline = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        if (!timeline.Any(r => r.Version.Step == "13"))
            return Result.Refused(VolunteerBookNumbers.Rule, "入党志愿书编号在上级党委预审（第13步）合格后发放，该发展对象尚未预审", field: "volunteerBookNo");
        if (c.VolunteerBookNo is { } held)
            return Result.Refused(VolunteerBookNumbers.Rule, $"{c.Name}已有入党志愿书编号 {held}，一人只能使用一个编号；志愿书作废或遗失的，请先登记作废", field: "volunteerBookNo");
        if (await VolunteerBookNumbers.KeeperOfAsync(db, c.OrgId, ct) is not { } keeper)
            return Result.Refused(VolunteerBookNumbers.Rule, "上级党委尚未登记入党志愿书编号段（发放登记），不能给编号", field: "volunteerBookNo");
        var number = await VolunteerBookNumbers.AssignAsync(db, keeper, c.Id, c.Name, today, ct);
        if (!number.IsOk) return number.Status; // nothing written: the transaction is not committed
        c.VolunteerBookNo = number.Value;
        c.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, today, ct);
    }
}
