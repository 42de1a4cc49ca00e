using Microsoft.Extensions.Configuration;

namespace Bastion.Tests;

public class CliArgumentsTests
{
    private static CliArguments Parse(params string[] args) => CliArguments.Parse(args);

    /// <summary>What the host reads from the settings handed to it: the real command-line configuration provider.</summary>
    private static IConfiguration Host(CliArguments cli) => new ConfigurationBuilder().AddCommandLine(cli.Settings).Build();

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:5090")]
    [InlineData("--urls=http://127.0.0.1:5090")]
    [InlineData("/urls", "http://127.0.0.1:5090")]
    [InlineData("/urls=http://127.0.0.1:5090")]
    [InlineData("urls=http://127.0.0.1:5090")]
    public void Urls_in_every_spelling_of_the_configuration_provider_start_the_platform(params string[] args)
    {
        var cli = Parse(args);
        cli.Error.ShouldBeNull();
        cli.Command.ShouldBeNull();
        Host(cli)["urls"].ShouldBe("http://127.0.0.1:5090");
    }

    [Fact]
    public void Settings_with_a_space_are_read_as_the_provider_reads_them()
    {
        var cli = Parse("--environment", "Development", "--contentRoot", "/srv/bastion", "--Bastion:DataFolder", "/tmp/x-pg",
            "--ConnectionStrings:Bastion", "Host=db;Username=app", "--Bastion:KnownProxies:0", "10.0.0.5");
        cli.Error.ShouldBeNull();
        var config = Host(cli);
        config["environment"].ShouldBe("Development");
        config["contentRoot"].ShouldBe("/srv/bastion");
        config["Bastion:DataFolder"].ShouldBe("/tmp/x-pg");
        config.GetConnectionString("Bastion").ShouldBe("Host=db;Username=app");
        config["Bastion:KnownProxies:0"].ShouldBe("10.0.0.5");
    }

    [Fact]
    public void A_value_after_a_key_is_taken_whatever_it_starts_with()
    {
        // as the provider does: the word after --key is its value, even one that starts with a dash or an equals sign
        var cli = Parse("--Bastion:Postgres:ArchiveCommand", "-x", "--Note", "a=b");
        cli.Error.ShouldBeNull();
        Host(cli)["Bastion:Postgres:ArchiveCommand"].ShouldBe("-x");
        Host(cli)["Note"].ShouldBe("a=b");
    }

    [Fact]
    public void Demo_is_a_flag_and_does_not_take_the_next_argument_as_its_value()
    {
        var cli = Parse("--demo", "--urls", "http://127.0.0.1:5090", "--Bastion:DataFolder=/tmp/x-pg");
        cli.Error.ShouldBeNull();
        cli.Demo.ShouldBeTrue();
        cli.Command.ShouldBeNull();
        Host(cli)["urls"].ShouldBe("http://127.0.0.1:5090");
        Host(cli)["Bastion:DataFolder"].ShouldBe("/tmp/x-pg");
        cli.Settings.ShouldNotContain(s => s.Contains("demo"));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("/?")]
    public void Help_is_asked_in_the_usual_spellings(string help)
    {
        Parse(help).Help.ShouldBeTrue();
        Parse("backup", help).Help.ShouldBeTrue();
        Parse("--urls", "http://127.0.0.1:5090").Help.ShouldBeFalse();
    }

    [Fact]
    public void Audit_verify_and_seed_demo_are_commands_among_settings()
    {
        var verify = Parse("--Bastion:DataFolder", "/tmp/x-pg", "audit", "verify", "--Bastion:Audit:CheckpointKeyFile", "/tmp/k");
        verify.Error.ShouldBeNull();
        verify.Command.ShouldBe(CliArguments.AuditVerify);
        Host(verify)["Bastion:Audit:CheckpointKeyFile"].ShouldBe("/tmp/k");

        var seed = Parse("seed-demo", "--urls", "http://127.0.0.1:5090");
        seed.Command.ShouldBe(CliArguments.SeedDemo);
        seed.Error.ShouldBeNull();
    }

    [Fact]
    public void The_file_of_backup_and_restore_is_not_a_setting_even_when_it_starts_with_a_slash()
    {
        var backup = Parse("backup", "/var/backups/bastion/bastion.dump", "--Bastion:DataFolder", "/var/lib/bastion/pg");
        backup.Error.ShouldBeNull();
        backup.Command.ShouldBe(CliArguments.Backup);
        backup.File.ShouldBe("/var/backups/bastion/bastion.dump");
        Host(backup)["Bastion:DataFolder"].ShouldBe("/var/lib/bastion/pg");
        Host(backup).AsEnumerable().ShouldNotContain(kv => kv.Key.Contains("backups"));

        var restore = Parse("restore", "--Bastion:DataFolder", "/var/lib/bastion/pg-restore", "/var/backups/bastion/bastion.dump",
            "--Bastion:Audit:CheckpointKeyFile=/var/lib/bastion/pg-audit/audit-checkpoint.key");
        restore.Error.ShouldBeNull();
        restore.Command.ShouldBe(CliArguments.Restore);
        restore.File.ShouldBe("/var/backups/bastion/bastion.dump");
        Host(restore)["Bastion:DataFolder"].ShouldBe("/var/lib/bastion/pg-restore");
        Host(restore)["Bastion:Audit:CheckpointKeyFile"].ShouldBe("/var/lib/bastion/pg-audit/audit-checkpoint.key");
    }

    [Fact]
    public void Backup_without_a_file_is_left_to_the_command_which_prints_its_usage()
    {
        var cli = Parse("backup", "--Bastion:DataFolder=/tmp/x-pg");
        cli.Error.ShouldBeNull();
        cli.Command.ShouldBe(CliArguments.Backup);
        cli.File.ShouldBeNull();
    }

    [Theory]
    [InlineData("未知命令：serve", "serve")]
    [InlineData("未知命令：audit", "audit")]
    [InlineData("未知命令：audit check", "audit", "check")]
    [InlineData("多余的参数：now", "seed-demo", "now")]
    [InlineData("多余的参数：b.dump", "backup", "a.dump", "b.dump")]
    [InlineData("多余的参数：extra", "audit", "verify", "extra")]
    [InlineData("未知选项：-x", "-x")]
    [InlineData("未知选项：-urls", "-urls", "http://127.0.0.1:5090")]
    [InlineData("选项 --urls 缺少取值", "--urls")]
    public void Anything_else_is_refused_with_a_chinese_message(string message, params string[] args)
    {
        var cli = Parse(args);
        cli.Error.ShouldNotBeNull();
        cli.Error.ShouldStartWith(message);
        cli.Command.ShouldBeNull();
    }

    [Fact]
    public void Help_names_every_command_and_the_main_settings()
    {
        foreach (var text in new[] { "audit verify", "seed-demo", "backup <文件>", "restore <文件>", "--demo", "--help",
                     "--urls", "--environment", "--contentRoot", "ConnectionStrings:Bastion", "ConnectionStrings:BastionOwner",
                     "Bastion:DataFolder", "Bastion:KnownProxies", "Bastion:Audit:CheckpointKey", "Bastion:Audit:CheckpointKeyFile" })
            Cli.Help.ShouldContain(text);
    }
}
