using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>GET /api/v1/members (masked list), GET/POST/PUT of one member record.</summary>
public static class MembersApi
{
    public sealed record ListResponse(int Total, int Page, int PageSize, IReadOnlyList<MemberRow> Items);

    public sealed record MemberBody(
        string? Name, string? IdNumber, string? Gender, DateOnly? BirthDate, string? Ethnicity, string? NativePlace,
        string? Education, string? Degree, string? Employer, string? Position, string? Phone, string? Category,
        DateOnly? JoinedAt, DateOnly? ConfirmedAt, int? ProbationExtensionMonths, string? PartyStatus,
        DateOnly? PartyStatusDate, string? PartyStatusReason, bool? IsMobile, string? MobileDestination, string? MobileContact,
        string? ChangeReason)
    {
        public MemberInput ToInput(Dictionary<string, string[]> errors)
        {
            T? Parse<T>(string? v, string field, string label) where T : struct, Enum
            {
                if (string.IsNullOrWhiteSpace(v)) return null;
                if (Enum.TryParse<T>(v.Trim(), out var r) && !int.TryParse(v, out _)) return r;
                errors[field] = [$"{label}不正确，可选：{string.Join("、", Enum.GetNames<T>())}"];
                return null;
            }
            return new MemberInput(Name, IdNumber, Parse<Gender>(Gender, "gender", "性别"), BirthDate, Ethnicity, NativePlace, Education, Degree,
                Employer, Position, Phone, Parse<MemberCategory>(Category, "category", "人员类别"), JoinedAt, ConfirmedAt, ProbationExtensionMonths,
                Parse<PartyStatus>(PartyStatus, "partyStatus", "党籍状态"), PartyStatusDate, PartyStatusReason, IsMobile ?? false, MobileDestination, MobileContact);
        }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/members", List).Require(Permission.MemberRead)
           .WithSummary("党员列表（?org= 组织及其下级；q 按姓名或身份证号后几位）").Produces<ListResponse>();
        api.MapGet("/members/{id:long}", Get).RequireRecord(Permission.MemberRead, typeof(Member))
           .WithSummary("党员信息（敏感信息脱敏；?full=true 查看完整信息须有权限并记入审计）").Produces<MemberRow>();
        api.MapPost("/members", Create).Require(Permission.MemberManage)
           .WithSummary("新增党员（?org= 所在党支部）").Produces<MemberRow>(201).ProducesValidationProblem();
        api.MapPut("/members/{id:long}", Update).RequireRecord(Permission.MemberManage, typeof(Member))
           .WithSummary("修改党员信息（修改关键日期、类别、党籍状态须填写 changeReason）").Produces<MemberRow>().ProducesValidationProblem();
    }

    private static async Task<IResult> List(UserContext user, AppDbContext db, MemberCountCache counts, string? q, string? category, string? status, string? gender,
        string? ageBand, string? education, int? joinYear, bool? mobile, int? page, int? pageSize, CancellationToken ct)
    {
        var filter = new MemberFilter(q, Enum.TryParse<MemberCategory>(category, out var c) ? c : null, Enum.TryParse<PartyStatus>(status, out var s) ? s : null,
            Enum.TryParse<Gender>(gender, out var g) ? g : null, ageBand, education, joinYear, mobile);
        var today = MemberQuery.Today();
        var query = MemberQuery.Apply(db, user.CurrentOrg!, filter, today);
        var total = await counts.CountAsync(db, user.CurrentOrg!, filter, today, query, ct);
        var w = Pager.Window(page, pageSize, total);
        var rows = await MemberQuery.RowsAsync(db, query.Skip(w.Skip).Take(w.Size), full: false, today, ct);
        return Results.Ok(new ListResponse(total, w.Page, w.Size, rows));
    }

    private static async Task<IResult> Get(long id, bool? full, UserContext user, AppDbContext db, CancellationToken ct)
    {
        var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var showFull = full == true && await user.HasAsync(Permission.PersonalDataFull, user.CurrentOrg, ct);
        if (full == true && !showFull) return ErrorResponses.Problem(403, "您没有查看完整个人信息的权限。");
        if (showFull) await PersonalData.RecordFullViewAsync(db, m, "api", ct);
        return Results.Ok(MemberQuery.ToRow(m, user.CurrentOrg!.Name, showFull, MemberQuery.Today()));
    }

    private static async Task<IResult> Create(MemberBody body, UserContext user, SaveMember save, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = body.ToInput(errors);
        if (errors.Count > 0) return ErrorResponses.Validation(errors);
        var r = await save.CreateAsync(user.CurrentOrg!, new SaveMember.Request(input), ct);
        return r.Ok ? Results.Created($"/api/v1/members/{r.Member!.Id}", MemberQuery.ToRow(r.Member, user.CurrentOrg!.Name, false, MemberQuery.Today()))
                    : ErrorResponses.Validation(r.Errors);
    }

    private static async Task<IResult> Update(long id, MemberBody body, UserContext user, SaveMember save, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = body.ToInput(errors);
        if (errors.Count > 0) return ErrorResponses.Validation(errors);
        var r = await save.UpdateAsync(id, new SaveMember.Request(input, body.ChangeReason), ct);
        return r.Ok ? Results.Ok(MemberQuery.ToRow(r.Member!, user.CurrentOrg!.Name, false, MemberQuery.Today()))
                    : ErrorResponses.Validation(r.Errors);
    }
}

/// <summary>Full (unmasked) views of personal data are written to the audit trail.</summary>
public static class PersonalData
{
    public static async Task RecordFullViewAsync(AppDbContext db, Member m, string via, CancellationToken ct)
    {
        AuditEvents.Add(db, "personal.view_full", "members", m.Id, m.OrgId, new { via, name = m.Name });
        await db.SaveChangesAsync(ct);
    }
}
