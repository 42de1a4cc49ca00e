using System.Globalization;
using System.Text.RegularExpressions;

namespace Bastion.Domain;

/// <summary>Categories of the 统战 database (党外人士, seed 001); stored as their Chinese names.</summary>
public enum UnitedFrontCategory
{
    民主党派成员 = 1,
    无党派人士 = 2,
    党外知识分子 = 3,
    少数民族 = 4,
    侨眷 = 5,
}

/// <summary>A 党外人士 kept on an organization's 统战 list (usually a 党委's).</summary>
public sealed class UnitedFrontPerson
{
    public long Id { get; set; }
    /// <summary>The organization whose 统战 list this record belongs to.</summary>
    public long OrgId { get; set; }
    public required string Name { get; set; }
    public Gender Gender { get; set; }
    public UnitedFrontCategory Category { get; set; }
    /// <summary>民主党派 (short name such as 民盟); only for 民主党派成员, where it is required.</summary>
    public string? Party { get; set; }
    public string Ethnicity { get; set; } = "汉族";
    public DateOnly? BirthDate { get; set; }
    /// <summary>工作单位.</summary>
    public string? Employer { get; set; }
    public string? Position { get; set; }
    /// <summary>专长.</summary>
    public string? Expertise { get; set; }
    /// <summary>Personal data: masked unless the viewer holds PersonalDataFull; every full view is audited.</summary>
    public string? Phone { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One entry of the contact log (联谊交友) with a 党外人士.</summary>
public sealed class UnitedFrontContact
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    /// <summary>The person's organization, copied so the audit trail records it.</summary>
    public long OrgId { get; set; }
    public DateOnly ContactDate { get; set; }
    /// <summary>Who met the person on our side (e.g. the leader's name).</summary>
    public required string OurPerson { get; set; }
    /// <summary>What was raised (意见建议、交流内容).</summary>
    public required string Topics { get; set; }
    public string? FollowUp { get; set; }
    /// <summary>The account that recorded the entry.</summary>
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Raw input for a 党外人士 record, as typed in a form or sent to the API.</summary>
public sealed record UnitedFrontPersonDraft(
    string? Name, string? Gender, string? Category, string? Party, string? Ethnicity, string? BirthDate,
    string? Employer, string? Position, string? Expertise, string? Phone, string? Notes);

/// <summary>A draft that passed the rules, normalized (trimmed, short party name, 族 suffix).</summary>
public sealed record UnitedFrontPersonValues(
    string Name, Gender Gender, UnitedFrontCategory Category, string? Party, string Ethnicity, DateOnly? BirthDate,
    string? Employer, string? Position, string? Expertise, string? Phone, string? Notes)
{
    public void ApplyTo(UnitedFrontPerson p)
    {
        p.Name = Name;
        p.Gender = Gender;
        p.Category = Category;
        p.Party = Party;
        p.Ethnicity = Ethnicity;
        p.BirthDate = BirthDate;
        p.Employer = Employer;
        p.Position = Position;
        p.Expertise = Expertise;
        p.Phone = Phone;
        p.Notes = Notes;
    }
}

public sealed record UnitedFrontContactDraft(string? ContactDate, string? OurPerson, string? Topics, string? FollowUp);

public sealed record UnitedFrontContactValues(DateOnly ContactDate, string OurPerson, string Topics, string? FollowUp);

/// <summary>Pure rules of the 统战 database. Error keys are the camelCase field names.</summary>
public static partial class UnitedFrontRules
{
    /// <summary>The eight 民主党派, short name → full name.</summary>
    public static readonly IReadOnlyDictionary<string, string> DemocraticParties = new Dictionary<string, string>
    {
        ["民革"] = "中国国民党革命委员会",
        ["民盟"] = "中国民主同盟",
        ["民建"] = "中国民主建国会",
        ["民进"] = "中国民主促进会",
        ["农工党"] = "中国农工民主党",
        ["致公党"] = "中国致公党",
        ["九三学社"] = "九三学社",
        ["台盟"] = "台湾民主自治同盟",
    };

    /// <summary>The 56 ethnic groups of China.</summary>
    public static readonly IReadOnlyList<string> Ethnicities =
    [
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族",
        "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
        "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族",
        "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
        "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
    ];

    public const int NameMax = 50, PartyMax = 20, EthnicityMax = 20, EmployerMax = 100, PositionMax = 100, ExpertiseMax = 200,
        PhoneMax = 20, NotesMax = 1000, OurPersonMax = 50, TopicsMax = 1000, FollowUpMax = 1000;

    /// <summary>Earliest accepted birth date.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    /// <summary>The short name of a 民主党派 given by its short or full name; null when it is not one of the eight.</summary>
    public static string? PartyShortName(string? value)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0) return null;
        if (DemocraticParties.ContainsKey(v)) return v;
        foreach (var (shortName, full) in DemocraticParties)
            if (full == v) return shortName;
        return null;
    }

    /// <summary>An ethnic group by name, with or without the 族 suffix; null when unknown.</summary>
    public static string? EthnicityName(string? value)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0) return null;
        if (Ethnicities.Contains(v)) return v;
        return Ethnicities.Contains(v + "族") ? v + "族" : null;
    }

    /// <summary>Mobile (11 digits starting 13–19) or landline with area code and optional extension.</summary>
    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")]
    private static partial Regex PhonePattern();

    /// <summary>A date as typed in a form (yyyy-MM-dd); null when blank or malformed.</summary>
    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact((value ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static UnitedFrontCategory? ParseCategory(string? value)
    {
        var v = (value ?? "").Trim();
        return v.Length > 0 && !v.Any(char.IsAsciiDigit) && Enum.TryParse<UnitedFrontCategory>(v, out var c) && Enum.IsDefined(c) ? c : null;
    }

    /// <summary>What a viewer sees of a phone number: the full number only with full access to personal data.</summary>
    public static string DisplayPhone(string? phone, bool full) => full ? phone ?? "" : Masking.Phone(phone);

    /// <summary>Checks a 党外人士 draft; <paramref name="today"/> is the calendar date in China.</summary>
    public static (UnitedFrontPersonValues? Values, Dictionary<string, string[]> Errors) Check(UnitedFrontPersonDraft d, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();

        var name = Clean(d.Name);
        if (name is null) errors["name"] = ["请输入姓名"];
        else if (name.Length > NameMax) errors["name"] = [$"姓名不能超过{NameMax}个字"];

        Gender? gender = Clean(d.Gender) switch { "男" => Gender.男, "女" => Gender.女, _ => null };
        if (gender is null) errors["gender"] = ["请选择性别"];

        var category = ParseCategory(d.Category);
        if (category is null) errors["category"] = ["请选择类别（民主党派成员、无党派人士、党外知识分子、少数民族、侨眷）"];

        var partyText = Clean(d.Party);
        string? party = null;
        if (category == UnitedFrontCategory.民主党派成员)
        {
            if (partyText is null) errors["party"] = ["民主党派成员须填写所属民主党派"];
            else if ((party = PartyShortName(partyText)) is null) errors["party"] = ["请选择民革、民盟、民建、民进、农工党、致公党、九三学社或台盟"];
        }
        else if (partyText is not null && category is not null)
            errors["party"] = ["只有民主党派成员填写所属民主党派；请清空或将类别改为民主党派成员"];

        var ethnicityText = Clean(d.Ethnicity);
        var ethnicity = ethnicityText is null ? "汉族" : EthnicityName(ethnicityText);
        if (ethnicity is null) errors["ethnicity"] = ["请填写56个民族之一，例如汉族、回族、蒙古族"];
        else if (category == UnitedFrontCategory.少数民族 && ethnicity == "汉族")
            errors["ethnicity"] = [ethnicityText is null ? "少数民族须填写民族" : "类别为少数民族时，民族不能是汉族"];

        var birthText = Clean(d.BirthDate);
        DateOnly? birth = null;
        if (birthText is not null)
        {
            birth = ParseDate(birthText);
            if (birth is null) errors["birthDate"] = ["出生日期格式应为 年-月-日，例如 1968-05-20"];
            else if (birth > today) errors["birthDate"] = ["出生日期不能晚于今天"];
            else if (birth < EarliestBirthDate) errors["birthDate"] = ["出生日期不能早于1900年"];
        }

        var employer = Clean(d.Employer);
        if (employer?.Length > EmployerMax) errors["employer"] = [$"工作单位不能超过{EmployerMax}个字"];
        var position = Clean(d.Position);
        if (position?.Length > PositionMax) errors["position"] = [$"职务不能超过{PositionMax}个字"];
        var expertise = Clean(d.Expertise);
        if (expertise?.Length > ExpertiseMax) errors["expertise"] = [$"专长不能超过{ExpertiseMax}个字"];

        var phone = Clean(d.Phone)?.Replace(" ", "", StringComparison.Ordinal);
        if (phone is not null && (phone.Length > PhoneMax || !IsPhone(phone)))
            errors["phone"] = ["联系电话应为11位手机号或带区号的固定电话，例如 13812345678、010-12345678"];

        var notes = Clean(d.Notes);
        if (notes?.Length > NotesMax) errors["notes"] = [$"备注不能超过{NotesMax}个字"];

        if (errors.Count > 0) return (null, errors);
        return (new UnitedFrontPersonValues(name!, gender!.Value, category!.Value, party, ethnicity!, birth, employer, position, expertise, phone, notes), errors);
    }

    /// <summary>Checks a contact log entry; the contact date cannot lie in the future.</summary>
    public static (UnitedFrontContactValues? Values, Dictionary<string, string[]> Errors) Check(UnitedFrontContactDraft d, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();

        var dateText = Clean(d.ContactDate);
        var date = ParseDate(dateText);
        if (dateText is null) errors["contactDate"] = ["请填写联谊日期"];
        else if (date is null) errors["contactDate"] = ["联谊日期格式应为 年-月-日，例如 2026-03-15"];
        else if (date > today) errors["contactDate"] = ["联谊日期不能晚于今天"];
        else if (date < EarliestBirthDate) errors["contactDate"] = ["联谊日期有误"];

        var ourPerson = Clean(d.OurPerson);
        if (ourPerson is null) errors["ourPerson"] = ["请填写我方联谊人"];
        else if (ourPerson.Length > OurPersonMax) errors["ourPerson"] = [$"我方联谊人不能超过{OurPersonMax}个字"];

        var topics = Clean(d.Topics);
        if (topics is null) errors["topics"] = ["请填写交流内容或对方反映的意见建议"];
        else if (topics.Length > TopicsMax) errors["topics"] = [$"交流内容不能超过{TopicsMax}个字"];

        var followUp = Clean(d.FollowUp);
        if (followUp?.Length > FollowUpMax) errors["followUp"] = [$"跟进落实不能超过{FollowUpMax}个字"];

        if (errors.Count > 0) return (null, errors);
        return (new UnitedFrontContactValues(date!.Value, ourPerson!, topics!, followUp), errors);
    }

    /// <summary>Age in whole years on a day (someone born on 29 February turns a year older on 1 March in other years).</summary>
    public static int Age(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if ((on.Month, on.Day).CompareTo((birth.Month, birth.Day)) < 0) age--;
        return age;
    }

    private static string? Clean(string? v)
    {
        var t = v?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }
}
