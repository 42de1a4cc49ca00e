using System.Security.Cryptography;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Bastion.Web;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Inspections;

/// <summary>
/// Findings of 巡察: record and edit (the inspection team only; after 反馈 only revised with a reason, the previous
/// version kept), evidence files (checked by content), 同题共答 (share, messages, 定稿), 移交 of clues and the
/// receipt. Every command checks the caller's standing with <see cref="InspectionAccess"/>; failures are returned
/// as field errors with nothing written.
/// </summary>
public sealed class InspectionFindings(AppDbContext db, UserContext user, InspectionAccess access, InspectionNotifier notify, TimeProvider clock, IOptions<MeetingSettings> settings)
{
    public const int TitleMax = 200, FactsMax = 4000, EvidenceMax = 4000, PersonsMax = 500, BasisMax = 2000, ExpressionMax = 500,
        RecommendationMax = 2000, ReasonMax = 500, BodyMax = 2000, WordingMax = 1000, NoteMax = 1000, ReceiptMax = 50;

    /// <summary>A finding as written (API JSON in camelCase). responsibility: names of <see cref="ResponsibilityKinds"/>; category: full or short name.</summary>
    public sealed record Request(
        long? TargetId, string? Title, string? Facts, string? Evidence, long? ResponsibleOrgId, string? ResponsiblePersons,
        IReadOnlyList<string>? Responsibility, string? Basis, string? Category, string? ClueGrade, string? SuggestedForm,
        string? Expression, long? ExpressionId, string? Recommendation, bool? Immediate, string? Reason = null);

    public sealed record MessageRequest(string? Body, string? ProposedWording);

    /// <summary>Why a command was refused: 403 (no standing) or field errors (400).</summary>
    public sealed record Outcome(long? Id, Dictionary<string, string[]> Errors, bool Forbidden = false)
    {
        public bool Ok => !Forbidden && Errors.Count == 0;
        public static Outcome Deny(string message) => new(null, InspectionRounds.Error("id", message), true);
        public static Outcome Fail(string key, string message) => new(null, InspectionRounds.Error(key, message));
    }

    private async Task<string> MyNameAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == user.UserId).Select(u => u.DisplayName == "" ? u.UserName! : u.DisplayName).FirstOrDefaultAsync(ct) ?? user.UserName ?? "";

    private Task<InspectionPhase> PhaseAsync(long targetId, CancellationToken ct) =>
        db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == targetId).Select(t => t.Phase).FirstAsync(ct);

    public async Task<Outcome> CreateAsync(Request req, CancellationToken ct)
    {
        if (req.TargetId is not { } targetId) return Outcome.Fail("targetId", "请指明被巡察党组织（targetId）");
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == targetId, ct);
        if (t is null) return Outcome.Fail("targetId", "被巡察党组织不存在");
        var viewer = await access.ViewerAsync(t.OrgId, ct);
        if (!viewer.HasFlag(InspectionViewer.Inspection)) return Outcome.Deny("只有负责该单位的巡察组可以记录问题");
        var category = InspectionRules.ParseCategory(req.Category);
        if (InspectionRules.IsLocked(t.Phase) && category is not null && !InspectionRules.IsClue(category.Value))
            return Outcome.Fail("category", $"已进入{t.Phase}阶段，不能再新增问题（整改任务已按反馈生成）；新发现的问题线索仍可记录");
        var (errors, f) = await ValidateAsync(req, t, null, ct);
        if (errors.Count > 0) return new(null, errors);
        var now = clock.GetUtcNow();
        f!.RoundId = t.RoundId;
        f.TargetId = t.Id;
        f.OrgId = t.OrgId;
        f.CreatedAt = now;
        f.CreatedBy = user.UserName;
        db.Add(f);
        await db.SaveChangesAsync(ct);
        return new(f.Id, errors);
    }

    /// <summary>Edits a finding before 反馈; after 反馈 only with a reason: the previous text is kept as a version and the version goes up.</summary>
    public async Task<Outcome> UpdateAsync(long id, Request req, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Outcome.Fail("id", "问题不存在");
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstAsync(x => x.Id == f.TargetId, ct);
        var viewer = await access.ViewerAsync(f.OrgId, ct);
        var reason = InspectionRounds.Clean(req.Reason);
        if (InspectionRules.CheckEdit(viewer, t.Phase, reason) is { } refused)
            return viewer.HasFlag(InspectionViewer.Inspection) ? Outcome.Fail("reason", refused) : Outcome.Deny(refused);
        if (reason is { Length: > ReasonMax }) return Outcome.Fail("reason", $"修订理由不超过{ReasonMax}字");
        var (errors, edited) = await ValidateAsync(req, t, f, ct);
        if (errors.Count > 0) return new(null, errors);
        if (InspectionRules.IsLocked(t.Phase) && InspectionRules.IsClue(f.Category) != InspectionRules.IsClue(edited!.Category))
            return Outcome.Fail("category", "已反馈的问题不能在问题线索与四个落实之间改变归类");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (InspectionRules.IsLocked(t.Phase))
        {
            db.Add(new InspectionFindingVersion { FindingId = f.Id, Version = f.Version, Snapshot = Snapshot(f), Reason = reason!, ChangedBy = user.UserName ?? "", ChangedAt = now });
            f.Version++;
        }
        Copy(edited!, f);
        f.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(f.Id, errors);
    }

    public static string Snapshot(InspectionFinding f) => JsonSerializer.Serialize(new
    {
        f.Title, f.Facts, f.Evidence, f.ResponsibleOrgId, f.ResponsiblePersons, Responsibility = f.Responsibility.ToString(), f.Basis,
        Category = f.Category.ToString(), ClueGrade = f.ClueGrade?.ToString(), SuggestedForm = f.SuggestedForm?.ToString(), f.ExpressionId, f.Expression,
        f.Recommendation, f.Immediate, f.Version,
    }, AuditEvents.Json);

    private static void Copy(InspectionFinding from, InspectionFinding to)
    {
        to.Title = from.Title; to.Facts = from.Facts; to.Evidence = from.Evidence; to.ResponsibleOrgId = from.ResponsibleOrgId;
        to.ResponsiblePersons = from.ResponsiblePersons; to.Responsibility = from.Responsibility; to.Basis = from.Basis; to.Category = from.Category;
        to.ClueGrade = from.ClueGrade; to.SuggestedForm = from.SuggestedForm; to.ExpressionId = from.ExpressionId; to.Expression = from.Expression;
        to.Recommendation = from.Recommendation; to.Immediate = from.Immediate;
    }

    /// <summary>Parses responsibility kinds by name (组织, 个人, 一把手 …).</summary>
    public static (ResponsibilityKinds Kinds, List<string> Unknown) ParseResponsibility(IEnumerable<string>? names)
    {
        var kinds = ResponsibilityKinds.None;
        var unknown = new List<string>();
        foreach (var n in (names ?? []).Select(x => x?.Trim() ?? "").Where(x => x.Length > 0))
        {
            if (Enum.TryParse<ResponsibilityKinds>(n, out var k) && k != ResponsibilityKinds.None && Enum.IsDefined(k) && !int.TryParse(n, out _)) kinds |= k;
            else unknown.Add(n);
        }
        return (kinds, unknown);
    }

    private async Task<(Dictionary<string, string[]>, InspectionFinding?)> ValidateAsync(Request req, InspectionTarget t, InspectionFinding? existing, CancellationToken ct)
    {
        var category = InspectionRules.ParseCategory(req.Category);
        ClueGrade? grade = null;
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrWhiteSpace(req.ClueGrade))
        {
            if (Enum.TryParse<ClueGrade>(req.ClueGrade.Trim(), out var g) && Enum.IsDefined(g) && !int.TryParse(req.ClueGrade, out _)) grade = g;
            else errors["clueGrade"] = ["问题线索分类只能是建议参考类、建议了解关注类或建议进一步了解关注类"];
        }
        foreach (var (k, v) in InspectionRules.ValidateFinding(req.Title, req.Facts, category, grade)) errors.TryAdd(k, [v]);
        if (!string.IsNullOrWhiteSpace(req.Category) && category is null)
            errors["category"] = [$"未知的问题归类：{req.Category.Trim()}（可选：{string.Join("、", Enum.GetValues<FindingCategory>().Select(InspectionRules.Display))}）"];
        DisciplineForm? form = null;
        if (!string.IsNullOrWhiteSpace(req.SuggestedForm))
        {
            var s = req.SuggestedForm.Trim();
            var match = Enum.GetValues<DisciplineForm>().Where(x => x.ToString() == s || InspectionRules.Display(x) == s).ToList();
            if (match.Count == 1) form = match[0];
            else errors["suggestedForm"] = ["建议处置方式只能是四种形态之一"];
            if (category is { } c && !InspectionRules.IsClue(c)) errors["suggestedForm"] = ["只有问题线索才建议四种形态处置"];
        }
        void Len(string? v, int max, string key, string label) { if ((v?.Trim().Length ?? 0) > max) errors[key] = [$"{label}不超过{max}字"]; }
        Len(req.Title, TitleMax, "title", "问题标题");
        Len(req.Facts, FactsMax, "facts", "问题事实");
        Len(req.Evidence, EvidenceMax, "evidence", "证据说明");
        Len(req.ResponsiblePersons, PersonsMax, "responsiblePersons", "责任人");
        Len(req.Basis, BasisMax, "basis", "依据");
        Len(req.Expression, ExpressionMax, "expression", "规范表述");
        Len(req.Recommendation, RecommendationMax, "recommendation", "整改建议");
        var (kinds, unknown) = ParseResponsibility(req.Responsibility);
        if (unknown.Count > 0) errors["responsibility"] = [$"未知的责任类型：{string.Join("、", unknown)}（可选：组织、个人、一把手、分管领导、下级、上级、前任、现任）"];
        if (req.ResponsibleOrgId is { } ro)
        {
            var inspected = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.OrgId, ct);
            if (!await db.UnderOrg(inspected).AnyAsync(o => o.Id == ro, ct)) errors["responsibleOrgId"] = [$"责任单位须是{inspected.Name}或其下级党组织"];
        }
        if (req.ExpressionId is { } eid && !await db.Set<InspectionExpression>().AnyAsync(e => e.Id == eid, ct)) errors["expressionId"] = ["所选巡言巡语条目不存在"];
        if (errors.Count > 0) return (errors, null);
        var f = new InspectionFinding
        {
            Title = req.Title!.Trim(), Facts = req.Facts!.Trim(), Evidence = InspectionRounds.Clean(req.Evidence), ResponsibleOrgId = req.ResponsibleOrgId,
            ResponsiblePersons = InspectionRounds.Clean(req.ResponsiblePersons), Responsibility = kinds, Basis = InspectionRounds.Clean(req.Basis),
            Category = category!.Value, ClueGrade = grade, SuggestedForm = form, ExpressionId = req.ExpressionId, Expression = InspectionRounds.Clean(req.Expression),
            Recommendation = InspectionRounds.Clean(req.Recommendation), Immediate = req.Immediate == true && !InspectionRules.IsClue(category.Value),
        };
        return (errors, f);
    }

    /// <summary>草稿 → 共答中: the team shares a surface finding with the inspected leadership before 反馈.</summary>
    public async Task<Outcome> ShareAsync(long id, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Outcome.Fail("id", "问题不存在");
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Inspection)) return Outcome.Deny("只有巡察组可以提交同题共答");
        var phase = await PhaseAsync(f.TargetId, ct);
        if (InspectionRules.IsClue(f.Category)) return Outcome.Fail("id", "问题线索不参与同题共答");
        if (InspectionRules.IsLocked(phase)) return Outcome.Fail("id", "已反馈，同题共答已结束");
        if (f.State != FindingState.草稿) return Outcome.Fail("id", "该问题已提交同题共答");
        f.State = FindingState.共答中;
        f.SharedAt = clock.GetUtcNow();
        await notify.InspectedLeadershipAsync(f.OrgId, "同题共答：巡察组提交了一个问题", $"请就“{f.Title}”的定性与表述发表意见。", $"/Inspections/Finding/{f.Id}", ct);
        await db.SaveChangesAsync(ct);
        return new(f.Id, []);
    }

    /// <summary>A message of the 同题共答 exchange (kept, never edited); the other side is notified.</summary>
    public async Task<Outcome> PostMessageAsync(long id, MessageRequest req, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Outcome.Fail("id", "问题不存在");
        var viewer = await access.ViewerAsync(f.OrgId, ct);
        var phase = await PhaseAsync(f.TargetId, ct);
        if (!InspectionRules.CanRead(viewer, f.Category, f.State, phase)) return Outcome.Deny("您无权查看该问题");
        if (InspectionRules.CheckMessage(viewer, f.Category, f.State, phase) is { } refused) return Outcome.Fail("body", refused);
        if (f.State == FindingState.已定稿) return Outcome.Fail("body", "该问题的表述已定稿，同题共答已结束");
        var body = InspectionRounds.Clean(req.Body);
        var wording = InspectionRounds.Clean(req.ProposedWording);
        if (body is null) return Outcome.Fail("body", "请填写意见");
        if (body.Length > BodyMax) return Outcome.Fail("body", $"意见不超过{BodyMax}字");
        if (wording is { Length: > WordingMax }) return Outcome.Fail("proposedWording", $"建议表述不超过{WordingMax}字");
        var team = viewer.HasFlag(InspectionViewer.Inspection);
        var m = new InspectionFindingMessage
        {
            FindingId = f.Id, AuthorUserId = user.UserId, AuthorName = await MyNameAsync(ct), Side = team ? InspectionRules.SideTeam : InspectionRules.SideInspected,
            Body = body, ProposedWording = wording, At = clock.GetUtcNow(),
        };
        db.Add(m);
        var url = $"/Inspections/Finding/{f.Id}#exchange";
        if (team) await notify.InspectedLeadershipAsync(f.OrgId, "同题共答：巡察组回复", $"“{f.Title}”：{Clip(body, 100)}", url, ct);
        else await notify.TeamAsync(f.RoundId, f.OrgId, user.UserId, "同题共答：被巡察党组织回复", $"“{f.Title}”：{Clip(body, 100)}", url, ct);
        await db.SaveChangesAsync(ct);
        return new(m.Id, []);
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..n] + "…";

    /// <summary>定稿: the team records the final wording, agreed with the inspected leadership (the last of its people who took part).</summary>
    public async Task<Outcome> AgreeAsync(long id, string? wording, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Outcome.Fail("id", "问题不存在");
        var viewer = await access.ViewerAsync(f.OrgId, ct);
        if (!viewer.HasFlag(InspectionViewer.Inspection)) return Outcome.Deny("只有巡察组可以定稿");
        var phase = await PhaseAsync(f.TargetId, ct);
        if (InspectionRules.CheckMessage(viewer, f.Category, f.State, phase) is { } refused) return Outcome.Fail("agreedWording", refused);
        if (f.State == FindingState.已定稿) return Outcome.Fail("agreedWording", "该问题已定稿");
        var w = InspectionRounds.Clean(wording);
        if (w is null) return Outcome.Fail("agreedWording", "请填写定稿表述");
        if (w.Length > WordingMax) return Outcome.Fail("agreedWording", $"定稿表述不超过{WordingMax}字");
        var inspected = await db.Set<InspectionFindingMessage>().AsNoTracking().Where(m => m.FindingId == f.Id && m.Side == InspectionRules.SideInspected)
            .OrderByDescending(m => m.Id).Select(m => m.AuthorName).FirstOrDefaultAsync(ct);
        if (inspected is null) return Outcome.Fail("agreedWording", "被巡察党组织领导班子尚未发表意见，不能定稿");
        var now = clock.GetUtcNow();
        f.AgreedWording = w;
        f.AgreedBy = $"{await MyNameAsync(ct)}（{InspectionRules.SideTeam}）、{inspected}（{InspectionRules.SideInspected}）";
        if (f.AgreedBy.Length > 200) f.AgreedBy = f.AgreedBy[..200];
        f.AgreedAt = now;
        f.State = FindingState.已定稿;
        await notify.InspectedLeadershipAsync(f.OrgId, "同题共答：已定稿", $"“{f.Title}”的表述已定稿。", $"/Inspections/Finding/{f.Id}", ct);
        await db.SaveChangesAsync(ct);
        return new(f.Id, []);
    }

    public long MaxBytes => settings.Value.MaxAttachmentBytes;

    /// <summary>An evidence file, recognised by content (a disguised type is refused, nothing written).</summary>
    public async Task<Outcome> UploadAsync(long id, IFormFile? file, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Outcome.Fail("id", "问题不存在");
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Inspection)) return Outcome.Deny("只有巡察组可以上传证据材料");
        var (bytes, readError) = await AttachmentSniffer.ReadAsync(file, MaxBytes, ct);
        if (bytes is null) return Outcome.Fail("file", readError!);
        var (kind, error) = AttachmentSniffer.Check(bytes, MaxBytes);
        if (kind is null) return Outcome.Fail("file", error!);
        var a = new InspectionFindingAttachment
        {
            FindingId = f.Id, FileName = AttachmentSniffer.SafeName(file!.FileName, kind), ContentType = kind.ContentType, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Data = bytes, UploadedBy = user.UserName ?? "", UploadedAt = clock.GetUtcNow(),
        };
        db.Add(a);
        await db.SaveChangesAsync(ct);
        return new(a.Id, []);
    }

    /// <summary>移交 of a clue (after 反馈) to 纪检监察机构 or 组织部门; the receiving side is notified.</summary>
    public async Task<Outcome> TransferAsync(long id, string? department, string? note, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Outcome.Fail("id", "问题不存在");
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Inspection)) return Outcome.Deny("只有巡察组可以移交问题线索");
        if (!InspectionRules.IsClue(f.Category)) return Outcome.Fail("department", "只有问题线索需要移交；其他问题按整改任务落实");
        if (!InspectionRules.IsLocked(await PhaseAsync(f.TargetId, ct))) return Outcome.Fail("department", "问题线索在反馈后（或移交阶段）移交");
        var dep = department?.Trim();
        if (dep is null || !InspectionRules.Departments.Contains(dep)) return Outcome.Fail("department", "请选择移交对象：纪检监察机构或组织部门");
        var n = InspectionRounds.Clean(note);
        if (n is { Length: > NoteMax }) return Outcome.Fail("note", $"移交说明不超过{NoteMax}字");
        if (await db.Set<InspectionClueTransfer>().AnyAsync(x => x.FindingId == f.Id, ct)) return Outcome.Fail("department", "该问题线索已移交");
        var tr = new InspectionClueTransfer { FindingId = f.Id, Department = dep, TransferredAt = clock.GetUtcNow(), TransferredBy = user.UserName ?? "", Note = n };
        db.Add(tr);
        var receiver = dep == "纪检监察机构" ? Role.Discipline : Role.OrgAdmin;
        await notify.RoleOverAsync(receiver, f.OrgId, "巡察移交问题线索", $"巡察组向{dep}移交了一条问题线索，请登记回执。", "/Inspections/Clues", ct);
        await db.SaveChangesAsync(ct);
        return new(tr.Id, []);
    }

    /// <summary>The receiving side (纪检) records the receipt (回执 number and date) of a transferred clue.</summary>
    public async Task<Outcome> ReceiveAsync(long transferId, string? receiptNo, DateOnly? receivedOn, CancellationToken ct)
    {
        var tr = await db.Set<InspectionClueTransfer>().FirstOrDefaultAsync(x => x.Id == transferId, ct);
        if (tr is null) return Outcome.Fail("id", "移交记录不存在");
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstAsync(x => x.Id == tr.FindingId, ct);
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Discipline)) return Outcome.Deny("只有纪检监察机构可以登记回执");
        if (tr.ReceiptNo is not null) return Outcome.Fail("receiptNo", "已登记回执");
        var no = InspectionRounds.Clean(receiptNo);
        if (no is null) return Outcome.Fail("receiptNo", "请填写回执编号");
        if (no.Length > ReceiptMax) return Outcome.Fail("receiptNo", $"回执编号不超过{ReceiptMax}字");
        var now = clock.GetUtcNow();
        var day = receivedOn ?? ChineseDates.DayOf(now);
        if (day > ChineseDates.DayOf(now)) return Outcome.Fail("receivedOn", "接收日期不能晚于今天");
        if (day < ChineseDates.DayOf(tr.TransferredAt)) return Outcome.Fail("receivedOn", "接收日期不能早于移交日期");
        tr.ReceiptNo = no;
        tr.ReceivedAt = day == ChineseDates.DayOf(now) ? now : new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        tr.ReceivedBy = user.UserName;
        await db.SaveChangesAsync(ct);
        return new(tr.Id, []);
    }
}
