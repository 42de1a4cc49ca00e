using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>Committee appointments shared by starting a term and appointing a member to the current one.</summary>
public static class Committee
{
    /// <summary>One appointment as entered: the post, a name, optionally the member record, the date.</summary>
    public sealed record Input(string? Post, string? Name, long? MemberId, DateOnly? AppointedAt);

    public static CommitteePost? ParsePost(string? raw) =>
        Enum.TryParse<CommitteePost>(raw?.Trim(), out var p) && Enum.IsDefined(p) && !int.TryParse(raw, out _) ? p : null;

    /// <summary>True for a row left blank in the form (no name, no member).</summary>
    public static bool IsBlank(Input i) => string.IsNullOrWhiteSpace(i.Name) && i.MemberId is null;

    /// <summary>
    /// Checks one appointment and resolves its member link: a chosen member must belong to the organization's
    /// subtree (the name is taken from the record when left empty); a typed name matching exactly one member of
    /// the subtree is linked to that member. Errors go under "{prefix}.post", ".name", ".appointedAt", ".memberId".
    /// </summary>
    public static async Task<OrgTermMember?> ResolveAsync(AppDbContext db, Organization org, Input input, DateOnly termStart, DateOnly today,
        Dictionary<string, string[]> errors, string prefix, CancellationToken ct)
    {
        var ok = true;
        var post = ParsePost(input.Post);
        if (post is null) { errors[$"{prefix}.post"] = ["请选择职务（书记、副书记、组织委员、宣传委员、纪检委员）"]; ok = false; }
        var name = (input.Name ?? "").Trim();
        var subtreeMembers = db.Members.Where(m => db.UnderOrg(org).Select(o => o.Id).Contains(m.OrgId));
        long? memberId = null;
        if (input.MemberId is { } mid)
        {
            var member = await subtreeMembers.Where(m => m.Id == mid).Select(m => new { m.Id, m.Name }).FirstOrDefaultAsync(ct);
            if (member is null) { errors[$"{prefix}.memberId"] = ["所选党员不属于本组织"]; ok = false; }
            else
            {
                memberId = member.Id;
                if (name.Length == 0) name = member.Name;
            }
        }
        if (name.Length == 0) { errors[$"{prefix}.name"] = [post is { } p ? $"请填写{p}姓名" : "请填写姓名"]; ok = false; }
        else if (name.Length > TermRules.NameMaxLength) { errors[$"{prefix}.name"] = [$"姓名不能超过{TermRules.NameMaxLength}个字"]; ok = false; }
        else if (memberId is null)
        {
            var matches = await subtreeMembers.Where(m => m.Name == name).Select(m => m.Id).Take(2).ToListAsync(ct);
            if (matches.Count == 1) memberId = matches[0];
        }
        var appointed = input.AppointedAt ?? termStart;
        if (TermRules.ValidateAppointment(appointed, termStart, today) is { } bad) { errors[$"{prefix}.appointedAt"] = [bad]; ok = false; }
        return ok ? new OrgTermMember { Post = post!.Value, Name = name, MemberId = memberId, AppointedAt = appointed } : null;
    }

    public static readonly string[] Conflict = ["届次信息已被他人同时修改，请刷新页面后重试"];
}
