using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// Opens a development case (step 1, 递交入党申请书) in a branch: the applicant's name, ID number (GB 11643) and
/// application date. Refused when the applicant was under 18 on that date (with the birthday), when the branch cannot
/// develop members (临时党支部), and when the ID number already has an open case anywhere or is a member's.
/// </summary>
public sealed class CreateDevelopmentCase(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record Request(long? OrgId, string? Name, string? IdNumber, DateOnly? AppliedOn);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases", async (Request req, CreateDevelopmentCase handler, CancellationToken ct) =>
                (await handler.Handle(req, ct)).ToHttp(c => Results.Created($"/api/v1/development/cases/{c.Id}", c)))
           .Require(Permission.DevelopmentManage, OrgFrom.None)
           .WithSummary("建立发展党员档案（递交入党申请书）：orgId（党支部）、name、idNumber、appliedOn")
           .Produces<GetDevelopmentCase.Response>(201).ProducesValidationProblem().ProducesProblem(422);

    public async Task<Result<GetDevelopmentCase.Response>> Handle(Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        var name = req.Name?.Trim() ?? "";
        if (name.Length == 0) errors["name"] = ["请输入申请人姓名"];
        else if (name.Length > 50) errors["name"] = ["姓名不能超过50个字"];
        var idNumber = string.IsNullOrWhiteSpace(req.IdNumber) ? "" : MemberRules.Normalize(req.IdNumber);
        ChineseIdNumber.Parsed? parsed = null;
        if (idNumber.Length == 0) errors["idNumber"] = ["请输入公民身份号码"];
        else if ((parsed = ChineseIdNumber.TryParse(idNumber, today, out var idError)) is null) errors["idNumber"] = [idError!];
        if (req.AppliedOn is not { } applied) errors["appliedOn"] = ["请输入递交入党申请书的日期"];
        else if (applied > today) errors["appliedOn"] = ["申请日期不能晚于今天"];
        if (req.OrgId is null) errors["orgId"] = ["请选择党支部"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == req.OrgId, ct);
        if (org is null || !await user.HasAsync(Permission.DevelopmentRead, org, ct)) return Result.Invalid("orgId", "党组织不存在");
        if (!await user.HasAsync(Permission.DevelopmentManage, org, ct)) return Result.Forbidden($"您不能在{org.Name}建立发展党员档案。");
        if (!OrgRules.IsBranch(org.Type)) return Result.Invalid("orgId", $"发展党员档案由党支部保管，{org.Name}是{org.Type}");
        if (OrgCapabilities.Refusal(org, OrgCapability.发展党员) is { } cannot) return Result.Refused("组织职能", cannot, null, "orgId");

        var pack = DevelopmentRulePacks.For(req.AppliedOn!.Value);
        if (DevelopmentGates.Age(pack, parsed!.BirthDate, req.AppliedOn.Value) is { } young) return young.ToResult();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Members.AnyAsync(m => m.IdNumber == idNumber, ct)) return Result.Invalid("idNumber", "该公民身份号码已登记为党员，不能建立发展党员档案");
        var open = DevelopmentSteps.OpenStates.ToList();
        if (await db.Set<DevelopmentCase>().AnyAsync(c => c.IdNumber == idNumber && open.Contains(c.State), ct)) return Duplicate();

        var now = clock.GetUtcNow();
        var c = new DevelopmentCase
        {
            OrgId = org.Id, Name = name, IdNumber = idNumber, BirthDate = parsed.BirthDate, Gender = parsed.Gender, AppliedOn = req.AppliedOn.Value,
            State = DevelopmentState.申请人, PackVersion = pack.Version, CreatedAt = now, CreatedBy = user.UserName, UpdatedAt = now,
        };
        db.Add(c);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { return Duplicate(); }
        db.Add(new DevelopmentStep { CaseId = c.Id, OrgId = org.Id, Step = "1", On = c.AppliedOn, RecordedBy = user.UserName, RecordedAt = now });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, today, ct);
    }

    private static Result Duplicate() => Result.Invalid("idNumber", "该公民身份号码已有未办结的发展党员档案，一人只能有一份");
}
