using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>
/// Demo 台账: fifteen items over the demo organizations, with the demo accounts (org, inspector, secretary, member) as
/// owners, verifiers and requesters, in every state, some overdue, one extended, one with a pending 延期申请, one reopened.
/// Call after the demo accounts are saved.
/// </summary>
public static class DemoLedger
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private sealed record Spec(string Title, LedgerSource Source, string Org, string Owner, string Verifier, string Requester, int DeadlineDays,
        LedgerState State, int? ExtendedBy = null, int? PendingDays = null, bool Reopened = false, LedgerPriority Priority = LedgerPriority.一般);

    private static readonly Spec[] Items =
    [
        new("党费收缴不规范，部分党员未按标准足额交纳", LedgerSource.整改, "一采区党支部", "secretary", "inspector", "inspector", 20, LedgerState.办理中, Priority: LedgerPriority.重要),
        new("“三会一课”记录不完整，缺少第二季度党课记录", LedgerSource.整改, "一采区党支部", "secretary", "inspector", "inspector", -6, LedgerState.办理中, Priority: LedgerPriority.紧急),
        new("立即更新党员活动室制度上墙内容", LedgerSource.立行立改, "一采区党支部", "member", "secretary", "secretary", 2, LedgerState.待办),
        new("整理2025年度党员发展档案", LedgerSource.任务清单, "一采区党支部", "member", "secretary", "secretary", 12, LedgerState.申请销号),
        new("落实党风廉政建设主体责任清单", LedgerSource.责任清单, "一采区党支部", "secretary", "org", "org", 45, LedgerState.待办),
        new("组织开展安全生产专题党日活动", LedgerSource.任务清单, "一采区党支部", "member", "secretary", "secretary", -12, LedgerState.已销号),
        new("主题党日活动形式单一、质量不高", LedgerSource.问题清单, "一采区党支部", "secretary", "org", "org", 30, LedgerState.办理中, ExtendedBy: 30),
        new("党员积分管理台账未按月更新", LedgerSource.问题清单, "一采区党支部", "member", "secretary", "secretary", 5, LedgerState.办理中, PendingDays: 25),
        new("选人用人程序不规范问题整改", LedgerSource.整改, "冶炼厂党委", "org", "inspector", "inspector", -3, LedgerState.待办, Priority: LedgerPriority.重要),
        new("督办：矿区职工食堂服务改进", LedgerSource.督办, "矿区后勤联合党支部", "org", "inspector", "inspector", 7, LedgerState.办理中),
        new("公务用车管理台账补建", LedgerSource.小微权力清单, "综合办公室党支部", "org", "inspector", "inspector", -20, LedgerState.申请销号),
        new("意识形态工作责任制落实情况自查", LedgerSource.责任清单, "机关党委", "org", "inspector", "inspector", 60, LedgerState.待办),
        new("支部委员会分工调整后职责未明确", LedgerSource.问题清单, "一采区党支部", "secretary", "inspector", "inspector", 15, LedgerState.办理中, Reopened: true),
        new("财务报销审批手续不全问题整改", LedgerSource.整改, "财务资产部党支部", "org", "inspector", "inspector", -1, LedgerState.办理中, Priority: LedgerPriority.紧急),
        new("青年党员“师带徒”结对名单报送", LedgerSource.任务清单, "一采区党支部", "member", "secretary", "secretary", -30, LedgerState.已销号),
    ];

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.UserName == "org" || u.UserName == "inspector" || u.UserName == "secretary" || u.UserName == "member")
            .ToDictionaryAsync(u => u.UserName!, ct);
        if (users.Count < 4) return;
        var names = Items.Select(i => i.Org).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => names.Contains(o.Name)).ToDictionaryAsync(o => o.Name, ct);
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        foreach (var s in Items)
        {
            if (!orgs.TryGetValue(s.Org, out var org)) continue;
            var owner = users[s.Owner];
            var verifier = users[s.Verifier];
            var requester = users[s.Requester];
            var deadline = today.AddDays(s.DeadlineDays);
            var original = s.ExtendedBy is { } e ? deadline.AddDays(-e) : deadline;
            var created = now.AddDays(-Math.Max(10, 40 - s.DeadlineDays));
            var item = new LedgerItem
            {
                OrgId = org.Id, Source = s.Source, SourceRef = s.Source is LedgerSource.整改 or LedgerSource.立行立改 ? "集团党委2026年第一轮巡察反馈" : null,
                Title = s.Title, Description = $"{s.Source}事项：{s.Title}。", Deadline = deadline, OriginalDeadline = original,
                RequestedDeadline = s.PendingDays is { } p ? deadline.AddDays(p) : null, ExtensionReason = s.PendingDays is null ? null : "涉及多个部门协调，需延长办理时间",
                OwnerUserId = owner.Id, OwnerName = LedgerAccess.NameOf(owner), VerifierUserId = verifier.Id, VerifierName = LedgerAccess.NameOf(verifier),
                WorkStandard = "问题整改到位，建立长效机制，佐证材料齐全", AssessingDepartment = s.Source is LedgerSource.整改 ? "集团巡察办" : "党委组织部",
                Priority = s.Priority, State = s.State, ReopenCount = s.Reopened ? 1 : 0, CreatedAt = created, CreatedByUserId = requester.Id,
                CreatedBy = LedgerAccess.NameOf(requester, 100), SubmittedAt = s.State is LedgerState.申请销号 or LedgerState.已销号 ? now.AddDays(-2) : null,
                ClosedAt = s.State == LedgerState.已销号 ? now.AddDays(-1) : null, UpdatedAt = now,
            };
            db.Add(item);
            var at = created.AddDays(-1);
            LedgerTransition Step(string action, LedgerState? from, LedgerState to, AppUser actor, string? reason = null, DateOnly? before = null, DateOnly? after = null)
            {
                at = at.AddDays(1);
                var t = new LedgerTransition
                {
                    Item = item, Action = action, FromState = from, ToState = to, ActorUserId = actor.Id, ActorName = LedgerAccess.NameOf(actor, 100), At = at,
                    Reason = reason, DeadlineBefore = before, DeadlineAfter = after,
                };
                db.Add(t);
                return t;
            }
            Step("create", null, LedgerState.待办, requester, after: original);
            if (s.State == LedgerState.待办) continue;
            Step("start", LedgerState.待办, LedgerState.办理中, owner);
            if (s.ExtendedBy is not null)
            {
                Step("extend", LedgerState.办理中, LedgerState.办理中, owner, "需协调外部培训资源", original, deadline);
                Step("approveExtension", LedgerState.办理中, LedgerState.办理中, requester, null, original, deadline);
            }
            if (s.Reopened)
            {
                Evidence(db, item, Step("submit", LedgerState.办理中, LedgerState.申请销号, owner, "已完成分工调整"), owner, at);
                Step("close", LedgerState.申请销号, LedgerState.已销号, verifier, "验收通过");
                Step("reopen", LedgerState.已销号, LedgerState.办理中, requester, "回头看发现分工文件未印发");
            }
            if (s.State is LedgerState.申请销号 or LedgerState.已销号)
                Evidence(db, item, Step("submit", LedgerState.办理中, LedgerState.申请销号, owner, "已按要求完成"), owner, at);
            if (s.State == LedgerState.已销号) Step("close", LedgerState.申请销号, LedgerState.已销号, verifier, "佐证材料齐全，同意销号");
            if (s.PendingDays is not null) Step("extend", LedgerState.办理中, LedgerState.办理中, owner, item.ExtensionReason, deadline, item.RequestedDeadline);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A demo piece of evidence (text and a small PDF) attached with a transition.</summary>
    internal static void Evidence(AppDbContext db, LedgerItem item, LedgerTransition t, AppUser owner, DateTimeOffset at) =>
        db.Add(new LedgerEvidence
        {
            Item = item, Transition = t, Text = "整改情况说明及相关凭证", FileName = "整改佐证材料.pdf", ContentType = "application/pdf", Size = Pdf.Length,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), Data = Pdf, UploadedBy = LedgerAccess.NameOf(owner, 100), UploadedAt = at,
        });
}
