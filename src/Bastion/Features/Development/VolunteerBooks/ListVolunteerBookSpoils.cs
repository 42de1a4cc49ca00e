using System.Text.Json.Serialization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>GET /api/v1/development/volunteer-books/spoiled — 作废登记: the spoiled and lost numbers of the committees in the subtree.</summary>
public static class ListVolunteerBookSpoils
{
    /// <summary>One spoiled number; <c>PersonName</c> when it had been given to someone, <c>NewNumber</c> the number that person holds now.</summary>
    public sealed record Row(long Id, string Number, long OrgId, string Org, [property: JsonConverter(typeof(JsonStringEnumConverter<VolunteerBookLoss>))] VolunteerBookLoss Kind, string Reason, DateOnly SpoiledOn,
        bool FormReturned, DateOnly? ReturnedOn, string? PersonName, long? DevelopmentCaseId, string? NewNumber, string? CreatedBy);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/volunteer-books/spoiled", async (UserContext user, AppDbContext db, CancellationToken ct) =>
                Results.Ok(await RowsAsync(db, Query(db, user.CurrentOrg!).Take(5000), ct)))
           .Require(Permission.DevelopmentRead)
           .WithSummary("入党志愿书作废/遗失登记（?org= 组织：本级及下级党委；newNumber 为原使用人补发的新编号）").Produces<List<Row>>();

    public static IQueryable<VolunteerBookSpoil> Query(AppDbContext db, Organization org)
    {
        var subtree = db.UnderOrg(org).Select(o => o.Id);
        return db.VolunteerBookSpoils.AsNoTracking().Where(s => subtree.Contains(s.OrgId));
    }

    /// <summary>Newest first.</summary>
    public static IQueryable<Row> Project(AppDbContext db, IQueryable<VolunteerBookSpoil> spoils)
    {
        var uses = db.VolunteerBookUses.AsNoTracking();
        return from s in spoils
               join o in db.Organizations.AsNoTracking() on s.OrgId equals o.Id
               join u0 in uses on s.UseId equals u0.Id into us
               from u in us.DefaultIfEmpty()
               orderby s.SpoiledOn descending, s.Id descending
               select new Row(s.Id, s.NumberText, s.OrgId, o.Name, s.Kind, s.Reason, s.SpoiledOn, s.FormReturned, s.ReturnedOn,
                   u == null ? null : u.PersonName, u == null ? null : u.DevelopmentCaseId,
                   u == null ? null : uses.Where(n => n.DevelopmentCaseId == u.DevelopmentCaseId && n.SpoiledOn == null).Select(n => n.NumberText).FirstOrDefault(),
                   db.Users.Where(a => a.UserName == s.CreatedBy && a.DisplayName != "").Select(a => a.DisplayName).FirstOrDefault() ?? s.CreatedBy);
    }

    public static Task<List<Row>> RowsAsync(AppDbContext db, IQueryable<VolunteerBookSpoil> spoils, CancellationToken ct) => Project(db, spoils).ToListAsync(ct);

    public static readonly IReadOnlyList<string> ExportHeaders = ["志愿书编号", "类别", "原因", "作废/遗失日期", "原使用人", "原志愿书是否交回", "交回日期", "补发编号", "党委", "登记人"];

    public static IReadOnlyList<object?> ExportRow(Row r) =>
        [r.Number, r.Kind.ToString(), r.Reason, r.SpoiledOn, r.PersonName ?? "（未使用）", r.FormReturned ? "是" : "否", r.ReturnedOn, r.NewNumber, r.Org, r.CreatedBy];
}
