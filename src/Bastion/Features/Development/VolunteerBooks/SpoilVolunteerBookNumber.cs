using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>
/// 作废登记: a 志愿书 number, used or not, is registered 作废 or 遗失 with its reason and date and whether the spoiled form
/// was handed back. The number is never given again; a person who held it no longer does, and with <c>reissue</c> gets
/// a new number in the same transaction (the next free one, never the old one).
/// </summary>
public sealed class SpoilVolunteerBookNumber(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Number, string? Kind, string? Reason, DateOnly? On, bool? FormReturned, DateOnly? ReturnedOn, bool? Reissue);

    public sealed record Response(ListVolunteerBookSpoils.Row Spoiled, string? NewNumber);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/volunteer-books/spoiled", async (Request body, UserContext user, SpoilVolunteerBookNumber handler, CancellationToken ct) =>
                (await handler.Handle(user.CurrentOrg!, body, ct)).ToHttp(done => Results.Created("/api/v1/development/volunteer-books/spoiled", done)))
           .Require(Permission.DevelopmentApprove)
           .WithSummary("登记入党志愿书作废/遗失（?org= 党委；number、kind（作废/遗失）、reason、on 必填；formReturned、returnedOn；reissue 为原使用人补发新编号）")
           .Produces<Response>(201).ProducesValidationProblem().ProducesProblem(422);

    /// <summary>The scope was authorized by the caller (MemberManage); the number must be in a range of its subtree. Field errors under number, kind, reason, on, formReturned, returnedOn.</summary>
    public async Task<Result<Response>> Handle(Organization scope, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var returned = req.FormReturned ?? false;
        VolunteerBookLoss? kind = Enum.TryParse<VolunteerBookLoss>(req.Kind?.Trim(), out var k) && !int.TryParse(req.Kind, out _) && Enum.IsDefined(k) ? k : null;
        var errors = VolunteerBookRules.ValidateSpoil(kind, req.Reason, req.On, returned, req.ReturnedOn, today);
        var ranges = await ListVolunteerBookRanges.Query(db, scope).ToListAsync(ct);
        var found = VolunteerBookRules.Find(req.Number, ranges);
        if (string.IsNullOrWhiteSpace(req.Number)) errors["number"] = ["请填写志愿书编号"];
        else if (found is null) errors["number"] = [$"编号“{req.Number.Trim()}”不在{scope.Name}的志愿书编号段内，请核对编号"];
        if (errors.Count > 0) return Result.Invalid(errors);
        var (r, number) = found!.Value;
        var on = req.On!.Value;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // waits for any assignment on this range, so the number's state is the committed one
        var range = await db.VolunteerBookRanges.FromSql($"SELECT * FROM volunteer_book_ranges WHERE id = {r.Id} FOR UPDATE").SingleAsync(ct);
        var text = VolunteerBookRules.Format(range, number);
        if (await db.VolunteerBookSpoils.AsNoTracking().FirstOrDefaultAsync(s => s.RangeId == range.Id && s.Number == number, ct) is { } already)
            return Result.Refused("作废编号不得重复登记", $"编号 {text} 已于{ChineseDates.Date(already.SpoiledOn)}登记{already.Kind}，不能重复登记", field: "number");
        if (on < range.IssuedOn) return Result.Invalid("on", $"作废/遗失日期不能早于该编号段的发放日期（{ChineseDates.Date(range.IssuedOn)}）");
        var use = await db.VolunteerBookUses.FirstOrDefaultAsync(u => u.RangeId == range.Id && u.Number == number, ct);
        if (use is not null && on < use.UsedOn) return Result.Invalid("on", $"作废/遗失日期不能早于该编号的使用日期（{ChineseDates.Date(use.UsedOn)}）");

        if (use is not null) use.SpoiledOn = on;
        var spoil = new VolunteerBookSpoil
        {
            RangeId = range.Id, OrgId = range.OrgId, Number = number, NumberText = text, Kind = kind!.Value, Reason = req.Reason!.Trim(), SpoiledOn = on,
            FormReturned = returned, ReturnedOn = returned ? req.ReturnedOn : null, UseId = use?.Id, CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.VolunteerBookSpoils.Add(spoil);
        await db.SaveChangesAsync(ct);

        string? newNumber = null;
        if (req.Reissue == true && use is not null)
        {
            var committee = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == range.OrgId, ct);
            var taken = await VolunteerBookNumbers.TakeAsync(db, committee, use.DevelopmentCaseId, use.PersonName, today, ct);
            if (!taken.IsOk) return taken.Status; // nothing written: the transaction is not committed
            newNumber = taken.Value;
        }
        // the case shows the number its person holds now: the new one, or none until one is given
        if (use is not null)
            await db.Set<DevelopmentCase>().Where(c => c.Id == use.DevelopmentCaseId && c.VolunteerBookNo == text)
                .ExecuteUpdateAsync(x => x.SetProperty(c => c.VolunteerBookNo, newNumber), ct);
        await tx.CommitAsync(ct);
        var row = (await ListVolunteerBookSpoils.RowsAsync(db, db.VolunteerBookSpoils.Where(s => s.Id == spoil.Id), ct)).Single();
        return new Response(row, newNumber);
    }
}
