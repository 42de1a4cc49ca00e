using System.Diagnostics;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>LibreOffice (soffice) for the tests that check a document opens in an office suite or regenerate fixtures.</summary>
public static class LibreOffice
{
    /// <summary>The soffice program on PATH, or null where LibreOffice is not installed.</summary>
    public static readonly string? Soffice = new[] { "soffice", "libreoffice" }
        .SelectMany(n => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, n)))
        .FirstOrDefault(File.Exists);

    /// <summary>Whether Calc (the spreadsheet filters, libreoffice-calc-nogui) is installed beside soffice.</summary>
    public static bool HasCalc
    {
        get
        {
            var program = Soffice is null ? null : Path.GetDirectoryName(Path.GetFullPath(ResolveLink(Soffice)));
            return program is not null && File.Exists(Path.Combine(program, "libsclo.so"));
        }
    }

    /// <summary>
    /// Converts <paramref name="file"/> headless to <paramref name="format"/> (pdf, xls, …) in the same folder, with a
    /// fresh profile there; fails the test with soffice's errors on a non-zero exit. Returns the converted file's path.
    /// </summary>
    public static async Task<string> ConvertAsync(string file, string format)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var psi = new ProcessStartInfo(Soffice ?? throw new InvalidOperationException("LibreOffice (soffice) is not installed"))
        {
            ArgumentList = { $"-env:UserInstallation=file://{dir}/profile", "--headless", "--convert-to", format, "--outdir", dir, file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        p.ExitCode.ShouldBe(0, await stderr + await stdout);
        return Path.Combine(dir, Path.GetFileNameWithoutExtension(file) + "." + format);
    }

    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}

/// <summary>A fact that runs only where LibreOffice (soffice) is installed; skipped with the reason otherwise.</summary>
public sealed class SofficeFactAttribute : FactAttribute
{
    public SofficeFactAttribute()
    {
        if (LibreOffice.Soffice is null) Skip = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui to render documents to PDF";
    }
}

/// <summary>A fact that runs only where LibreOffice Calc is installed (soffice and its spreadsheet filters: libreoffice-calc-nogui).</summary>
public sealed class CalcFactAttribute : FactAttribute
{
    public CalcFactAttribute()
    {
        if (!LibreOffice.HasCalc) Skip = "LibreOffice Calc is not installed: apt-get install libreoffice-calc-nogui to regenerate the .xls fixtures";
    }
}
