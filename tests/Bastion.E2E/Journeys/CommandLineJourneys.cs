using Bastion.E2E.Infrastructure;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The command line as an operator types it (issue 13): the standard ASP.NET Core host arguments with a space between
/// key and value start the built platform, <c>--help</c> lists the commands and settings, anything else is refused
/// with a Chinese message that points to <c>--help</c>.
/// </summary>
public sealed class CommandLineJourneys
{
    [Fact]
    public async Task The_built_platform_starts_with_urls_written_with_a_space_and_answers_ready()
    {
        // StartBuiltAsync waits for /health/ready on the port given as `--urls http://127.0.0.1:<port>`
        await using var platform = await ShippedPlatform.StartBuiltAsync();
        using var http = new HttpClient { BaseAddress = platform.BaseUrl };
        using var ready = await http.GetAsync("/health/ready");
        ((int)ready.StatusCode).ShouldBe(200);
        platform.Output.ShouldContain($"Now listening on: {platform.BaseUrl.ToString().TrimEnd('/')}");
        platform.Output.ShouldNotContain("未知命令");
        // `--Bastion:DataFolder <folder>` (space) reached the configuration too: the private cluster is there
        File.Exists(Path.Combine(platform.Root, "pg", "PG_VERSION")).ShouldBeTrue(platform.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_the_commands_and_the_main_settings_and_exits_0(string help)
    {
        var (code, output, errors) = await ShippedPlatform.RunBuiltAsync(help);
        code.ShouldBe(0, errors);
        foreach (var text in new[] { "用法", "audit verify", "seed-demo", "backup <文件>", "restore <文件>", "--demo", "--urls",
                     "ConnectionStrings:Bastion", "ConnectionStrings:BastionOwner", "Bastion:DataFolder", "Bastion:KnownProxies",
                     "Bastion:Audit:CheckpointKey", "Bastion:Audit:CheckpointKeyFile" })
            output.ShouldContain(text);
        // help starts nothing: no database, no web host
        output.ShouldNotContain("正在准备数据库");
        output.ShouldNotContain("Now listening");
    }

    [Fact]
    public async Task An_unknown_command_exits_non_zero_with_a_Chinese_message_and_a_pointer_to_help()
    {
        var (code, output, errors) = await ShippedPlatform.RunBuiltAsync("serve", "--urls", "http://127.0.0.1:1");
        code.ShouldBe(2);
        errors.ShouldContain("未知命令：serve");
        errors.ShouldContain("--help");
        output.ShouldNotContain("Now listening");
    }
}
