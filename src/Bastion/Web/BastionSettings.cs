using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Bastion.Web;

// The platform's settings, one class per concern, each property under the configuration key it has always had
// (README, tests and .ci use these names). Registered in Program.ConfigureServices with TypedSettings.AddSettings and checked
// when the host starts: a bad value stops the start with a Chinese message naming the key.

/// <summary>Where the database is (see <see cref="Data.Database"/>) and how EF Core treats queries.</summary>
public sealed class DatabaseSettings
{
    /// <summary>The application's connection (an external server); none: the private local cluster.</summary>
    [Setting("ConnectionStrings:Bastion")] public string? ConnectionString { get; set; }
    /// <summary>The migrations' (owner or superuser) connection of an external server.</summary>
    [Setting("ConnectionStrings:BastionOwner")] public string? OwnerConnectionString { get; set; }
    /// <summary>The private cluster's data folder (default ./.data/pg); the audit key folder sits beside it.</summary>
    [Setting("Bastion:DataFolder")] public string DataFolder { get; set; } = Path.Combine(".data", "pg");
    /// <summary>The private cluster's database name.</summary>
    [Setting("Bastion:DatabaseName")] public string DatabaseName { get; set; } = "bastion";
    /// <summary>The folder of initdb/pg_ctl (default: found under /usr/lib/postgresql).</summary>
    [Setting("Bastion:PostgresBin")] public string? PostgresBin { get; set; }
    /// <summary>WAL archiving of the private cluster (see <see cref="Data.LocalPostgres.ArchiveCommand"/>).</summary>
    [Setting("Bastion:Postgres:ArchiveCommand")] public string? ArchiveCommand { get; set; }
    [Setting("Bastion:Postgres:ArchiveTimeout")] public string? ArchiveTimeout { get; set; }
    /// <summary>The integration tests: EF's "First without OrderBy" warning and every synchronous database call throw.</summary>
    [Setting("Bastion:StrictQueries")] public bool StrictQueries { get; set; }

    /// <summary>True when an external server is configured (no private cluster).</summary>
    public bool External => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(OwnerConnectionString);
}

/// <summary>What the first start on an empty database creates.</summary>
public sealed class StartupSettings
{
    /// <summary>Seed the demo group (<c>--demo</c>) instead of creating the initial administrator.</summary>
    [Setting("Bastion:Demo")] public bool Demo { get; set; }
    [Setting("Bastion:InitialAdmin:UserName")] public string InitialAdminUserName { get; set; } = "admin";
    /// <summary>None: a one-time password printed to the console, to be changed at first sign-in.</summary>
    [Setting("Bastion:InitialAdmin:Password")] public string? InitialAdminPassword { get; set; }
}

/// <summary>The audit checkpoints' key, copy file and interval (resolved by <see cref="Security.AuditCheckpointSettings"/>).</summary>
public sealed class AuditSettings
{
    [Setting("Bastion:Audit:CheckpointKey")] public string? CheckpointKey { get; set; }
    [Setting("Bastion:Audit:CheckpointKeyFile")] public string? CheckpointKeyFile { get; set; }
    [Setting("Bastion:Audit:CheckpointCopy")] public string? CheckpointCopy { get; set; }
    /// <summary>A time span (default 00:05:00); checked by <see cref="Security.AuditCheckpointSettings.Resolve(AuditSettings, DatabaseSettings)"/>.</summary>
    [Setting("Bastion:Audit:CheckpointInterval")] public string? CheckpointInterval { get; set; }
}

/// <summary>The reverse proxies whose X-Forwarded-* headers are believed.</summary>
public sealed class ProxySettings : IValidatableObject
{
    [Setting("Bastion:KnownProxies")] public string[] KnownProxies { get; set; } = [];

    /// <summary>The parsed addresses (valid once the settings are validated).</summary>
    public IReadOnlyList<IPAddress> Addresses => KnownProxies.Select(p => IPAddress.TryParse(p.Trim(), out var ip) ? ip : null).OfType<IPAddress>().ToList();

    // a proxy address that does not parse would silently leave every client behind the proxy's one address
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownProxies.Where(p => !IPAddress.TryParse(p.Trim(), out _))
            .Select(p => new ValidationResult($"配置项 Bastion:KnownProxies 中的“{p}”不是 IP 地址。请写反向代理的 IP，如 127.0.0.1 或 10.0.0.5。"));
}

/// <summary>The daily background jobs (reminders).</summary>
public sealed class JobSettings
{
    /// <summary>False: no reminder job runs (the tests; an instance that should leave them to another).</summary>
    [Setting("Bastion:Jobs:Enabled")] public bool Enabled { get; set; } = true;
}

/// <summary>组织生活 compliance: the rollup cache, the 预警 window and the branch reminders.</summary>
public sealed class ComplianceSettings
{
    /// <summary>Subtrees with fewer branches are evaluated on every request and not cached.</summary>
    [Setting("Bastion:Compliance:CacheMinBranches"), Range(0, int.MaxValue)] public int CacheMinBranches { get; set; } = 1000;
    /// <summary>How many days before a month ends the branch reminder goes out.</summary>
    [Setting("Bastion:Compliance:ReminderDays"), Range(0, 366)] public int ReminderDays { get; set; } = Features.Compliance.ComplianceReminders.DefaultReminderDays;
    /// <summary>Days before a period ends from which a gap is 预警.</summary>
    [Setting("Bastion:Compliance:WarningDays"), Range(0, 366)] public int WarningDays { get; set; } = Domain.ComplianceRules.DefaultWarningDays;
}

/// <summary>台账: the due-soon reminder and the evidence files.</summary>
public sealed class LedgerSettings
{
    [Setting("Bastion:Ledger:DueSoonDays"), Range(0, 60)] public int DueSoonDays { get; set; } = Features.Ledger.LedgerReminders.DefaultDueSoonDays;
    /// <summary>The largest evidence file (bytes).</summary>
    [Setting(MaxEvidenceBytesKey), Range(1, long.MaxValue)] public long MaxEvidenceBytes { get; set; } = Features.Meetings.AttachmentSniffer.DefaultMaxBytes;
    public const string MaxEvidenceBytesKey = "Bastion:Ledger:MaxEvidenceBytes";
}

/// <summary>Meeting (and inspection finding) attachments.</summary>
public sealed class MeetingSettings
{
    /// <summary>The largest attachment (bytes).</summary>
    [Setting(MaxAttachmentBytesKey), Range(1, long.MaxValue)] public long MaxAttachmentBytes { get; set; } = Features.Meetings.AttachmentSniffer.DefaultMaxBytes;
    public const string MaxAttachmentBytesKey = "Bastion:Meetings:MaxAttachmentBytes";
}

/// <summary>QR check-in (read by <see cref="Features.CheckIn.CheckInOptions"/>).</summary>
public sealed class CheckInSettings
{
    /// <summary>How long one QR code may be used (minutes).</summary>
    [Setting("Bastion:CheckIn:TokenMinutes"), Range(1, 24 * 60)] public int TokenMinutes { get; set; } = Features.CheckIn.CheckInRules.DefaultTokenMinutes;
    /// <summary>How long before the start check-in opens (minutes).</summary>
    [Setting("Bastion:CheckIn:OpensMinutesBefore"), Range(0, 24 * 60)] public int OpensMinutesBefore { get; set; } = Features.CheckIn.CheckInRules.DefaultOpensMinutesBefore;
}
