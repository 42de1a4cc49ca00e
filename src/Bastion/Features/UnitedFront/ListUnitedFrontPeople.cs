using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>The 统战 list of the organization in scope and everything beneath it; phones are always masked in lists.</summary>
public static class ListUnitedFrontPeople
{
    public const int DefaultPageSize = 20, MaxPageSize = 100;

    public sealed record Filter(UnitedFrontCategory? Category, string? Unit, string? Q, int Page = 1, int PageSize = DefaultPageSize);
    public sealed record Item(long Id, long OrgId, string OrgName, string Name, string Gender, string Category, string? Party, string Ethnicity,
        DateOnly? BirthDate, string? Employer, string? Position, string? Expertise, string Phone, DateOnly? LastContactDate, DateTimeOffset UpdatedAt);
    public sealed record Result(int Total, int Page, int PageSize, IReadOnlyList<Item> Items);
    public sealed record Query(string? Category, string? Unit, string? Q, int? Page, int? PageSize);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/united-front", async ([AsParameters] Query q, UserContext user, AppDbContext db, CancellationToken ct) =>
                {
                    UnitedFrontCategory? category = null;
                    if (!string.IsNullOrWhiteSpace(q.Category) && (category = UnitedFrontRules.ParseCategory(q.Category)) is null)
                        return ErrorResponses.Validation(new Dictionary<string, string[]> { ["category"] = ["类别应为民主党派成员、无党派人士、党外知识分子、少数民族或侨眷"] });
                    var filter = new Filter(category, q.Unit, q.Q, q.Page ?? 1, q.PageSize ?? DefaultPageSize);
                    return Results.Ok(await QueryAsync(db, user.CurrentOrg!, filter, ct));
                })
           .Require(Permission.UnitedFrontRead)
           .WithSummary("党外人士名单（?org= 指定组织，含下级；category、unit（工作单位）、q（姓名）、page、pageSize）").Produces<Result>().ProducesValidationProblem();

    /// <summary>Filters (category, 工作单位 text, name text) inside the subtree of an already authorized organization.</summary>
    public static async Task<Result> QueryAsync(AppDbContext db, Organization scope, Filter f, CancellationToken ct = default)
    {
        var q = db.PeopleUnder(scope).AsNoTracking();
        if (f.Category is { } c) q = q.Where(p => p.Category == c);
        if (Clean(f.Unit) is { } unit) q = q.Where(p => p.Employer != null && p.Employer.Contains(unit));
        if (Clean(f.Q) is { } name) q = q.Where(p => p.Name.Contains(name));
        var total = await q.CountAsync(ct);
        var (page, size) = Pager.Window(f.Page, f.PageSize, total, DefaultPageSize, MaxPageSize);
        var contacts = db.Set<UnitedFrontContact>();
        var rows = await q.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((page - 1) * size).Take(size)
            .Select(p => new
            {
                Person = p,
                LastContact = contacts.Where(x => x.PersonId == p.Id).Max(x => (DateOnly?)x.ContactDate),
            })
            .ToListAsync(ct);
        var orgIds = rows.Select(r => r.Person.OrgId).Distinct().ToList();
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var items = rows.Select(r =>
        {
            var p = r.Person;
            return new Item(p.Id, p.OrgId, orgNames.GetValueOrDefault(p.OrgId, ""), p.Name, p.Gender.ToString(), p.Category.ToString(), p.Party, p.Ethnicity,
                p.BirthDate, p.Employer, p.Position, p.Expertise, UnitedFrontRules.DisplayPhone(p.Phone, full: false), r.LastContact, p.UpdatedAt);
        }).ToList();
        return new Result(total, page, size, items);
    }

    /// <summary>How many records of each category lie in the subtree.</summary>
    public static async Task<IReadOnlyDictionary<UnitedFrontCategory, int>> CountsAsync(AppDbContext db, Organization scope, CancellationToken ct = default) =>
        await db.PeopleUnder(scope).AsNoTracking().GroupBy(p => p.Category).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static string? Clean(string? v)
    {
        var t = v?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }
}
