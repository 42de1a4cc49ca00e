namespace Bastion.Data;

/// <summary>
/// Every PostgreSQL advisory-lock key the platform takes, in one place, so that no two purposes ever share a key
/// (a unit test checks they are distinct). The single-key locks are bigints in the 7206175400 range; the two-key ones
/// pair a class (<c>hashtext(…)</c> of the name below) with an id, and two-key locks never collide with single-key ones.
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Applying migrations (session lock on the owner's connection): two instances starting together migrate once.</summary>
    public const long Migrations = 7206175400;
    /// <summary>First-run setup: the start-up's seeding (role policies, demo data or the initial administrator) and /Setup
    /// creating the top 党委 and the first administrators — one key, so neither runs while the other does.</summary>
    public const long FirstRunSetup = 7206175402;
    /// <summary>Changes of the organization tree's shape (create, move, merge, dissolve, rename).</summary>
    public const long OrganizationTree = 7206175407;
    /// <summary>The daily 换届 reminder job (one instance runs it at a time).</summary>
    public const long TermReminders = 7206175410;
    /// <summary>The daily 组织生活 reminder job.</summary>
    public const long ComplianceReminders = 7206175411;
    /// <summary>The daily 台账 due-soon and escalation job.</summary>
    public const long LedgerReminders = 7206175412;
    /// <summary>The daily 发展党员 reminder job (谈话, 考察, 审批, 预备期满).</summary>
    public const long DevelopmentReminders = 7206175444;
    /// <summary>The daily 党费 arrears warning job.</summary>
    public const long DuesArrearsReminders = 7206175442;

    /// <summary>Two-key class: sign-in attempts of one user name (the second key: <c>hashtext(normalized name)</c>).</summary>
    public const string SignInClass = "signin";
    /// <summary>Two-key class: the transfer-letter number ranges of one committee (the second key: the committee id).</summary>
    public const string LetterNumberRangesClass = "letter_number_ranges";
    /// <summary>Two-key class: the 志愿书 number ranges of one prefix, platform-wide (the second key: <c>hashtext(prefix)</c>).</summary>
    public const string VolunteerBookRangesClass = "volunteer_book_ranges";
    /// <summary>Two-key class: the 报送 slot of one organization in the open dues month (the second key: the organization id).
    /// Exclusive while it reports, while its parent returns one of its children's reports, and while the top settles;
    /// shared while a payment, 延迟 or amount of its own lines is written (decision 0012).</summary>
    public const string DuesReportingClass = "dues_reporting";

    /// <summary>Two-key class: writing the payments of imported dues statements of one tenant (the second key: the root organization id).</summary>
    public const string DuesStatementsClass = "dues_statements";

    /// <summary>Two-key class: the 上缴 and 使用 records of one organization (the second key: the organization id), so two remittances
    /// cannot both pass the "not more than collected and not yet remitted" check, nor two spendings the "not more than the
    /// retained balance" one.</summary>
    public const string DuesRemittanceClass = "dues_remittances";
}
