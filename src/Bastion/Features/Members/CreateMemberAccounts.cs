using System.Text.Json.Serialization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Admin;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// 批量开通账号: accounts for the chosen members of one branch (or all of them without one) in one transaction. The
/// user name is the member's mobile number, or a prefix and a sequence number (<see cref="UserNameScheme"/>); each
/// account is linked to its member, gets the 普通党员 role on the member's organization and a one-time password that
/// must be changed at the first sign-in — returned once (to be printed) or queued to the SMS outbox, never both. Rows
/// that cannot be served are reported one by one (the roster import's row report): already has an account, no mobile
/// number, 出党, user name taken. The audit trail gets the counts, never a password or a phone in clear.
/// </summary>
public sealed class CreateMemberAccounts(AppDbContext db, UserManager<AppUser> users, CreateAccount accounts, UserContext current, TimeProvider clock)
{
    public const int MaxPerBatch = 300;

    /// <param name="MemberIds">The chosen members; null or empty with <paramref name="AllWithoutAccount"/> for every member of the branch without one.</param>
    public sealed record Request(IReadOnlyList<long>? MemberIds, bool AllWithoutAccount, UserNameScheme Scheme, string? Prefix = null, bool SendSms = false);

    [JsonConverter(typeof(JsonStringEnumConverter<RowOutcome>))]
    public enum RowOutcome { 已开通, 跳过, 失败 }

    /// <param name="UserName">Masked when it is the mobile number (the member knows it).</param>
    /// <param name="OneTimePassword">Only when shown (not sent by SMS); never stored.</param>
    public sealed record Row(long MemberId, string Name, RowOutcome Outcome, string? UserName, string? OneTimePassword, string? Reason);

    public sealed record Report(long OrgId, string OrgName, [property: JsonConverter(typeof(JsonStringEnumConverter<UserNameScheme>))] UserNameScheme Scheme, bool SentBySms, IReadOnlyList<Row> Rows)
    {
        public int Created => Rows.Count(r => r.Outcome == RowOutcome.已开通);
        public int Skipped => Rows.Count(r => r.Outcome == RowOutcome.跳过);
        public int Failed => Rows.Count(r => r.Outcome == RowOutcome.失败);
    }

    public async Task<Result<Report>> HandleAsync(Organization branch, Request req, CancellationToken ct = default)
    {
        if (!await current.HasAsync(Permission.MemberManage, branch, ct))
            return Result.Forbidden("您没有管理该组织党员的权限");
        if (!OrgRules.IsBranch(branch.Type))
            return Result.Invalid("org", $"请在党支部中批量开通账号，{branch.Name}是{branch.Type}");
        if (!Enum.IsDefined(req.Scheme)) return Result.Invalid("scheme", "请选择用户名规则");
        var prefix = (req.Prefix ?? "").Trim();
        if (req.Scheme == UserNameScheme.PrefixSequence && MemberAccountRules.CheckPrefix(prefix) is { } bad)
            return Result.Invalid("prefix", bad);
        var chosen = req.MemberIds?.Distinct().ToList() ?? [];
        if (chosen.Count == 0 && !req.AllWithoutAccount) return Result.Invalid("memberIds", "请选择要开通账号的党员");
        if (chosen.Count > MaxPerBatch) return Result.Invalid("memberIds", $"每次最多开通{MaxPerBatch}个账号，请分批办理");

        // the branch's members (its 党小组 included), as the member list shows them: members transferred out are not listed
        var roster = MemberQuery.Apply(db, branch, new MemberFilter(), clock.Today());
        var linked = db.Users.Where(u => u.MemberId != null).Select(u => u.MemberId!.Value);
        var members = chosen.Count > 0
            ? await roster.Where(m => chosen.Contains(m.Id)).ToListAsync(ct)
            : await roster.Where(m => !linked.Contains(m.Id) && m.PartyStatus != PartyStatus.出党).ToListAsync(ct);
        if (chosen.Count > 0 && members.Count < chosen.Count)
            return Result.Invalid("memberIds", $"有{chosen.Count - members.Count}名所选党员不在{branch.Name}，请刷新后重新选择");
        if (members.Count > MaxPerBatch) return Result.Invalid("memberIds", $"每次最多开通{MaxPerBatch}个账号，请勾选后分批办理");

        var now = clock.GetUtcNow();
        var rows = new List<Row>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        // the members are locked: a concurrent batch or link of the same member waits, then sees the account
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM members WHERE id = ANY({ids.ToArray()}) FOR UPDATE", ct);
        var hasAccount = (await db.Users.Where(u => u.MemberId != null && ids.Contains(u.MemberId.Value)).Select(u => u.MemberId!.Value).ToListAsync(ct)).ToHashSet();
        var pending = new List<(Member Member, string? Mobile)>();
        foreach (var m in members)
        {
            var mobile = MemberAccountRules.MobileUserName(m.Phone);
            var skip = hasAccount.Contains(m.Id) ? "已有账号"
                : m.PartyStatus == PartyStatus.出党 ? "已出党"
                : mobile is null && req.Scheme == UserNameScheme.Mobile ? "未登记手机号，不能用手机号作用户名"
                : mobile is null && req.SendSms ? "未登记手机号，不能短信发送密码"
                : null;
            if (skip is not null) rows.Add(new Row(m.Id, m.Name, RowOutcome.跳过, null, null, skip));
            else pending.Add((m, mobile));
        }
        var sequence = req.Scheme == UserNameScheme.PrefixSequence
            ? MemberAccountRules.SequenceNames(prefix, await db.Users.Where(u => u.NormalizedUserName!.StartsWith(prefix.ToUpperInvariant())).Select(u => u.UserName!).ToListAsync(ct), pending.Count)
            : [];
        var n = 0;
        foreach (var (m, mobile) in pending)
        {
            var name = req.Scheme == UserNameScheme.Mobile ? mobile! : sequence[n++];
            if (await CreateAccount.CheckUserNameAsync(users, name) is { } taken)
            {
                rows.Add(new Row(m.Id, m.Name, RowOutcome.失败, Masking.UserName(name), null, taken));
                continue;
            }
            var password = PasswordPolicy.Generate();
            var made = await accounts.CreateAsync(CreateAccount.NewAccount.ForMember(m, name), password);
            if (!made.IsOk)
            {
                rows.Add(new Row(m.Id, m.Name, RowOutcome.失败, Masking.UserName(name), null, string.Join("；", made.Status.Errors!.Values.SelectMany(e => e))));
                continue;
            }
            var user = made.Value;
            await MemberAccess.PlaceMemberGrantAsync(db, user.Id, m.OrgId, current.UserId, now, ct);
            if (req.SendSms) LinkMemberAccount.QueueSms(db, user, mobile!, name, password, now);
            rows.Add(new Row(m.Id, m.Name, RowOutcome.已开通, Masking.UserName(name), req.SendSms ? null : password, null));
        }
        var report = new Report(branch.Id, branch.Name, req.Scheme, req.SendSms, rows.OrderBy(r => r.Outcome).ToList());
        AuditEvents.Add(db, "account.bulk_create", "members", null, branch.Id, new
        {
            scheme = req.Scheme.ToString(), delivery = req.SendSms ? "sms" : "shown_once",
            created = report.Created, skipped = report.Skipped, failed = report.Failed,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return report;
    }

    public sealed record Body(IReadOnlyList<long>? MemberIds, bool? AllWithoutAccount, string? Scheme, string? Prefix, bool? SendSms);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/members/accounts", async (Body body, UserContext user, CreateMemberAccounts h, CancellationToken ct) =>
            {
                var scheme = body.Scheme?.Trim().ToLowerInvariant() switch
                {
                    "mobile" => UserNameScheme.Mobile,
                    "prefix" => UserNameScheme.PrefixSequence,
                    _ => (UserNameScheme)0,
                };
                var r = await h.HandleAsync(user.CurrentOrg!, new Request(body.MemberIds, body.AllWithoutAccount ?? false, scheme, body.Prefix, body.SendSms ?? false), ct);
                if (r.Kind == ResultKind.Invalid && r.Status.Errors!.ContainsKey("scheme"))
                    return Web.ErrorResponses.Validation(new Dictionary<string, string[]> { ["scheme"] = ["用户名规则须为 mobile（手机号）或 prefix（前缀+序号）"] });
                return r.ToHttp();
            })
           .Require(Permission.MemberManage)
           .WithSummary("批量开通党员账号（?org= 党支部；memberIds 或 allWithoutAccount=true；scheme=mobile|prefix，prefix 前缀；sendSms=true 短信发送一次性密码，否则只在本次响应中返回）")
           .Produces<Report>().ProducesValidationProblem();
    }
}
