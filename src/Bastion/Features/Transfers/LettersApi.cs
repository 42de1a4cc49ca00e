using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// The API of 介绍信 bookkeeping, with the page's handlers: number ranges per issuing committee, and the 回执 of an
/// outward letter.
/// </summary>
public static class LettersApi
{
    public sealed record Range(long Id, long OrgId, string Org, string Prefix, int StartNumber, int EndNumber, int NextNumber, int Left, string First, string Last);
    public sealed record ReceiptBody(DateOnly? ReturnedOn);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/transfer-letters/ranges", ListRanges).Require(Permission.MemberRead)
           .WithSummary("介绍信编号段（?org= 组织：本级及下级设置的，以及上级党委的编号段；left 为剩余可用号数）").Produces<List<Range>>();
        api.MapPost("/transfer-letters/ranges", AddRange).Require(Permission.MemberManage)
           .WithSummary("设置介绍信编号段（?org= 须为党委；prefix、startNumber、endNumber）").Produces<Range>(201).ProducesValidationProblem();
        api.MapPost("/transfers/{id:long}/receipt", Receipt).RequireRecord(Permission.MemberManage, typeof(MemberTransfer))
           .WithSummary("登记转出介绍信的回执（returnedOn 回执返回日期）").Produces(204).ProducesValidationProblem();
    }

    private static Range Row(LetterNumberRange r, string org) => new(r.Id, r.OrgId, org, r.Prefix, r.StartNumber, r.EndNumber, r.NextNumber,
        Math.Max(0, r.EndNumber - r.NextNumber + 1), TransferRules.FormatLetterNo(r.Prefix, r.StartNumber, r.EndNumber), TransferRules.FormatLetterNo(r.Prefix, r.EndNumber, r.EndNumber));

    private static async Task<IResult> ListRanges(UserContext user, AppDbContext db, CancellationToken ct)
    {
        var org = user.CurrentOrg!;
        var subtree = db.UnderOrg(org).Select(o => o.Id);
        var chain = TransfersDb.SelfAndAncestors(org);
        var rows = await (from r in db.LetterNumberRanges.AsNoTracking()
                          where subtree.Contains(r.OrgId) || chain.Contains(r.OrgId)
                          join o in db.Organizations.AsNoTracking() on r.OrgId equals o.Id
                          orderby r.OrgId, r.Id
                          select new { r, o.Name }).ToListAsync(ct);
        return Results.Ok(rows.Select(x => Row(x.r, x.Name)).ToList());
    }

    private static async Task<IResult> AddRange(AddLetterNumberRange.Request body, UserContext user, AddLetterNumberRange handler, CancellationToken ct)
    {
        var (added, errors) = await handler.Handle(user.CurrentOrg!, body, ct);
        return added is null ? ErrorResponses.Validation(errors) : Results.Created("/api/v1/transfer-letters/ranges", Row(added, user.CurrentOrg!.Name));
    }

    private static async Task<IResult> Receipt(long id, ReceiptBody body, RecordLetterReceipt handler, CancellationToken ct) =>
        await handler.Handle(id, body.ReturnedOn, TransfersDb.Today(), ct) is { } errors ? ErrorResponses.Validation(errors) : Results.NoContent();
}
