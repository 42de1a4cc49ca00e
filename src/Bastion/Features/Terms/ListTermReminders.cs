using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>
/// 换届提醒: the organizations under one organization that are due within 6 months, due, overdue, or have
/// no current term recorded (or, with the filter "全部", every organization that holds 换届).
/// </summary>
public static class ListTermReminders
{
    public const string All = "全部";

    public sealed record Row(long OrgId, string OrgName, OrgType Type, string? ParentName, int? TermNumber, DateOnly? DueDate, bool Adjusted,
        ReminderStage Stage, int? Days);

    /// <summary>The API's item.</summary>
    public sealed record Item(long OrgId, string OrgName, string Type, string Stage, DateOnly? DueDate, int? Days);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/terms/reminders", async (string? stage, UserContext user, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                Results.Ok((await RowsAsync(db, user.CurrentOrg!, clock.Today(), stage, ct))
                    .Select(r => new Item(r.OrgId, r.OrgName, r.Type.ToString(), r.Stage.ToString(), r.DueDate, r.Days)).ToList()))
           .Require(Permission.OrgRead)
           .WithSummary("换届提醒（?org= 指定组织，默认当前组织；?stage= 六个月、三个月、到期、逾期、未录入届次 或 全部）")
           .Produces<IReadOnlyList<Item>>();

    /// <summary>The types that hold 换届.</summary>
    public static readonly OrgType[] TermTypes = Enum.GetValues<OrgType>().Where(TermRules.HoldsTerms).ToArray();

    /// <summary>Reads a stage filter: null/unknown = every reminder stage, "全部" = every organization, or one stage.</summary>
    public static (bool All, ReminderStage? Stage) ParseFilter(string? raw)
    {
        raw = raw?.Trim();
        if (raw == All) return (true, null);
        return Enum.TryParse<ReminderStage>(raw, out var s) && Enum.IsDefined(s) && !int.TryParse(raw, out _) && s != ReminderStage.无
            ? (false, s) : (false, null);
    }

    public static async Task<IReadOnlyList<Row>> RowsAsync(AppDbContext db, Organization root, DateOnly today, string? filter, CancellationToken ct = default)
    {
        var (all, only) = ParseFilter(filter);
        // a generous bound in SQL (6 months + 3 days covers month-end clamping); the exact stage is the pure rule's
        var horizon = today.AddMonths(6).AddDays(3);
        var types = TermTypes;
        var candidates = await (
            from o in db.UnderOrg(root).AsNoTracking()
            where o.Status == OrgStatus.正常 && types.Contains(o.Type)
            join t in db.OrgTerms.AsNoTracking().Where(t => t.EndDate == null) on o.Id equals t.OrgId into ts
            from t in ts.DefaultIfEmpty()
            join p in db.Organizations.AsNoTracking() on o.ParentId equals (long?)p.Id into ps
            from p in ps.DefaultIfEmpty()
            where all || t == null || (t.AdjustedDueDate ?? t.DueDate) <= horizon
            select new
            {
                o.Id, o.Name, o.Type, o.Path, ParentName = p == null ? null : p.Name,
                Number = t == null ? (int?)null : t.Number,
                Due = t == null ? (DateOnly?)null : (t.AdjustedDueDate ?? t.DueDate),
                Adjusted = t != null && t.AdjustedDueDate != null,
            }).ToListAsync(ct);
        return candidates
            .Select(c =>
            {
                var stage = TermRules.StageOn(c.Type, c.Due, today);
                return (c.Path, Row: new Row(c.Id, c.Name, c.Type, c.ParentName, c.Number, c.Due, c.Adjusted, stage, TermRules.DaysLeft(c.Due, today)));
            })
            .Where(x => all || (x.Row.Stage != ReminderStage.无 && (only is null || x.Row.Stage == only)))
            .OrderBy(x => TermRules.Urgency(x.Row.Stage)).ThenBy(x => x.Row.DueDate).ThenBy(x => x.Path, StringComparer.Ordinal)
            .Select(x => x.Row)
            .ToList();
    }
}
