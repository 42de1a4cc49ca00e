using System.Globalization;
using Bastion.Domain;
using Bastion.Web;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.Features.Meetings.Book;

/// <summary>One held meeting as printed: its record, the photos to embed and the attachments only named.</summary>
public sealed record MeetingRecord(GetMeeting.Details Meeting, MeetingSource Source, IReadOnlyList<MeetingRecord.Photo> Photos, IReadOnlyList<string> OtherFiles)
{
    public sealed record Photo(string FileName, byte[] Data);
}

/// <summary>A line of the 目录 of a year's records.</summary>
public sealed record BookEntry(long Id, DateTimeOffset HeldAt, string Kinds, string Topic, string OrgName);

/// <summary>
/// The 三会一课 record of a meeting in the layout of a 会议记录本 (.docx): a bordered table of 会议类型, 时间 (start–end),
/// 地点, 主持人, 记录人, 应到/实到/请假/缺席 with the names, 会议主题; then 会议记录 (the minutes as Word paragraphs),
/// 决议, the 签到表 (way and time of each check-in), photos and the other attachments by name, and lines to sign.
/// A year's records of a branch are bound in one file: a cover, a 目录 with page numbers, each meeting on a new page.
/// </summary>
public static class MeetingRecordDocument
{
    private const string Song = "宋体", Hei = "黑体", Kai = "楷体";
    /// <summary>小四 body, 四号 headings, 小二 titles, 小五 tables' small print (half-points).</summary>
    private const int XiaoSi = 24, SiHao = 28, XiaoEr = 36, WuHao = 21, ErHao = 44;

    public const string TitleSuffix = "会议记录";
    public const string MinutesHeading = "会议记录";
    public const string ResolutionsHeading = "决议、决定";
    public const string SignInHeading = "签到表";
    public const string PhotosHeading = "会议照片及附件";
    public const string ContentsHeading = "目　录";

    /// <summary>宋体 小四, 1.5 lines, margins 2.54 cm / 3.17 cm (Word's defaults), "第 n 页" in the footer.</summary>
    private static readonly WordDocument.Layout Book = new(Song, XiaoSi, 360, false, 1440, 1440, 1800, 1800, Song, WuHao, "第 ", " 页");

    public static readonly IReadOnlyList<string> SignInHeaders = ["序号", "姓名", "出勤", "签到方式", "签到时间", "本人签名"];

    public static byte[] Single(MeetingRecord r)
    {
        using var doc = new WordDocument(Book, cover: false);
        Write(doc, r, newPage: false, bookmark: null);
        return doc.ToArray();
    }

    /// <summary>
    /// A year's records: cover, 目录 (one line per meeting with its page), then each meeting on a new page. Meetings are
    /// read one at a time from <paramref name="records"/>; the package goes to <paramref name="output"/> (a temporary file).
    /// </summary>
    public static async Task YearAsync(Stream output, string orgName, int year, IReadOnlyList<BookEntry> entries, Func<long, Task<MeetingRecord?>> load, DateOnly today)
    {
        using var doc = new WordDocument(Book, cover: true, output);
        doc.Add(P(JustificationValues.Center, [WordDocument.R("", XiaoSi)], before: 2400));
        doc.Add(P(JustificationValues.Center, [WordDocument.R(orgName, XiaoEr, bold: true, font: Song)], after: 480));
        doc.Add(P(JustificationValues.Center, [WordDocument.R($"{year}年度", ErHao, bold: true, font: Hei)], after: 240));
        doc.Add(P(JustificationValues.Center, [WordDocument.R("“三会一课”会议记录", ErHao, bold: true, font: Hei)], after: 1200));
        doc.Add(P(JustificationValues.Center, [WordDocument.R($"共 {entries.Count} 次会议", SiHao, font: Kai)], after: 120));
        if (entries.Count > 0)
            doc.Add(P(JustificationValues.Center, [WordDocument.R($"{ChineseDates.Date(entries[0].HeldAt)} 至 {ChineseDates.Date(entries[^1].HeldAt)}", SiHao, font: Kai)], after: 120));
        doc.Add(P(JustificationValues.Center, [WordDocument.R($"导出日期：{ChineseDates.Date(today)}", SiHao, font: Kai)], before: 2400));

        // 目录: the page numbers are PAGEREF fields to each meeting's bookmark (Word updates them on opening)
        doc.Add(P(JustificationValues.Center, [WordDocument.R(ContentsHeading, XiaoEr, bold: true, font: Hei)], after: 240, pageBreakBefore: true));
        int[] widths = [700, 1700, 1900, 3206, 800];
        var toc = doc.NewTable(widths);
        toc.Append(Row(widths, ["序号", "日期", "会议类型", "会议主题", "页码"], header: true));
        if (entries.Count == 0)
            toc.Append(new TableRow(WordDocument.Cell(widths.Sum(), [P(JustificationValues.Center, [WordDocument.R($"{year}年没有已召开的会议记录。", XiaoSi)])], span: widths.Length)));
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var mark = Bookmark(e.Id);
            toc.Append(new TableRow(
                WordDocument.Cell(widths[0], [P(JustificationValues.Center, [WordDocument.R((i + 1).ToString(CultureInfo.InvariantCulture), WuHao)])]),
                WordDocument.Cell(widths[1], [P(JustificationValues.Center, [WordDocument.R(ShortDate(e.HeldAt), WuHao)])]),
                WordDocument.Cell(widths[2], [P(JustificationValues.Left, [WordDocument.R(e.Kinds, WuHao)])]),
                WordDocument.Cell(widths[3], [P(JustificationValues.Left, [WordDocument.Link(mark, WordDocument.R(e.Topic, WuHao))])]),
                WordDocument.Cell(widths[4], [P(JustificationValues.Center, WordDocument.PageRef(mark, WuHao))])));
        }
        doc.UpdateFieldsOnOpen();

        foreach (var e in entries)
            if (await load(e.Id) is { } r) Write(doc, r, newPage: true, bookmark: Bookmark(e.Id));
        doc.Finish();
    }

    public static string Bookmark(long meetingId) => "meeting_" + meetingId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Appends one meeting's record (starting on a new page in a year's book).</summary>
    public static void Write(WordDocument doc, MeetingRecord r, bool newPage, string? bookmark)
    {
        var m = r.Meeting;
        var title = P(JustificationValues.Center, [WordDocument.R(Title(m), XiaoEr, bold: true, font: Hei)], after: 60, pageBreakBefore: newPage);
        if (bookmark is not null) WordDocument.Bookmark(title, bookmark, (int)Math.Min(int.MaxValue, m.Id));
        doc.Add(title);
        doc.Add(P(JustificationValues.Center, [WordDocument.R(m.OrgName, SiHao, font: Kai)], after: r.Source == MeetingSource.补录 ? 0 : 200));
        if (r.Source == MeetingSource.补录)
            doc.Add(P(JustificationValues.Center, [WordDocument.R("（补录：根据原始会议记录导入）", WuHao, font: Kai)], after: 200));

        var w = doc.WidthDxa;
        var label = 1300;
        var half = (w - 2 * label) / 2;
        int[] grid = [label, half, label, w - 2 * label - half];
        var t = doc.NewTable(grid);
        void Full(string name, string value) => t.Append(new TableRow(LabelCell(label, name), ValueCell(w - label, value, span: 3)));
        void Pair(string n1, string v1, string n2, string v2) => t.Append(new TableRow(LabelCell(label, n1), ValueCell(grid[1], v1), LabelCell(label, n2), ValueCell(grid[3], v2)));

        var present = m.Attendance.Where(a => a.Status == nameof(AttendanceStatus.出席)).ToList();
        var leave = m.Attendance.Where(a => a.Status == nameof(AttendanceStatus.请假)).ToList();
        var absent = m.Attendance.Where(a => a.Status == nameof(AttendanceStatus.缺席)).ToList();
        Full("会议类型", string.Join("、", m.Types));
        Full("会议时间", Time(m.HeldAt, m.EndsAt));
        Full("会议地点", m.Place ?? "");
        Pair("主 持 人", m.Host?.Name ?? "", "记 录 人", m.Recorder?.Name ?? "");
        if (m.Lecturer is not null) Full("授 课 人", m.Lecturer.Name);
        Pair("应到人数", $"{m.Expected}人", "实到人数", $"{m.Present}人");
        Pair("请假人数", $"{m.OnLeave}人", "缺席人数", $"{m.Absent}人");
        Full("出席人员", Names(present));
        Full("请假人员", leave.Count == 0 ? "无" : string.Join("、", leave.Select(a => a.Reason is { Length: > 0 } reason ? $"{a.Name}（{reason}）" : a.Name)));
        Full("缺席人员", absent.Count == 0 ? "无" : Names(absent));
        if (m.Guests is { Length: > 0 } guests) Full("列席人员", guests);
        if ((m.Kinds & (MeetingKinds.支部党员大会 | MeetingKinds.支部委员会)) != 0)
            Full("法定人数", m.QuorumMet ? Quorum(m) + "，达到法定人数" : (m.QuorumNote ?? "未达到法定人数，会议无效"));
        Full("会议主题", m.Topic);
        if (m.Agenda is { Length: > 0 } agenda) Full("会议议程", agenda);

        Heading(doc, MinutesHeading);
        if (string.IsNullOrWhiteSpace(MinutesSanitizer.PlainText(m.MinutesHtml))) Note(doc, "（未录入会议记录）");
        else MinutesToWord.Append(doc, m.MinutesHtml, XiaoSi, Hei);

        if (m.Resolutions is { Length: > 0 } resolutions)
        {
            Heading(doc, ResolutionsHeading);
            foreach (var line in resolutions.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                doc.Add(P(JustificationValues.Both, [WordDocument.R(line, XiaoSi)], indent: true));
            if (m.VotesFor is not null)
                doc.Add(P(JustificationValues.Both, [WordDocument.R($"表决结果：赞成{m.VotesFor}票，反对{m.VotesAgainst ?? 0}票，弃权{m.VotesAbstain ?? 0}票。", XiaoSi)], indent: true));
            if (m.ResolutionNote is { } note) doc.Add(P(JustificationValues.Both, [WordDocument.R(note + "。", XiaoSi, bold: true)], indent: true));
        }

        Heading(doc, SignInHeading);
        int[] sign = [700, 1400, 1500, 1400, 1700, w - 6700];
        var k = 0;
        doc.Table(SignInHeaders, sign, m.Attendance.Select(a => (IReadOnlyList<string>)
        [
            (++k).ToString(CultureInfo.InvariantCulture), a.Name,
            a.Status == nameof(AttendanceStatus.请假) && a.Reason is { Length: > 0 } why ? $"请假（{why}）" : a.Status,
            Way(a), a.CheckedInAt is { } at ? ChineseDates.DateTime(at) : "", "",
        ]), WuHao, line: 360);
        if (m.Attendance.Count == 0) Note(doc, "（无出勤记录）");

        if (r.Photos.Count > 0 || r.OtherFiles.Count > 0)
        {
            Heading(doc, PhotosHeading);
            foreach (var photo in r.Photos)
            {
                var embedded = doc.Picture(photo.Data, photo.FileName, 14 * WordDocument.EmuPerCm, 10 * WordDocument.EmuPerCm);
                doc.Add(P(JustificationValues.Center, [WordDocument.R(embedded is null ? $"照片：{photo.FileName}（无法读取，未嵌入）" : photo.FileName, WuHao, font: Kai)], after: 120));
            }
            foreach (var f in r.OtherFiles) doc.Add(P(JustificationValues.Left, [WordDocument.R("附件：" + f, XiaoSi)], indent: true));
        }

        doc.Add(P(JustificationValues.Left, [WordDocument.R("主持人（签字）：＿＿＿＿＿＿＿　　　记录人（签字）：＿＿＿＿＿＿＿", XiaoSi)], before: 480));
    }

    public static string Title(GetMeeting.Details m) => (m.Types.Length == 1 ? m.Types[0] : "组织生活") + TitleSuffix;

    /// <summary>2026年3月5日 14:30—16:00 (China time).</summary>
    public static string Time(DateTimeOffset start, DateTimeOffset? end)
    {
        var s = ChineseDates.DateTime(start);
        if (end is not { } e) return s;
        var (ls, le) = (MeetingTime.Local(start), MeetingTime.Local(e));
        return s + "—" + (ls.Date == le.Date ? le.ToString("HH:mm", CultureInfo.InvariantCulture) : ChineseDates.DateTime(e));
    }

    /// <summary>How the member came to be on the sheet: scanned (扫码签到), checked in by the recorder (手工签到), or marked by hand with the record (手工).</summary>
    public static string Way(GetMeeting.AttendanceRow a) => a.Status != nameof(AttendanceStatus.出席) ? "—" : a.Method switch
    {
        nameof(CheckInMethod.扫码) => "扫码签到",
        nameof(CheckInMethod.手工签到) => "手工签到",
        _ => "手工",
    };

    private static string Quorum(GetMeeting.Details m)
    {
        var parts = new List<string>();
        if ((m.Kinds & MeetingKinds.支部党员大会) != 0) parts.Add($"有表决权党员应到{m.VotingExpected}人、实到{m.VotingPresent}人");
        if ((m.Kinds & MeetingKinds.支部委员会) != 0) parts.Add($"支委应到{m.CommitteeExpected}人、实到{m.CommitteePresent}人");
        return string.Join("；", parts);
    }

    private static string Names(IEnumerable<GetMeeting.AttendanceRow> rows) => string.Join("、", rows.Select(a => a.Name)) is { Length: > 0 } s ? s : "无";

    private static string ShortDate(DateTimeOffset t) => MeetingTime.Local(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Heading(WordDocument doc, string s) =>
        doc.Add(P(JustificationValues.Left, [WordDocument.R(s, SiHao, bold: true, font: Hei)], before: 240, after: 120, keepNext: true));

    private static void Note(WordDocument doc, string s) => doc.Add(P(JustificationValues.Left, [WordDocument.R(s, XiaoSi, font: Kai)], indent: true));

    private static TableCell LabelCell(int width, string text) =>
        WordDocument.Cell(width, [P(JustificationValues.Center, [WordDocument.R(text, XiaoSi, bold: true)])], shaded: true);

    private static TableCell ValueCell(int width, string text, int span = 1) =>
        WordDocument.Cell(width, text.Split('\n').Select(line => P(JustificationValues.Left, [WordDocument.R(line.TrimEnd('\r'), XiaoSi)])), span);

    private static TableRow Row(IReadOnlyList<int> widths, IReadOnlyList<string> cells, bool header)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < widths.Count; i++)
            row.Append(WordDocument.Cell(widths[i], [P(JustificationValues.Center, [WordDocument.R(cells[i], WuHao, bold: header)])], shaded: header));
        return row;
    }

    private static Paragraph P(JustificationValues align, IEnumerable<OpenXmlElement> runs, int before = 0, int after = 0, bool indent = false,
        bool keepNext = false, bool pageBreakBefore = false) =>
        WordDocument.P(align, runs, before, after, indent, keepNext, pageBreakBefore: pageBreakBefore);
}
