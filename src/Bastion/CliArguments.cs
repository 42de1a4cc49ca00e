namespace Bastion;

/// <summary>
/// The command line split into a command (<c>audit verify</c>, <c>seed-demo</c>, <c>backup &lt;file&gt;</c>,
/// <c>restore &lt;file&gt;</c>, or none: run the platform), the flags <c>--demo</c> and <c>--help</c>, and the host
/// settings. Settings are read as the .NET command-line configuration provider reads them — <c>--key=value</c>,
/// <c>--key value</c>, <c>/key=value</c>, <c>/key value</c>, <c>key=value</c> — and handed to the host as
/// <c>--key=value</c>, so a value is never mistaken for a command (<c>--urls http://127.0.0.1:5090</c>) and a file
/// name is never read as a setting (<c>restore /var/backups/bastion.dump</c>).
/// </summary>
public sealed record CliArguments(string? Command, string? File, bool Demo, bool Help, string[] Settings, string? Error)
{
    public const string AuditVerify = "audit verify";
    public const string SeedDemo = "seed-demo";
    public const string Backup = "backup";
    public const string Restore = "restore";

    private static readonly string[] HelpSwitches = ["--help", "-h", "-?", "/?", "/h", "/help"];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var settings = new List<string>();
        string? file = null;
        bool demo = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (HelpSwitches.Contains(arg, StringComparer.OrdinalIgnoreCase)) { help = true; continue; }
            if (arg == "--demo") { demo = true; continue; }
            // backup/restore take their file next, whatever it starts with (a path such as /var/backups/… is no setting)
            if (file is null && words.Count == 1 && words[0] is Backup or Restore && !arg.StartsWith('-'))
            {
                file = arg;
                continue;
            }
            var prefix = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('-') || arg.StartsWith('/') ? 1 : 0;
            var equals = arg.IndexOf('=');
            if (prefix == 1 && arg[0] == '-')
                return Invalid(words, file, demo, help, settings, $"未知选项：{arg}（设置项请写成 --键=值 或 --键 值）");
            if (equals > prefix)
            {
                settings.Add("--" + arg[prefix..]);
                continue;
            }
            if (prefix == 0)
            {
                words.Add(arg);
                continue;
            }
            var key = arg[prefix..];
            if (key.Length == 0 || equals >= 0)
                return Invalid(words, file, demo, help, settings, $"无法识别的参数：{arg}");
            if (i + 1 == args.Count)
                return Invalid(words, file, demo, help, settings, $"选项 {arg} 缺少取值，例如 {arg} <值> 或 {arg}=<值>");
            settings.Add($"--{key}={args[++i]}");
        }
        return ForCommand(words, file, demo, help, settings);
    }

    private static CliArguments ForCommand(List<string> words, string? file, bool demo, bool help, List<string> settings)
    {
        var (command, length) = words switch
        {
            [] => ((string?)null, 0),
            ["audit", "verify", ..] => (AuditVerify, 2),
            [SeedDemo or Backup or Restore, ..] => (words[0], 1),
            _ => ("", 0),
        };
        if (command == "")
            return Invalid(words, file, demo, help, settings, $"未知命令：{string.Join(' ', words)}");
        if (words.Count > length)
            return Invalid(words, file, demo, help, settings, $"多余的参数：{string.Join(' ', words.Skip(length))}");
        return new CliArguments(command, file, demo, help, [.. settings], null);
    }

    private static CliArguments Invalid(List<string> words, string? file, bool demo, bool help, List<string> settings, string error) =>
        new(null, file, demo, help, [.. settings], error);
}
