using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bastion.Domain;

// The tabs of a member record after the national party-member information system (全国党员管理信息系统):
// 党内职务, 奖惩, 家庭成员, photo. Each row copies the member's organization (OrgId) for scoping and audit.

/// <summary>One party post a member held (党内职务), e.g. 支部书记 of a branch from a date to a date.</summary>
public sealed class MemberPost
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public required string Title { get; set; }
    /// <summary>The party organization the post was held in (free text: it may lie outside this platform).</summary>
    public required string OrgName { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum RewardPenaltyKind { 奖励 = 1, 惩处 = 2 }

/// <summary>A reward or a disciplinary measure (奖惩). 惩处 rows are personal data: shown only with full access, and every view is audited.</summary>
public sealed class MemberRewardPenalty
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public RewardPenaltyKind Kind { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>名称或内容, e.g. 优秀共产党员 / 党内警告.</summary>
    public required string Title { get; set; }
    /// <summary>批准机关.</summary>
    public required string Issuer { get; set; }
    /// <summary>文号.</summary>
    public string? DocNo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A family member (家庭成员) with the relation and political status.</summary>
public sealed class MemberFamilyMember
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public required string Name { get; set; }
    public required string Relation { get; set; }
    public string? Employer { get; set; }
    public string? Post { get; set; }
    public string? PoliticalStatus { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The member's photo (one per member), JPEG or PNG as recognised from its content.</summary>
public sealed class MemberPhoto
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    /// <summary>image/jpeg or image/png, from the file's magic bytes.</summary>
    public required string ContentType { get; set; }
    public required ImageBytes Content { get; set; }
    public string? UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>
/// The bytes of an image. The audit trail serializes every changed entity; this type writes itself there as its
/// size and SHA-256, never as the picture.
/// </summary>
[JsonConverter(typeof(ImageBytesAuditConverter))]
public sealed class ImageBytes(byte[] bytes)
{
    private readonly byte[] _bytes = bytes;
    public int Length => _bytes.Length;
    public byte[] ToArray() => _bytes;
    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(_bytes));
    public bool SameAs(ImageBytes? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
}

public sealed class ImageBytesAuditConverter : JsonConverter<ImageBytes>
{
    public override ImageBytes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("image bytes are not read from JSON");

    public override void Write(Utf8JsonWriter writer, ImageBytes value, JsonSerializerOptions options) =>
        writer.WriteStringValue($"{value.Length} bytes, sha256 {value.Sha256()}");
}

public enum CorrectionState { 待审核 = 1, 已同意 = 2, 已驳回 = 3 }

/// <summary>A member's request to correct a field of their own record (申请更正), decided by the branch.</summary>
public sealed class MemberCorrection
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public long? RequestedByUserId { get; set; }
    public required string RequestedBy { get; set; }
    /// <summary>The field key of <see cref="MemberCorrectionRules.Fields"/> (camelCase, as in member errors).</summary>
    public required string Field { get; set; }
    /// <summary>The value when requested, masked for ID numbers and phones.</summary>
    public string? CurrentValue { get; set; }
    /// <summary>The proposed value of any field but the ID number and the phone.</summary>
    public string? ProposedValue { get; set; }
    /// <summary>A proposed 公民身份号码 (kept under this name so the audit trail masks it).</summary>
    public string? IdNumber { get; set; }
    /// <summary>A proposed phone number (kept under this name so the audit trail masks it).</summary>
    public string? Phone { get; set; }
    public required string Reason { get; set; }
    public CorrectionState State { get; set; } = CorrectionState.待审核;
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The proposed value, whichever column holds it.</summary>
    public string Proposed => Field switch { "idNumber" => IdNumber ?? "", "phone" => Phone ?? "", _ => ProposedValue ?? "" };

    public void Propose(string value)
    {
        (ProposedValue, IdNumber, Phone) = (null, null, null);
        if (Field == "idNumber") IdNumber = MemberRules.Normalize(value);
        else if (Field == "phone") Phone = MemberRules.Normalize(value);
        else ProposedValue = value.Trim();
    }
}

/// <summary>Raw form input of the record tabs (strings, as typed).</summary>
public sealed record MemberPostDraft(string? Title, string? OrgName, string? StartDate, string? EndDate);
public sealed record MemberRewardPenaltyDraft(string? Kind, string? Date, string? Title, string? Issuer, string? DocNo);
public sealed record MemberFamilyDraft(string? Name, string? Relation, string? Employer, string? Post, string? PoliticalStatus);

/// <summary>Pure rules of the record tabs. Error keys are camelCase field names; messages are Chinese.</summary>
public static class MemberRecordRules
{
    public const int TitleMax = 50, OrgNameMax = 100, RewardTitleMax = 200, IssuerMax = 100, DocNoMax = 100,
        NameMax = 50, RelationMax = 10, EmployerMax = 100, PostMax = 100, PoliticalStatusMax = 20;

    /// <summary>Photos: JPEG or PNG up to 2 MB.</summary>
    public const int PhotoMaxBytes = 2 * 1024 * 1024;

    public static readonly IReadOnlyList<string> PostTitles =
        ["党委书记", "党委副书记", "党委委员", "党总支书记", "党总支副书记", "支部书记", "支部副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "党小组组长"];

    public static readonly IReadOnlyList<string> Relations = ["配偶", "子女", "父亲", "母亲", "兄弟姐妹", "公婆", "岳父母", "其他亲属"];

    public static readonly IReadOnlyList<string> PoliticalStatuses = ["中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"];

    private static readonly DateOnly Earliest = new(1921, 7, 1);

    public static (MemberPost? Values, Dictionary<string, string[]> Errors) CheckPost(MemberPostDraft d, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        var title = Clean(d.Title);
        if (title is null) e["title"] = ["请填写职务名称，例如 支部书记、组织委员"];
        else if (title.Length > TitleMax) e["title"] = [$"职务名称不能超过{TitleMax}个字"];
        var org = Clean(d.OrgName);
        if (org is null) e["orgName"] = ["请填写任职的党组织"];
        else if (org.Length > OrgNameMax) e["orgName"] = [$"党组织名称不能超过{OrgNameMax}个字"];
        var start = Date(d.StartDate, "startDate", "任职日期", today, required: true, e);
        var end = Date(d.EndDate, "endDate", "免职日期", today, required: false, e);
        if (start is { } s && end is { } x && x < s) e["endDate"] = [$"免职日期不能早于任职日期（{ChineseDates.Date(s)}）"];
        if (e.Count > 0) return (null, e);
        return (new MemberPost { Title = title!, OrgName = org!, StartDate = start!.Value, EndDate = end }, e);
    }

    public static (MemberRewardPenalty? Values, Dictionary<string, string[]> Errors) CheckRewardPenalty(MemberRewardPenaltyDraft d, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        RewardPenaltyKind? kind = Clean(d.Kind) switch { "奖励" => RewardPenaltyKind.奖励, "惩处" => RewardPenaltyKind.惩处, _ => null };
        if (kind is null) e["kind"] = ["请选择奖励或惩处"];
        var date = Date(d.Date, "date", kind == RewardPenaltyKind.惩处 ? "处分日期" : "日期", today, required: true, e);
        var title = Clean(d.Title);
        if (title is null) e["title"] = [kind == RewardPenaltyKind.惩处 ? "请填写处分名称或内容，例如 党内警告" : "请填写奖惩名称或内容，例如 优秀共产党员"];
        else if (title.Length > RewardTitleMax) e["title"] = [$"名称或内容不能超过{RewardTitleMax}个字"];
        var issuer = Clean(d.Issuer);
        if (issuer is null) e["issuer"] = ["请填写批准机关"];
        else if (issuer.Length > IssuerMax) e["issuer"] = [$"批准机关不能超过{IssuerMax}个字"];
        var doc = Clean(d.DocNo);
        if (doc?.Length > DocNoMax) e["docNo"] = [$"文号不能超过{DocNoMax}个字"];
        if (e.Count > 0) return (null, e);
        return (new MemberRewardPenalty { Kind = kind!.Value, Date = date!.Value, Title = title!, Issuer = issuer!, DocNo = doc }, e);
    }

    public static (MemberFamilyMember? Values, Dictionary<string, string[]> Errors) CheckFamily(MemberFamilyDraft d)
    {
        var e = new Dictionary<string, string[]>();
        var name = Clean(d.Name);
        if (name is null) e["name"] = ["请填写家庭成员姓名"];
        else if (name.Length > NameMax) e["name"] = [$"姓名不能超过{NameMax}个字"];
        var relation = Clean(d.Relation);
        if (relation is null) e["relation"] = ["请选择与本人关系"];
        else if (!Relations.Contains(relation)) e["relation"] = [$"与本人关系请选择：{string.Join("、", Relations)}"];
        var employer = Clean(d.Employer);
        if (employer?.Length > EmployerMax) e["employer"] = [$"工作单位不能超过{EmployerMax}个字"];
        var post = Clean(d.Post);
        if (post?.Length > PostMax) e["post"] = [$"职务不能超过{PostMax}个字"];
        var status = Clean(d.PoliticalStatus);
        if (status is not null && !PoliticalStatuses.Contains(status)) e["politicalStatus"] = [$"政治面貌请选择：{string.Join("、", PoliticalStatuses)}"];
        if (e.Count > 0) return (null, e);
        return (new MemberFamilyMember { Name = name!, Relation = relation!, Employer = employer, Post = post, PoliticalStatus = status }, e);
    }

    /// <summary>The image type read from the first bytes of a file (never from its name): image/jpeg, image/png, or null.</summary>
    public static string? SniffImage(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (head.Length >= png.Length && head[..png.Length].SequenceEqual(png)) return "image/png";
        return null;
    }

    /// <summary>Checks an uploaded photo; returns its content type, or a Chinese message.</summary>
    public static (string? ContentType, string? Error) CheckPhoto(ReadOnlySpan<byte> content)
    {
        if (CheckPhotoSize(content.Length) is { } tooBig) return (null, tooBig);
        var type = SniffImage(content);
        return type is null ? (null, "照片须为 JPEG 或 PNG 图片（按文件内容识别，改扩展名无效）") : (type, null);
    }

    /// <summary>Checks a photo's size before it is read: empty or above 2 MB is refused.</summary>
    public static string? CheckPhotoSize(long length) =>
        length <= 0 ? "请选择照片文件"
        : length > PhotoMaxBytes ? string.Create(CultureInfo.InvariantCulture, $"照片不能超过2MB（该文件约 {length / 1024.0 / 1024.0:0.0}MB）")
        : null;

    /// <summary>A date typed as yyyy-MM-dd.</summary>
    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact((value ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static DateOnly? Date(string? text, string key, string label, DateOnly today, bool required, Dictionary<string, string[]> e)
    {
        var t = Clean(text);
        if (t is null)
        {
            if (required) e[key] = [$"请填写{label}"];
            return null;
        }
        var d = ParseDate(t);
        if (d is null) e[key] = [$"{label}格式应为 年-月-日，例如 2020-07-01"];
        else if (d > today) e[key] = [$"{label}不能晚于今天"];
        else if (d < Earliest) e[key] = [$"{label}不能早于1921年7月1日"];
        else return d;
        return null;
    }

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>
/// The fields a member may ask to have corrected on their own record (申请更正), with how the proposed value is
/// checked when asked and how it replaces the stored one when approved (all member rules apply then).
/// </summary>
public static class MemberCorrectionRules
{
    public const int ValueMax = 100, ReasonMax = 500;

    public sealed record Field(string Key, string Label, bool IsDate, Func<Member, string?> Current, Func<MemberInput, string, MemberInput> Apply);

    public static readonly IReadOnlyList<Field> Fields =
    [
        new("name", "姓名", false, m => m.Name, (i, v) => i with { Name = v }),
        new("idNumber", "公民身份号码", false, m => Masking.IdNumber(m.IdNumber), (i, v) => i with { IdNumber = v, BirthDate = null, Gender = null }),
        new("phone", "联系电话", false, m => Masking.Phone(m.Phone), (i, v) => i with { Phone = v }),
        new("ethnicity", "民族", false, m => m.Ethnicity, (i, v) => i with { Ethnicity = v }),
        new("nativePlace", "籍贯", false, m => m.NativePlace, (i, v) => i with { NativePlace = v }),
        new("education", "学历", false, m => m.Education, (i, v) => i with { Education = v }),
        new("degree", "学位", false, m => m.Degree, (i, v) => i with { Degree = v }),
        new("employer", "工作单位", false, m => m.Employer, (i, v) => i with { Employer = v }),
        new("position", "岗位", false, m => m.Position, (i, v) => i with { Position = v }),
        new("joinedAt", "入党日期", true, m => Iso(m.JoinedAt), (i, v) => i with { JoinedAt = MemberRecordRules.ParseDate(v) }),
        new("confirmedAt", "转正日期", true, m => m.ConfirmedAt is { } c ? Iso(c) : null, (i, v) => i with { ConfirmedAt = MemberRecordRules.ParseDate(v) }),
    ];

    public static Field? Find(string? key) => Fields.FirstOrDefault(f => f.Key == key);

    public static string Label(string key) => Find(key)?.Label ?? key;

    /// <summary>Checks a request as asked (the member rules run when it is approved). Keys: field, proposedValue, reason.</summary>
    /// <param name="today">The China calendar day (from the caller's clock): a proposed ID number born after it is refused.</param>
    public static Dictionary<string, string[]> CheckRequest(string? fieldKey, string? proposed, string? reason, Member current, DateOnly? today = null)
    {
        var e = new Dictionary<string, string[]>();
        var field = Find(fieldKey?.Trim());
        if (field is null) e["field"] = ["请选择要更正的项目"];
        var value = MemberRecordRules.Clean(proposed);
        if (value is null) e["proposedValue"] = ["请填写更正后的内容"];
        else if (value.Length > ValueMax) e["proposedValue"] = [$"更正后的内容不能超过{ValueMax}个字"];
        else if (value.Contains('*')) e["proposedValue"] = ["请填写完整内容，不要使用*号"];
        else if (field is not null)
        {
            if (field.IsDate && MemberRecordRules.ParseDate(value) is null) e["proposedValue"] = [$"{field.Label}格式应为 年-月-日，例如 2010-07-01"];
            else if (field.Key == "idNumber" && (today is { } day ? ChineseIdNumber.TryParse(MemberRules.Normalize(value), day, out var idError) : ChineseIdNumber.TryParse(MemberRules.Normalize(value), out idError)) is null) e["proposedValue"] = [idError!];
            else if (field.Key == "phone" && !UnitedFrontRules.IsPhone(MemberRules.Normalize(value))) e["proposedValue"] = ["联系电话格式不正确（手机号11位，或区号-号码）"];
            else if (Normalized(field, value) == Normalized(field, RawCurrent(field, current))) e["proposedValue"] = [$"与现有{field.Label}相同，无需更正"];
        }
        var why = MemberRecordRules.Clean(reason);
        if (why is null) e["reason"] = ["请说明更正理由（如依据的证件、档案材料）"];
        else if (why.Length > ReasonMax) e["reason"] = [$"理由不能超过{ReasonMax}个字"];
        return e;
    }

    /// <summary>A refusal needs a reason the member will read.</summary>
    public static Dictionary<string, string[]> CheckRejection(string? reason)
    {
        var why = MemberRecordRules.Clean(reason);
        if (why is null) return new() { ["decisionReason"] = ["驳回须填写理由"] };
        if (why.Length > ReasonMax) return new() { ["decisionReason"] = [$"理由不能超过{ReasonMax}个字"] };
        return [];
    }

    private static string? RawCurrent(Field f, Member m) => f.Key switch
    {
        "idNumber" => m.IdNumber,
        "phone" => m.Phone,
        _ => f.Current(m),
    };

    private static string? Normalized(Field f, string? v) =>
        v is null ? null : f.Key is "idNumber" or "phone" ? MemberRules.Normalize(v) : v.Trim();

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
