using System.Globalization;
using System.Security.Cryptography;
using Bastion.Data;
using Bastion.Web;

namespace Bastion.Security;

/// <summary>
/// Where the audit checkpoints' signing key and their copy file are, and how often checkpoints are written.
/// <list type="bullet">
/// <item>The key is never in a table. <c>Bastion:Audit:CheckpointKey</c> (base64, at least 16 bytes), else the key file
/// <c>Bastion:Audit:CheckpointKeyFile</c> (base64 text; created with 32 random bytes at first start when missing), else —
/// only with the private cluster — <c>&lt;Bastion:DataFolder&gt;-audit/audit-checkpoint.key</c>, created at first start.
/// With an external database (<c>ConnectionStrings:Bastion</c>) and no key configured the platform refuses to start:
/// it cannot know where a key would be safe from that database's administrators.</item>
/// <item>The folder and the key file are made with modes 0700 / 0600 and belong to the application's OS user. When the
/// private cluster runs as the <c>postgres</c> OS user (Bastion started as root), a database superuser — who runs as that
/// OS user, e.g. through <c>pg_read_file</c> or <c>COPY … TO</c> — can neither read the key nor rewrite the copy file.
/// That is also why they sit beside the data folder, not inside it: the data folder belongs to <c>postgres</c>.</item>
/// <item>The copy file: <c>Bastion:Audit:CheckpointCopy</c>, else <c>audit-checkpoints.jsonl</c> beside the key file
/// (or in the folder above when the key is given inline).</item>
/// <item><c>Bastion:Audit:CheckpointInterval</c>: a time span, default 5 minutes.</item>
/// </list>
/// </summary>
public sealed class AuditCheckpointSettings
{
    public const string KeyName = "audit-checkpoint.key";
    public const string CopyName = "audit-checkpoints.jsonl";

    /// <summary>The HMAC-SM3 key.</summary>
    public byte[] Key { get; }
    /// <summary>The JSON-lines copy of every checkpoint, outside the database.</summary>
    public string CopyFile { get; }
    public TimeSpan Interval { get; }
    /// <summary>Where the key came from (a file path or the configuration key), for messages; never the key itself.</summary>
    public string KeySource { get; }

    public AuditCheckpointSettings(byte[] key, string copyFile, TimeSpan? interval = null, string keySource = "")
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16) throw new ArgumentException("the checkpoint key must have at least 16 bytes", nameof(key));
        Key = key;
        CopyFile = Path.GetFullPath(copyFile);
        Interval = interval ?? TimeSpan.FromMinutes(5);
        KeySource = keySource;
    }

    /// <summary>Reads the settings, creating the default key file at first start (see the class notes).</summary>
    public static AuditCheckpointSettings Resolve(IConfiguration config) =>
        Resolve(TypedSettings.Read<AuditSettings>(config), TypedSettings.Read<DatabaseSettings>(config));

    /// <summary>Reads the settings, creating the default key file at first start (see the class notes).</summary>
    public static AuditCheckpointSettings Resolve(AuditSettings audit, DatabaseSettings database)
    {
        var interval = TimeSpan.FromMinutes(5);
        if (audit.CheckpointInterval is { Length: > 0 } iv
            && (!TimeSpan.TryParse(iv, CultureInfo.InvariantCulture, out interval) || interval < TimeSpan.FromSeconds(1)))
            throw new StartupException($"配置项 Bastion:Audit:CheckpointInterval 无效：“{iv}”。请写成时间间隔，如 00:05:00（5 分钟）。",
                $"Bastion:Audit:CheckpointInterval is not a valid time span: '{iv}' (e.g. 00:05:00 for five minutes).");
        var copy = audit.CheckpointCopy is { Length: > 0 } c ? c : null;

        if (audit.CheckpointKey is { Length: > 0 } inline)
        {
            var key = Decode(inline.Trim(), "Bastion:Audit:CheckpointKey", "Bastion:Audit:CheckpointKey");
            return new AuditCheckpointSettings(key, copy ?? Path.Combine(DefaultFolder(database), CopyName), interval, "Bastion:Audit:CheckpointKey");
        }
        string keyFile;
        if (KeyFile(audit, database) is { } kf) keyFile = kf;
        else
            throw new StartupException(
                "使用外部数据库（ConnectionStrings:Bastion）时，必须配置审计检查点的签名密钥：Bastion:Audit:CheckpointKeyFile（密钥文件路径，首次启动时自动生成；"
                + "请放在数据库服务器和数据库管理员都读不到的位置，并与数据库备份分开保存），或 Bastion:Audit:CheckpointKey（Base64，至少 16 字节）。",
                "With an external database (ConnectionStrings:Bastion) the audit checkpoint signing key must be configured: "
                + "Bastion:Audit:CheckpointKeyFile (a key file path, created at first start; keep it where neither the database server nor its "
                + "administrators can read it, and back it up apart from the database) or Bastion:Audit:CheckpointKey (base64, at least 16 bytes).");
        var bytes = LoadOrCreateKeyFile(keyFile);
        return new AuditCheckpointSettings(bytes, copy ?? Path.Combine(Path.GetDirectoryName(keyFile)!, CopyName), interval, keyFile);
    }

    /// <summary><c>&lt;Bastion:DataFolder&gt;-audit</c>: beside the private cluster's data folder (default <c>.data/pg-audit</c>), one per data folder.</summary>
    public static string DefaultFolder(DatabaseSettings database) =>
        Path.GetFullPath(database.DataFolder).TrimEnd(Path.DirectorySeparatorChar) + "-audit";

    /// <summary>The key file: the configured one, else (private cluster only) the default beside the data folder; null when neither.</summary>
    public static string? KeyFile(AuditSettings audit, DatabaseSettings database) =>
        audit.CheckpointKeyFile is { Length: > 0 } kf ? Path.GetFullPath(kf)
        : string.IsNullOrWhiteSpace(database.ConnectionString) ? Path.Combine(DefaultFolder(database), KeyName)
        : null;

    private static byte[] LoadOrCreateKeyFile(string keyFile)
    {
        if (!File.Exists(keyFile))
        {
            var dir = Path.GetDirectoryName(keyFile)!;
            try
            {
                if (!Directory.Exists(dir))
                {
                    if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
                    else Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var f = new FileStream(keyFile, options);
                using var w = new StreamWriter(f);
                w.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                // another instance created it at the same moment: use theirs
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"无法创建审计检查点密钥文件 {keyFile}：{e.Message}。请检查目录权限，或用 Bastion:Audit:CheckpointKeyFile 指定位置。",
                    $"Could not create the audit checkpoint key file {keyFile}: {e.Message}. Check the folder's permissions or set Bastion:Audit:CheckpointKeyFile.");
            }
        }
        string text;
        try { text = File.ReadAllText(keyFile).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"无法读取审计检查点密钥文件 {keyFile}：{e.Message}", $"Could not read the audit checkpoint key file {keyFile}: {e.Message}");
        }
        return Decode(text, $"审计检查点密钥文件 {keyFile}", $"the audit checkpoint key file {keyFile}");
    }

    private static byte[] Decode(string base64, string chineseWhere, string englishWhere)
    {
        byte[] key;
        try { key = Convert.FromBase64String(base64); }
        catch (FormatException) { key = []; }
        if (key.Length < 16)
            throw new StartupException($"{chineseWhere} 不是有效的密钥：应为 Base64 文本，至少 16 字节（建议 32 字节，如 openssl rand -base64 32 的输出）。",
                $"{englishWhere} is not a valid key: base64 text of at least 16 bytes is required (32 recommended, e.g. the output of openssl rand -base64 32).");
        return key;
    }
}
