using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features.Inspections;

/// <summary>
/// A round run by R with targets A (整改), A1 (回头看) and B (整改), and a second round with A1 still in 准备; findings
/// under the 四个落实 and two clues on A; rectification ledger items in known states. Seeded directly as entities.
/// For insp (granted on A) the subtree holds A and A1 only: 7 items, 2 closed (28.6%), 1 awaiting, 1 rejected,
/// 3 open, 2 overdue. B's closed item must never count.
/// </summary>
public sealed record InspectionReportTestData(long Round, long Round2, long TargetA, long TargetA1, long TargetB, long TargetA1Prep,
    long F1, long F2, long F3, long F5, long ClueHigh, long ClueLow, IReadOnlyDictionary<string, long> Items)
{
    public const string RoundName = "2026年第一轮巡察";
    public const string Expression1 = "党组织政治领导力、组织力、影响力和战斗力方面存在的问题";
    public const string Expression2 = "严格管理、严格教育、严格监督方面的问题";
    public const string AgreedWording2 = "财务审核把关不严，差旅费超标准报销问题较为突出";
    public const string Expression3 = "基层党组织建设存在薄弱环节";
    public const string Facts1 = "2025年度重点任务有3项未按期完成，督办机制未建立";
    public const string ClueHighName = "李某某";
    public const string ClueHighFacts = "群众反映李某某在2025年春节期间收受下属单位购物卡";
    public const string ClueLowName = "王某某";
    public const string ClueLowFacts = "王某某多次在周末驾驶公务用车办理私事";

    public static Task<InspectionReportTestData> SeedAsync(AppFactory app) => app.WithDbAsync(async db =>
    {
        var w = app.World;
        var now = app.Clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var feedback = now.AddDays(-40);

        var round = new InspectionRound
        {
            OrgId = w.R.Id, Name = RoundName, Year = today.Year, Plan = "对甲公司党委、乙公司党委开展常规巡察", StartsOn = today.AddDays(-90), EndsOn = today.AddDays(-45),
            AuthorizedBy = "测试集团党委", AuthorizationNo = "集团党委〔2026〕3号", AuthorizedOn = today.AddDays(-95), AuthorizationScope = "甲公司党委、乙公司党委及其下属党组织",
            CreatedAt = now.AddDays(-95), CreatedBy = "insp",
        };
        var round2 = new InspectionRound { OrgId = w.R.Id, Name = "2026年第二轮巡察", Year = today.Year, StartsOn = today.AddDays(10), EndsOn = today.AddDays(60), CreatedAt = now };
        db.AddRange(round, round2);
        await db.SaveChangesAsync();

        InspectionTarget Target(InspectionRound r, Organization o, InspectionPhase phase) =>
            new() { RoundId = r.Id, OrgId = o.Id, Phase = phase, PhaseChangedAt = now, FeedbackAt = phase >= InspectionPhase.反馈 ? feedback : null, CreatedAt = now.AddDays(-95) };
        var ta = Target(round, w.A, InspectionPhase.整改);
        var ta1 = Target(round, w.A1, InspectionPhase.回头看);
        var tb = Target(round, w.B, InspectionPhase.整改);
        var ta1Prep = Target(round2, w.A1, InspectionPhase.准备);
        db.AddRange(ta, ta1, tb, ta1Prep);
        db.Add(new InspectionTeamMember { RoundId = round.Id, UserId = w.UserIds["insp"], Name = "周组长", Role = TeamRole.组长, AddedAt = now });
        db.Add(new InspectionTeamMember { RoundId = round.Id, UserId = w.UserIds["disc"], Name = "吴副组长", Role = TeamRole.副组长, AddedAt = now });
        await db.SaveChangesAsync();
        foreach (var (p, d) in new[] { (InspectionPhase.准备, -95), (InspectionPhase.进驻了解, -90), (InspectionPhase.报告, -50), (InspectionPhase.反馈, -40), (InspectionPhase.整改, -39) })
            db.Add(new InspectionPhaseEntry { TargetId = ta.Id, Phase = p, EnteredOn = today.AddDays(d), RecordedAt = now, RecordedBy = "insp" });

        InspectionFinding Finding(InspectionTarget t, FindingCategory c, string title, string facts, string? expression = null) => new()
        {
            RoundId = round.Id, TargetId = t.Id, OrgId = t.OrgId, Category = c, Title = title, Facts = facts, Expression = expression,
            State = FindingState.已定稿, CreatedAt = now.AddDays(-60), CreatedBy = "insp",
        };
        var f1 = Finding(ta, FindingCategory.理论路线落实, "贯彻落实上级决策部署不到位", Facts1, Expression1);
        f1.Basis = "《中国共产党章程》第三十二条";
        f1.Responsibility = ResponsibilityKinds.组织 | ResponsibilityKinds.一把手 | ResponsibilityKinds.现任;
        f1.ResponsiblePersons = "张某（党委书记）";
        f1.Recommendation = "健全重大决策部署落实督办机制，逐项明确牵头领导和完成时限";
        var f2 = Finding(ta, FindingCategory.从严治党落实, "财务把关不严", "差旅费报销审核不严，2025年有12笔超标准报销", Expression2);
        f2.Immediate = true;
        f2.AgreedWording = AgreedWording2;
        f2.AgreedBy = "周组长（巡察组）、张某（被巡察党组织）";
        var f3 = Finding(ta, FindingCategory.组织路线落实, "三会一课制度执行不严", "2025年支部委员会会议有4个月未召开", Expression3);
        var f5 = Finding(ta1, FindingCategory.整改落实, "上轮巡察整改不彻底", "上轮巡察指出的档案管理问题仍然存在");
        var f4 = Finding(tb, FindingCategory.整改落实, "乙公司整改台账不完整", "整改台账缺少佐证材料");
        var clueHigh = Finding(ta, FindingCategory.问题线索, "反映领导干部收受礼金问题", ClueHighFacts);
        clueHigh.ClueGrade = ClueGrade.建议进一步了解关注类;
        clueHigh.SuggestedForm = DisciplineForm.第三种形态;
        clueHigh.ResponsiblePersons = ClueHighName;
        var clueLow = Finding(ta, FindingCategory.问题线索, "反映公车私用问题", ClueLowFacts);
        clueLow.ClueGrade = ClueGrade.建议参考类;
        clueLow.SuggestedForm = DisciplineForm.第一种形态;
        clueLow.ResponsiblePersons = ClueLowName;
        db.AddRange(f1, f2, f3, f5, f4, clueHigh, clueLow);
        await db.SaveChangesAsync();
        db.Add(new InspectionClueTransfer { FindingId = clueHigh.Id, Department = "纪检监察机构", TransferredAt = now.AddDays(-35), TransferredBy = "insp", ReceiptNo = "纪收〔2026〕8号", ReceivedAt = now.AddDays(-34), ReceivedBy = "纪检监察室" });

        var owner = w.UserIds["branchsec"];
        var verifier = w.UserIds["insp"];
        var items = new Dictionary<string, LedgerItem>();
        LedgerItem Item(string key, Organization org, long? finding, string title, LedgerState state, int deadlineDays, int? originalDays = null, bool noRound = false)
        {
            var deadline = today.AddDays(deadlineDays);
            var i = new LedgerItem
            {
                OrgId = org.Id, Source = LedgerSource.整改, SourceRef = RoundName, FindingId = finding, RoundId = noRound ? null : round.Id, Title = title,
                Description = title + "的整改措施", Deadline = deadline, OriginalDeadline = originalDays is { } o ? today.AddDays(o) : deadline,
                OwnerUserId = owner, OwnerName = "甲书记", VerifierUserId = verifier, VerifierName = "周组长", WorkStandard = "问题整改到位，佐证材料齐全",
                AssessingDepartment = "巡察办", State = state, CreatedAt = feedback, ClosedAt = state == LedgerState.已销号 ? now.AddDays(-5) : null,
            };
            items[key] = i;
            db.Add(i);
            return i;
        }
        var i1 = Item("i1", w.A, f1.Id, "建立重大决策部署督办机制", LedgerState.已销号, 20);
        Item("i2", w.A, f1.Id, "补齐未完成的3项重点任务", LedgerState.申请销号, 30);
        var i3 = Item("i3", w.A, f2.Id, "清退超标准报销款项", LedgerState.办理中, -3);
        Item("i4", w.A, f3.Id, "恢复支部委员会会议制度", LedgerState.待办, 50, originalDays: 20);
        Item("i5", w.A1, f5.Id, "完善档案管理制度", LedgerState.已销号, 10);
        Item("i6", w.A1, f5.Id, "补录缺失档案", LedgerState.待办, -1);
        Item("i7", w.B, f4.Id, "补齐乙公司整改台账佐证", LedgerState.已销号, 10);
        Item("i8", w.A, null, "举一反三开展专项检查", LedgerState.待办, 60);
        Item("unrelated", w.U, null, "无关单位的问题清单事项", LedgerState.已销号, 10, noRound: true);
        await db.SaveChangesAsync();

        db.Add(new LedgerTransition { ItemId = i3.Id, Action = "submit", FromState = LedgerState.办理中, ToState = LedgerState.申请销号, ActorName = "甲书记", At = now.AddDays(-10) });
        db.Add(new LedgerTransition { ItemId = i3.Id, Action = "reject", FromState = LedgerState.申请销号, ToState = LedgerState.办理中, ActorName = "周组长", At = now.AddDays(-8), Reason = "未附清退凭证" });
        db.Add(new LedgerEvidence { ItemId = i1.Id, Text = "督办机制文件已印发", FileName = "督办机制.pdf", ContentType = "application/pdf", Size = 4, Data = [0x25, 0x50, 0x44, 0x46], Sha256 = new string('a', 64), UploadedBy = "甲书记", UploadedAt = now.AddDays(-6) });
        db.Add(new LedgerEvidence { ItemId = i1.Id, Text = "党委会会议纪要", UploadedBy = "甲书记", UploadedAt = now.AddDays(-6) });
        await db.SaveChangesAsync();

        return new InspectionReportTestData(round.Id, round2.Id, ta.Id, ta1.Id, tb.Id, ta1Prep.Id, f1.Id, f2.Id, f3.Id, f5.Id, clueHigh.Id, clueLow.Id,
            items.ToDictionary(x => x.Key, x => x.Value.Id));
    });
}
