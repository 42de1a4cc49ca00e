using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// Records a member's base by hand for a year, from a month on (1 = the yearly base; a later month = a mid-year
/// adjustment from the month the new pay is first received). base = pay − income tax withheld (− social insurance and
/// 公积金 when the unit's option is on). The same year and month again replaces that entry (audited before/after).
/// </summary>
public sealed class SetDuesBase(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>Money as typed (yuan): pay required; tax, insurance and 公积金 default to 0.</summary>
    public sealed record Request(int? Year, int? FromMonth, string? Pay, string? TaxWithheld, string? Insurance, string? HousingFund, string? Note);

    public sealed record Response(long Id, int Year, int FromMonth, decimal Pay, decimal TaxWithheld, decimal Insurance, decimal HousingFund,
        bool InsuranceDeducted, decimal Base, decimal? Amount, string Source);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/members/{id:long}/bases", async (long id, Request req, SetDuesBase handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .RequireRecord(Permission.DuesManage, typeof(Member))
           .WithSummary("录入党费基数（year、fromMonth、pay 必填；taxWithheld、insurance、housingFund 默认0）").Produces<Response>().ProducesValidationProblem();

    public async Task<Result<Response>> Handle(long memberId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var today = clock.Today();
        if (req.Year is not { } year || year < 2000 || year > today.Year + 1) errors["year"] = [$"年度应在2000至{today.Year + 1}之间"];
        if (req.FromMonth is not { } from || from is < 1 or > 12) errors["fromMonth"] = ["起始月份应为1–12"];
        decimal Money(string? raw, string field, string label, bool required)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                if (required) errors[field] = [$"请填写{label}（元）"];
                return 0m;
            }
            var v = DuesRules.ParseYuan(raw);
            if (v is null) { errors[field] = [$"{label}“{raw.Trim()}”不是数字"]; return 0m; }
            if (DuesRules.CheckMoney(v.Value, field, label) is { } e) { errors[field] = [e.Message]; return 0m; }
            return v.Value;
        }
        var pay = Money(req.Pay, "pay", "应发工资", true);
        var tax = Money(req.TaxWithheld, "taxWithheld", "个人所得税", false);
        var ins = Money(req.Insurance, "insurance", "社保", false);
        var fund = Money(req.HousingFund, "housingFund", "公积金", false);
        if (req.Note is { Length: > 500 }) errors["note"] = ["备注不超过500字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var member = await db.Members.AsNoTracking().Where(m => m.Id == memberId)
            .Join(db.Organizations, m => m.OrgId, o => o.Id, (m, o) => new { m.Id, o.Path }).FirstOrDefaultAsync(ct);
        if (member is null) return Result.NotFound("该党员不存在");
        var options = await DuesUnits.ForAsync(db, member.Path, ct);
        var computed = DuesRules.ComputeBase(pay, tax, ins, fund, options.DeductInsurance);
        if (computed.Error is { } bad) return Result.Invalid(bad.Field, bad.Message);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var category = await db.Set<DuesProfile>().Where(p => p.MemberId == memberId).Select(p => (DuesCategory?)p.Category).FirstOrDefaultAsync(ct);
        var amount = await DuesUnits.AmountAsync(db, category, computed.Value, new DateOnly(req.Year!.Value, req.FromMonth!.Value, 1), ct);
        var now = clock.GetUtcNow();
        var row = await db.Set<DuesBase>().FirstOrDefaultAsync(b => b.MemberId == memberId && b.Year == req.Year && b.FromMonth == req.FromMonth, ct);
        if (row is null)
        {
            row = new DuesBase { MemberId = memberId, Year = req.Year.Value, FromMonth = (short)req.FromMonth.Value, CreatedAt = now, CreatedBy = user.UserName };
            db.Add(row);
        }
        else
        {
            row.UpdatedAt = now;
            row.UpdatedBy = user.UserName;
        }
        (row.Pay, row.TaxWithheld, row.Insurance, row.HousingFund, row.InsuranceDeducted, row.Base, row.Amount, row.Source, row.ImportJobId, row.Note) =
            (pay, tax, ins, fund, options.DeductInsurance, computed.Value, amount, DuesBaseSource.手工, null, string.IsNullOrWhiteSpace(req.Note) ? null : req.Note.Trim());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict("同时有人录入了该月的基数，请刷新后再试");
        }
        await tx.CommitAsync(ct);
        return ToResponse(row);
    }

    public static Response ToResponse(DuesBase b) => new(b.Id, b.Year, b.FromMonth, b.Pay, b.TaxWithheld, b.Insurance, b.HousingFund,
        b.InsuranceDeducted, b.Base, b.Amount, b.Source.ToString());
}
