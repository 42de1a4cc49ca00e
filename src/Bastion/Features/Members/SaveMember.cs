using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// Creates or updates a member record with every rule of <see cref="MemberRules"/>. Changing a key date, the
/// category or the party status needs a reason and is kept in the member's history.
/// </summary>
public sealed class SaveMember(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(MemberInput Input, string? ChangeReason = null);

    private static readonly (string Field, string Label, Func<Member, string?> Get)[] KeyFields =
    [
        ("joinedAt", "入党日期", m => m.JoinedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ("confirmedAt", "转正日期", m => m.ConfirmedAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ("category", "人员类别", m => m.Category.ToString()),
        ("partyStatus", "党籍状态", m => m.PartyStatus.ToString()),
        ("birthDate", "出生日期", m => m.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ("idNumber", "公民身份号码", m => Masking.IdNumber(m.IdNumber)),
        ("probationExtensionMonths", "预备期延长", m => m.ProbationExtensionMonths?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public Task<Result<Member>> CreateAsync(Organization branch, Request req, CancellationToken ct = default) => SaveAsync(branch, null, req, ct);

    public async Task<Result<Member>> UpdateAsync(long memberId, Request req, CancellationToken ct = default)
    {
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return Result.Invalid("id", "党员不存在");
        var org = await db.Organizations.FirstAsync(o => o.Id == member.OrgId, ct);
        return await SaveAsync(org, member, req, ct);
    }

    private async Task<Result<Member>> SaveAsync(Organization org, Member? existing, Request req, CancellationToken ct)
    {
        var today = clock.Today();
        if (existing is not null)
        {
            // a masked value coming back from a form that never showed the full one keeps what is stored
            if (req.Input.IdNumber?.Contains('*') == true) req = req with { Input = req.Input with { IdNumber = existing.IdNumber } };
            if (req.Input.Phone?.Contains('*') == true) req = req with { Input = req.Input with { Phone = existing.Phone } };
        }
        var errors = MemberRules.Validate(req.Input, today);
        if (existing is null && !OrgRules.IsBranch(org.Type))
            errors["orgId"] = [$"党员应编入党支部，{org.Name}是{org.Type}"];
        var idNumber = string.IsNullOrWhiteSpace(req.Input.IdNumber) ? "" : MemberRules.Normalize(req.Input.IdNumber);
        if (!errors.ContainsKey("idNumber") && idNumber.Length > 0
            && await db.Members.AnyAsync(m => m.IdNumber == idNumber && (existing == null || m.Id != existing.Id), ct))
            errors["idNumber"] = ["该公民身份号码已登记，不能重复录入"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var i = req.Input;
        var parsed = ChineseIdNumber.TryParse(idNumber, out _)!;
        var member = existing ?? new Member { Name = "", IdNumber = "", OrgId = org.Id, CreatedAt = clock.GetUtcNow() };
        var before = existing is null ? null : KeyFields.Select(k => k.Get(existing)).ToArray();

        member.Name = i.Name!.Trim();
        member.IdNumber = idNumber;
        member.Gender = parsed.Gender;
        member.BirthDate = parsed.BirthDate;
        member.Ethnicity = string.IsNullOrWhiteSpace(i.Ethnicity) ? "汉族" : i.Ethnicity.Trim();
        member.NativePlace = Clean(i.NativePlace);
        member.Education = Clean(i.Education);
        member.Degree = Clean(i.Degree);
        member.Employer = Clean(i.Employer);
        member.Position = Clean(i.Position);
        member.Phone = string.IsNullOrWhiteSpace(i.Phone) ? null : MemberRules.Normalize(i.Phone);
        member.Category = i.Category!.Value;
        member.JoinedAt = i.JoinedAt!.Value;
        member.ConfirmedAt = i.ConfirmedAt;
        member.ProbationExtensionMonths = i.ProbationExtensionMonths;
        member.PartyStatus = i.PartyStatus ?? PartyStatus.正常;
        member.PartyStatusDate = member.PartyStatus == PartyStatus.正常 ? null : i.PartyStatusDate;
        member.PartyStatusReason = member.PartyStatus == PartyStatus.正常 ? null : Clean(i.PartyStatusReason);
        member.IsMobile = i.IsMobile;
        member.MobileDestination = i.IsMobile ? Clean(i.MobileDestination) : null;
        member.MobileContact = i.IsMobile ? Clean(i.MobileContact) : null;
        member.UpdatedAt = clock.GetUtcNow();

        if (existing is not null)
        {
            var changed = KeyFields.Select((k, n) => (k, Old: before![n], New: k.Get(member))).Where(x => x.Old != x.New).ToList();
            if (changed.Count > 0)
            {
                if (string.IsNullOrWhiteSpace(req.ChangeReason))
                {
                    db.Entry(member).State = EntityState.Unchanged;
                    await db.Entry(member).ReloadAsync(ct);
                    return Result.Invalid("changeReason", $"修改{string.Join("、", changed.Select(c => c.k.Label))}须说明原因");
                }
                if (req.ChangeReason.Trim().Length > 500) return Result.Invalid("changeReason", "原因不能超过500个字");
                foreach (var c in changed)
                    db.MemberChanges.Add(new MemberChange
                    {
                        MemberId = member.Id, OrgId = member.OrgId, Field = c.k.Label, OldValue = c.Old, NewValue = c.New,
                        Reason = req.ChangeReason.Trim(), ChangedBy = user.UserName, ChangedAt = clock.GetUtcNow(),
                    });
            }
            // 出党: the member leaves every committee they sat on, on the day of the 出党
            var statusBefore = Enum.Parse<PartyStatus>(before![Array.FindIndex(KeyFields, k => k.Field == "partyStatus")]!);
            if (member.PartyStatus == PartyStatus.出党 && statusBefore != PartyStatus.出党)
                await Terms.EndPostsOnLeaving.EndAsync(db, member.Id, null, member.PartyStatusDate ?? today, ct);
            // the member's account keeps or loses access by the rule (出党: disabled, sessions end)
            await MemberAccess.ApplyAsync(db, member.Id, MemberAccountRules.OnPartyStatus(statusBefore, member.PartyStatus), null,
                $"党籍状态：{member.PartyStatus}", member.UpdatedAt ?? clock.GetUtcNow(), ct);
        }
        else db.Members.Add(member);
        await db.SaveChangesAsync(ct);
        return member;
    }

    /// <summary>POST /api/v1/members and PUT /api/v1/members/{id}: the API's forms of <see cref="CreateAsync"/> and <see cref="UpdateAsync"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/members", async (MemberBody body, UserContext user, SaveMember save, TimeProvider clock, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                var input = body.ToInput(errors);
                if (errors.Count > 0) return Result.Invalid(errors).ToHttp();
                var r = await save.CreateAsync(user.CurrentOrg!, new Request(input), ct);
                return r.ToHttp(m => Results.Created($"/api/v1/members/{m.Id}", MemberQuery.ToRow(m, user.CurrentOrg!.Name, false, clock.Today())));
            })
           .Require(Permission.MemberManage)
           .WithSummary("新增党员（?org= 所在党支部）").Produces<MemberRow>(201).ProducesValidationProblem();
        api.MapPut("/members/{id:long}", async (long id, MemberBody body, UserContext user, SaveMember save, TimeProvider clock, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                var input = body.ToInput(errors);
                if (errors.Count > 0) return Result.Invalid(errors).ToHttp();
                var r = await save.UpdateAsync(id, new Request(input, body.ChangeReason), ct);
                return r.ToHttp(m => Results.Ok(MemberQuery.ToRow(m, user.CurrentOrg!.Name, false, clock.Today())));
            })
           .RequireRecord(Permission.MemberManage, typeof(Member))
           .WithSummary("修改党员信息（修改关键日期、类别、党籍状态须填写 changeReason）").Produces<MemberRow>().ProducesValidationProblem();
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
