using System.Globalization;
using Bastion.Domain;

namespace Bastion.Features.Members.Import;

/// <summary>
/// The branches of an import's target by name, each distinct spelling resolved once (most rows name one of a few
/// branches): a roster row names its 党支部, which must be one branch in the target's subtree.
/// </summary>
internal sealed class BranchNames(Organization target, IEnumerable<(long Id, string Name, OrgType Type)> underTarget)
{
    private readonly Dictionary<string, List<long>> _byName = underTarget.Where(b => OrgRules.IsBranch(b.Type))
        .GroupBy(b => MemberRules.Normalize(b.Name)).ToDictionary(g => g.Key, g => g.Select(b => b.Id).ToList());
    private readonly Dictionary<string, (long? Id, string? Error)> _resolved = new(StringComparer.Ordinal);

    public Organization Target => target;

    public (long? Id, string? Error) Resolve(string branchName)
    {
        if (_resolved.TryGetValue(branchName, out var resolved)) return resolved;
        resolved = !_byName.TryGetValue(MemberRules.Normalize(branchName), out var found)
            ? (null, $"所在党支部“{branchName}”不在{target.Name}的下级党支部中")
            : found.Count > 1 ? (null, $"“{branchName}”在{target.Name}下有{found.Count}个同名党支部，请在对应党委下分别导入")
            : (found[0], null);
        return _resolved[branchName] = resolved;
    }
}

/// <summary>
/// Checks the rows of a roster one by one: every problem of a row in Chinese under its column, or the member the row
/// describes. Remembers the ID numbers seen so far (a number twice in the file is reported on its second row).
/// </summary>
internal sealed class RosterRowCheck(RosterFile roster, BranchNames branches, DateOnly today, DateTimeOffset now)
{
    private readonly Dictionary<string, int> _seen = new();

    /// <summary>The member of <paramref name="row"/>, or null with its problems added to <paramref name="errors"/>.</summary>
    public ImportMembers.Candidate? Check(RosterRow row, List<ImportError> errors)
    {
        var cells = new Cells(roster, row, errors);
        var idRaw = roster.Get(row, "idNumber");
        var idNumber = cells.Text("idNumber");
        if (idRaw is double)
        {
            cells.Err("idNumber", "公民身份号码被Excel存成了数字（末几位可能已丢失），请把该列设为“文本”格式后重新导入");
            idNumber = null;
        }
        var (category, status, gender, mobile) = ReadCodes(cells);
        var birth = cells.Date("birthDate");
        var joined = cells.Date("joinedAt");
        var confirmed = cells.Date("confirmedAt");
        var since = cells.Date("inBranchSince");
        if (since is { } s && joined is { } j && s < j) cells.Err("inBranchSince", $"进入党支部日期{ChineseDates.Date(s)}不能早于入党日期{ChineseDates.Date(j)}");
        else if (since > today) cells.Err("inBranchSince", "进入党支部日期不能晚于今天");
        var orgId = ResolveBranch(cells);

        var input = new MemberInput(cells.Text("name"), idNumber, gender, birth, cells.Text("ethnicity"), cells.Text("nativePlace"), cells.Text("education"), cells.Text("degree"),
            cells.Text("employer"), cells.Text("position"), cells.Text("phone"), category, joined, confirmed, null, status, null, null, mobile ?? false, cells.Text("mobileDestination"), null);
        Validate(cells, input, idStoredAsNumber: idRaw is double);
        var normalized = idNumber is null ? null : MemberRules.Normalize(idNumber);
        CheckRepeated(cells, normalized, row.Row);
        if (errors.Count > 0) return null;

        var parsed = ChineseIdNumber.TryParse(normalized!, out _)!;
        return new ImportMembers.Candidate(row.Row, new Member
        {
            OrgId = orgId!.Value, Name = input.Name!.Trim(), IdNumber = normalized!, Gender = parsed.Gender, BirthDate = parsed.BirthDate,
            Ethnicity = string.IsNullOrWhiteSpace(input.Ethnicity) ? "汉族" : input.Ethnicity.Trim(), NativePlace = input.NativePlace, Education = input.Education,
            Degree = input.Degree, Employer = input.Employer, Position = input.Position,
            Phone = string.IsNullOrWhiteSpace(input.Phone) ? null : MemberRules.Normalize(input.Phone), Category = category!.Value, JoinedAt = joined!.Value,
            ConfirmedAt = confirmed, PartyStatus = status!.Value, IsMobile = mobile ?? false, MobileDestination = mobile == true ? input.MobileDestination : null,
            CreatedAt = now,
        }, since);
    }

    /// <summary>The columns with a fixed set of values: 人员类别, 党籍状态, 性别, 是否流动党员.</summary>
    private static (MemberCategory? Category, PartyStatus? Status, Gender? Gender, bool? Mobile) ReadCodes(Cells cells)
    {
        var categoryText = cells.Text("category");
        var category = Roster.ParseCategory(categoryText);
        if (categoryText is not null && category is null) cells.Err("category", $"人员类别“{categoryText}”应为 正式党员 或 预备党员");
        var statusText = cells.Text("partyStatus");
        PartyStatus? status = statusText is null ? PartyStatus.正常 : Enum.TryParse<PartyStatus>(MemberRules.Normalize(statusText), out var ps) && !int.TryParse(statusText, out _) ? ps : null;
        if (status is null) cells.Err("partyStatus", $"党籍状态“{statusText}”应为 正常、停止党籍、失联 或 出党");
        var genderText = cells.Text("gender");
        Gender? gender = genderText is null ? null : Enum.TryParse<Gender>(MemberRules.Normalize(genderText), out var g) && !int.TryParse(genderText, out _) ? g : null;
        if (genderText is not null && gender is null) cells.Err("gender", $"性别“{genderText}”应为 男 或 女");
        var mobileText = cells.Text("isMobile");
        var mobile = Roster.ParseFlag(mobileText);
        if (mobileText is not null && mobile is null) cells.Err("isMobile", $"是否流动党员“{mobileText}”应为 是 或 否");
        return (category, status, gender, mobile);
    }

    /// <summary>The branch: named in the row (resolved inside the target's subtree), else the target itself when it is a branch.</summary>
    private long? ResolveBranch(Cells cells)
    {
        var target = branches.Target;
        var branchName = cells.Text("branch");
        if (branchName is not null)
        {
            var resolved = branches.Resolve(branchName);
            if (resolved.Error is not null) cells.Err("branch", resolved.Error);
            return resolved.Id;
        }
        if (OrgRules.IsBranch(target.Type)) return target.Id;
        cells.Err("branch", $"未填写所在党支部；导入到{target.Name}（{target.Type}）时每行须写明所在党支部");
        return null;
    }

    /// <summary>The rules a member record follows (as in the form), each message under the roster column it is about.</summary>
    private void Validate(Cells cells, MemberInput input, bool idStoredAsNumber)
    {
        foreach (var (field, messages) in MemberRules.Validate(input, today))
        {
            var key = Roster.Columns.Any(c => c.Key == field) ? field : field switch { "partyStatusDate" or "partyStatusReason" => "partyStatus", _ => "name" };
            // an unreadable date was already reported; do not add "请输入…" for it
            if (cells.HasErrorIn(key)) continue;
            // nor ask for the birth date or gender an ID number stored as a number would have given
            if (idStoredAsNumber && key is "birthDate" or "gender") continue;
            foreach (var m in messages) cells.Err(key, m);
        }
    }

    private void CheckRepeated(Cells cells, string? normalized, int row)
    {
        if (normalized is null || cells.HasErrorIn("idNumber")) return;
        if (_seen.TryGetValue(normalized, out var first)) cells.Err("idNumber", $"与第{first}行的公民身份号码重复");
        else _seen[normalized] = row;
    }

    /// <summary>One row's cells as text or dates, and its problems under the column labels.</summary>
    private sealed class Cells(RosterFile roster, RosterRow row, List<ImportError> errors)
    {
        private static string Label(string key) => Roster.Columns.First(c => c.Key == key).Label;

        public void Err(string key, string message) => errors.Add(new ImportError(row.Row, Label(key), message));

        public bool HasErrorIn(string key) => errors.Any(e => e.Column == Label(key));

        public string? Text(string key) => roster.Get(row, key) switch
        {
            null => null,
            double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim(),
        };

        public DateOnly? Date(string key)
        {
            var v = roster.Get(row, key);
            if (v is null) return null;
            if (Roster.TryParseDate(v, out var d, out var e)) return d;
            Err(key, $"{Label(key)}{e}");
            return null;
        }
    }
}
