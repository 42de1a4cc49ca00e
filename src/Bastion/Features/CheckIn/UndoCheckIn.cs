using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>Removes a check-in (scanned or manual) written while the meeting is planned; 请假 rows stay.</summary>
public sealed class UndoCheckIn(AppDbContext db)
{
    public async Task<Result> Handle(long meetingId, long memberId, CancellationToken ct = default)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == meetingId, ct);
        if (meeting.State != MeetingState.计划) return Result.Conflict("会议已登记或已取消，不能撤销签到");
        var row = await db.Set<MeetingAttendance>().FirstOrDefaultAsync(a => a.MeetingId == meetingId && a.MemberId == memberId, ct);
        if (row is not { Status: AttendanceStatus.出席 } || row.Method == CheckInMethod.录入) return Result.Conflict("该党员没有签到记录");
        db.Set<MeetingAttendance>().Remove(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
