using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>What the details page shows besides the record: the contact log and the record's change history (动态更新) from the audit trail.</summary>
public static class GetUnitedFrontPerson
{
    public sealed record Contact(long Id, DateOnly ContactDate, string OurPerson, string Topics, string? FollowUp, string RecordedBy, DateTimeOffset RecordedAt);
    public sealed record Change(DateTimeOffset At, string? ActorName, string Action, IReadOnlyList<string> Fields);

    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["name"] = "姓名", ["gender"] = "性别", ["category"] = "类别", ["party"] = "所属民主党派", ["ethnicity"] = "民族",
        ["birth_date"] = "出生日期", ["employer"] = "工作单位", ["position"] = "职务", ["expertise"] = "专长", ["phone"] = "联系电话",
        ["notes"] = "备注", ["org_id"] = "所属组织",
    };

    public static async Task<IReadOnlyList<Contact>> ContactsAsync(AppDbContext db, long personId, CancellationToken ct = default) =>
        await db.Set<UnitedFrontContact>().AsNoTracking().Where(c => c.PersonId == personId)
            .OrderByDescending(c => c.ContactDate).ThenByDescending(c => c.Id)
            .Select(c => new Contact(c.Id, c.ContactDate, c.OurPerson, c.Topics, c.FollowUp, c.RecordedBy, c.RecordedAt))
            .ToListAsync(ct);

    /// <summary>The record's create and update rows of the audit trail, newest first, each with the fields it changed.</summary>
    public static async Task<IReadOnlyList<Change>> HistoryAsync(AppDbContext db, long personId, int take = 50, CancellationToken ct = default)
    {
        var id = personId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == "united_front_people" && a.EntityId == id && (a.Action == "create" || a.Action == "update"))
            .OrderByDescending(a => a.Id).Take(take)
            .Select(a => new { a.At, a.ActorName, a.Action, a.Before, a.After })
            .ToListAsync(ct);
        return rows.Select(r => new Change(r.At, r.ActorName, r.Action, r.Action == "update" ? ChangedFields(r.Before, r.After) : [])).ToList();
    }

    /// <summary>Chinese names of the fields that differ between two audit snapshots.</summary>
    public static IReadOnlyList<string> ChangedFields(string? before, string? after)
    {
        static Dictionary<string, string> Read(string? json)
        {
            if (string.IsNullOrEmpty(json)) return [];
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText())
                : [];
        }
        var b = Read(before);
        var a = Read(after);
        return FieldNames.Where(f => b.GetValueOrDefault(f.Key) != a.GetValueOrDefault(f.Key)).Select(f => f.Value).ToList();
    }
}
