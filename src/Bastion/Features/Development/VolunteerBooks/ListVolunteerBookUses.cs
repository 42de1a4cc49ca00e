using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>GET /api/v1/development/volunteer-books/uses — 使用登记: the numbers given to development cases by the committees of the subtree.</summary>
public static class ListVolunteerBookUses
{
    public sealed record Row(long Id, string Number, long OrgId, string Org, long DevelopmentCaseId, string PersonName, DateOnly UsedOn, DateOnly? SpoiledOn, string? CreatedBy);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/volunteer-books/uses", async (UserContext user, AppDbContext db, long? caseId, CancellationToken ct) =>
                Results.Ok(await RowsAsync(db, Filter(Query(db, user.CurrentOrg!), caseId).Take(5000), ct)))
           .Require(Permission.DevelopmentRead)
           .WithSummary("入党志愿书使用登记（?org= 组织：本级及下级党委；?caseId= 某一发展对象；spoiledOn 非空表示该编号已作废/遗失）").Produces<List<Row>>();

    public static IQueryable<VolunteerBookUse> Query(AppDbContext db, Organization org)
    {
        var subtree = db.UnderOrg(org).Select(o => o.Id);
        return db.VolunteerBookUses.AsNoTracking().Where(u => subtree.Contains(u.OrgId));
    }

    public static IQueryable<VolunteerBookUse> Filter(IQueryable<VolunteerBookUse> q, long? caseId) =>
        caseId is { } id ? q.Where(u => u.DevelopmentCaseId == id) : q;

    /// <summary>Newest first.</summary>
    public static IQueryable<Row> Project(AppDbContext db, IQueryable<VolunteerBookUse> uses) =>
        from u in uses
        join o in db.Organizations.AsNoTracking() on u.OrgId equals o.Id
        orderby u.UsedOn descending, u.Id descending
        select new Row(u.Id, u.NumberText, u.OrgId, o.Name, u.DevelopmentCaseId, u.PersonName, u.UsedOn, u.SpoiledOn,
            db.Users.Where(a => a.UserName == u.CreatedBy && a.DisplayName != "").Select(a => a.DisplayName).FirstOrDefault() ?? u.CreatedBy);

    public static Task<List<Row>> RowsAsync(AppDbContext db, IQueryable<VolunteerBookUse> uses, CancellationToken ct) => Project(db, uses).ToListAsync(ct);

    public static readonly IReadOnlyList<string> ExportHeaders = ["志愿书编号", "姓名", "党委", "发展对象记录号", "领取日期", "状态", "经办人"];

    public static IReadOnlyList<object?> ExportRow(Row r) =>
        [r.Number, r.PersonName, r.Org, r.DevelopmentCaseId, r.UsedOn, r.SpoiledOn is { } s ? $"已作废/遗失（{ChineseDates.Date(s)}）" : "在用", r.CreatedBy];
}
