using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>The meetings (planned, held, cancelled) of an organization's subtree in a period: the calendar and the API.</summary>
public static class ListPlans
{
    public sealed record Row(long Id, long OrgId, string OrgName, MeetingKinds Kinds, MeetingState State, DateTimeOffset HeldAt, string Topic, string? Place)
    {
        public DateOnly Day => PlanRules.LocalDate(HeldAt);
        public string Time => PlanRules.LocalTime(HeldAt).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The API's item.</summary>
    public sealed record Item(long Id, long OrgId, string OrgName, IReadOnlyList<string> Types, string State, DateTimeOffset HeldAt, string Topic, string? Place);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/plans", async (int? year, UserContext user, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var y = year ?? clock.Today().Year;
                if (y is < 2000 or > 2100) return ErrorResponses.Validation(new Dictionary<string, string[]> { ["year"] = ["年份无效"] });
                var (from, to) = PlanQueries.YearRange(y);
                var rows = await RowsAsync(db, user.CurrentOrg!, from, to, [MeetingState.计划], ct);
                return Results.Ok(rows.Select(r => new Item(r.Id, r.OrgId, r.OrgName, MeetingRules.Split(r.Kinds).Select(k => k.ToString()).ToList(),
                    r.State.ToString(), r.HeldAt, r.Topic, r.Place)).ToList());
            })
           .Require(Permission.MeetingRead)
           .WithSummary("组织生活计划（?org= 组织，含下级；?year= 年份，默认今年）：计划中的会议")
           .Produces<IReadOnlyList<Item>>();

    /// <summary>Meetings of the organization and everything under it with a start in [from, to), in the given states.</summary>
    public static async Task<IReadOnlyList<Row>> RowsAsync(AppDbContext db, Organization root, DateTimeOffset start, DateTimeOffset end,
        IReadOnlyCollection<MeetingState> states, CancellationToken ct = default)
    {
        var orgs = db.UnderOrg(root);
        var list = states.ToList();
        return await (
            from m in db.Set<Meeting>().AsNoTracking()
            join o in orgs on m.OrgId equals o.Id
            where m.HeldAt >= start && m.HeldAt < end && list.Contains(m.State)
            orderby m.HeldAt, m.Id
            select new Row(m.Id, m.OrgId, o.Name, m.Kinds, m.State, m.HeldAt, m.Topic, m.Place)).ToListAsync(ct);
    }
}
