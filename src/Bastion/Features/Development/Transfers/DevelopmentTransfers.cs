using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Transfers;

/// <summary>
/// What the 转出/转入 use cases share (decision 0014): the waiting transfer of a case and the guard every change of the
/// case goes through while one waits, the move itself (the case closes as 转出 and opens in the receiving branch with
/// every step at its original date, and its scans move with it), and the in-app notices.
/// </summary>
public static class DevelopmentTransfers
{
    /// <summary>A transfer as the case page, the board and the API show it.</summary>
    public sealed record View(
        long Id, long CaseId, DevelopmentTransferState State, long FromOrgId, string FromOrgName, long ToOrgId, string ToOrgName, DateOnly On, string Reason,
        string? CreatedBy, DateTimeOffset CreatedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote, long? NewCaseId);

    /// <summary>The case's waiting transfer, if any.</summary>
    public static Task<DevelopmentTransfer?> WaitingAsync(AppDbContext db, long caseId, CancellationToken ct) =>
        db.Set<DevelopmentTransfer>().AsNoTracking().FirstOrDefaultAsync(t => t.CaseId == caseId && t.State == DevelopmentTransferState.待接收, ct);

    /// <summary>
    /// The guard of every change of a case: while a 转出 waits for the receiving side nothing may be recorded on it (409).
    /// </summary>
    public static async Task<Result?> RefuseWhileWaitingAsync(AppDbContext db, long caseId, string what, CancellationToken ct)
    {
        if (await WaitingAsync(db, caseId, ct) is not { } t) return null;
        var to = await db.Organizations.AsNoTracking().Where(o => o.Id == t.OrgId).Select(o => o.Name).FirstAsync(ct);
        return Result.Conflict($"该档案正在转出至{to}，待接收方办理，期间不能{what}；如需继续办理，请先撤回转出");
    }

    /// <summary>The latest transfer of the case (waiting, or how the last one ended), for the case page and the API.</summary>
    public static async Task<View?> LatestAsync(AppDbContext db, long caseId, CancellationToken ct)
    {
        var t = await db.Set<DevelopmentTransfer>().AsNoTracking().Where(x => x.CaseId == caseId || x.NewCaseId == caseId)
            .OrderByDescending(x => x.NewCaseId == caseId ? 0 : 1).ThenByDescending(x => x.Id).FirstOrDefaultAsync(ct);
        return t is null ? null : (await ViewsAsync(db, [t], ct))[0];
    }

    public static async Task<List<View>> ViewsAsync(AppDbContext db, IReadOnlyList<DevelopmentTransfer> ts, CancellationToken ct)
    {
        var orgIds = ts.SelectMany(t => new[] { t.OrgId, t.FromOrgId }).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return ts.Select(t => new View(t.Id, t.CaseId, t.State, t.FromOrgId, names[t.FromOrgId], t.OrgId, names[t.OrgId], t.On, t.Reason,
            t.CreatedBy, t.CreatedAt, t.DecidedBy, t.DecidedAt, t.DecisionNote, t.NewCaseId)).ToList();
    }

    /// <summary>
    /// Moves a locked, open case to the receiving branch (saved here, in the caller's transaction): the case closes as
    /// 转出 (the one open case per ID number moves), a new case opens there with the same state and every current step
    /// at its original date (training time continues), the people the steps name, and the scans, which are moved, not
    /// copied: the receiving case shows and serves them, the old one no longer does.
    /// </summary>
    public static async Task<DevelopmentCase> MoveAsync(AppDbContext db, DevelopmentCase c, Organization to, DevelopmentTransfer t, string? userName, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var state = c.State;
        c.State = DevelopmentState.转出;
        c.ClosedOn = t.On;
        c.CloseReason = Cut($"转出至{to.Name}：{t.Reason}", 500);
        c.UpdatedAt = now;
        await db.SaveChangesAsync(ct); // the old case is closed first: one open case per ID number
        var moved = new DevelopmentCase
        {
            OrgId = to.Id, Name = c.Name, IdNumber = c.IdNumber, BirthDate = c.BirthDate, Gender = c.Gender, AppliedOn = c.AppliedOn, State = state,
            PackVersion = c.PackVersion, TransferredFromId = c.Id, VolunteerBookNo = c.VolunteerBookNo, CreatedAt = now, CreatedBy = userName, UpdatedAt = now,
        };
        db.Add(moved);
        await db.SaveChangesAsync(ct);
        var copies = rows.Select(r => (From: r.Version.Id, Copy: new DevelopmentStep
        {
            CaseId = moved.Id, OrgId = to.Id, Step = r.Version.Step, On = r.Version.On, Fields = r.Version.Fields, LateReason = r.Version.LateReason,
            Warnings = r.Version.Warnings, CopiedFromId = r.Version.Id, RecordedBy = r.Version.RecordedBy, RecordedAt = r.Version.RecordedAt,
        })).ToList();
        db.AddRange(copies.Select(x => x.Copy));
        await db.SaveChangesAsync(ct);
        var fromIds = copies.Select(x => x.From).ToList();
        var people = await db.Set<DevelopmentStepMember>().AsNoTracking().Where(m => fromIds.Contains(m.StepId)).ToListAsync(ct);
        foreach (var m in people)
            db.Add(new DevelopmentStepMember { StepId = copies.First(x => x.From == m.StepId).Copy.Id, MemberId = m.MemberId, OrgId = to.Id, Role = m.Role });
        // the scans travel with the case: the rows move (no second copy of a file), the audit row says how many
        var documents = await db.Set<DevelopmentDocument>().Where(d => d.CaseId == c.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.CaseId, moved.Id).SetProperty(d => d.OrgId, to.Id), ct);
        if (documents > 0) AuditEvents.Add(db, "development.documents_moved", "development_cases", moved.Id, to.Id, new { fromCase = c.Id, toCase = moved.Id, documents });
        t.NewCaseId = moved.Id;
        await db.SaveChangesAsync(ct);
        return moved;
    }

    /// <summary>
    /// Tells those who may accept for the receiving branch (DevelopmentManage on it or on a 党委 above it) that a 转出
    /// waits for them (the notification bell; <see cref="Transfers.TransferScope.NotifyManagersAsync"/>).
    /// </summary>
    public static Task NotifyReceiversAsync(AppDbContext db, Organization to, DevelopmentCase c, Organization from, DateTimeOffset now, CancellationToken ct) =>
        Bastion.Features.Transfers.TransferScope.NotifyManagersAsync(db, to, $"发展党员转入待接收：{c.Name}",
            $"{from.Name}将{c.Name}（{c.State}）的发展党员档案转至{to.Name}，请审核材料后接收或退回。", $"/Development/Transfers?org={to.Id}", now, ct,
            Permission.DevelopmentManage);

    /// <summary>Tells the account that sent the 转出 what became of it.</summary>
    public static async Task NotifySenderAsync(AppDbContext db, DevelopmentTransfer t, string title, string body, string url, DateTimeOffset now, CancellationToken ct)
    {
        if (t.CreatedBy is null) return;
        var sender = await db.Users.AsNoTracking().Where(u => u.UserName == t.CreatedBy).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        if (sender is { } id)
            db.Notifications.Add(new Notification { UserId = id, OrgId = t.FromOrgId, Title = title, Body = body, Url = url, CreatedAt = now });
    }

    public static string Cut(string s, int n) => s.Length <= n ? s : s[..n];
}
