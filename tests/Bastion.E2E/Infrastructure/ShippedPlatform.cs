using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bastion.E2E.Infrastructure;

/// <summary>
/// The platform started the way the README starts it — a separate process in Production, not through a test
/// host: <c>./bastion demo</c> from the repository (unpublished), or the output of <c>dotnet publish</c> started with
/// <c>dotnet Bastion.dll</c>. Its own port and data folder; stopped (and its PostgreSQL with it) on dispose.
/// </summary>
public sealed class ShippedPlatform : IAsyncDisposable
{
    public const string AdminPassword = "Shipped@Root2026";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _root;

    public Uri BaseUrl { get; }

    /// <summary>The folder of this start (its private PostgreSQL cluster is <c>pg</c> inside it).</summary>
    public string Root => _root;

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Warnings and failures the platform logged (each with the line after it), other than the ones a user
    /// causes on purpose in a journey: what an operator would have to read in the console.</summary>
    public IReadOnlyList<string> Problems()
    {
        var lines = Output.Split('\n');
        return lines.Select((l, i) => (l, i))
            .Where(x => x.l.StartsWith("warn:", StringComparison.Ordinal) || x.l.StartsWith("fail:", StringComparison.Ordinal))
            .Select(x => x.l.Trim() + " " + (x.i + 1 < lines.Length ? lines[x.i + 1].Trim() : ""))
            .ToList();
    }

    private ShippedPlatform(Process process, string root, Uri baseUrl)
    {
        _process = process;
        _root = root;
        BaseUrl = baseUrl;
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Bastion.slnx")) && File.Exists(Path.Combine(dir.FullName, "bastion")))
                    return dir.FullName;
            throw new InvalidOperationException("The repository root (Bastion.slnx beside ./bastion) was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary><c>./bastion demo</c> exactly as the README's Quick start runs it, on a free port and a fresh data folder.</summary>
    public static Task<ShippedPlatform> StartDemoAsync()
    {
        var root = NewRoot();
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot, "bastion"))
        {
            WorkingDirectory = RepositoryRoot,
            ArgumentList = { "demo", $"--Urls=http://127.0.0.1:{port}", $"--Bastion:DataFolder={Path.Combine(root, "pg")}", "--Bastion:Jobs:Enabled=false" },
        };
        start.Environment["BASTION_DEMO_PASSWORD"] = E2EFixture.DemoPassword;
        return StartAsync(start, root, port);
    }

    /// <summary>The production way: <c>dotnet publish</c>, then <c>dotnet Bastion.dll</c> in the published folder, no demo data.</summary>
    public static async Task<ShippedPlatform> StartPublishedAsync()
    {
        var root = NewRoot();
        var published = Path.Combine(root, "publish");
        var publish = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            ArgumentList = { "publish", "src/Bastion", "-c", "Release", "--no-build", "-nologo", "-v", "q", "-o", published },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var p = Process.Start(publish)!)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed ({p.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = published,
            ArgumentList =
            {
                "Bastion.dll", $"--Urls=http://127.0.0.1:{port}", $"--Bastion:DataFolder={Path.Combine(root, "pg")}",
                "--Bastion:Jobs:Enabled=false", $"--Bastion:InitialAdmin:Password={AdminPassword}",
            },
        };
        return await StartAsync(start, root, port);
    }

    /// <summary>
    /// The built platform (no demo data) started with <c>dotnet run --project src/Bastion -c Release --no-build --</c> and
    /// the host's settings in the standard ASP.NET Core spelling with a space: <c>--urls http://127.0.0.1:&lt;port&gt;</c>.
    /// </summary>
    public static Task<ShippedPlatform> StartBuiltAsync()
    {
        var root = NewRoot();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            ArgumentList =
            {
                "run", "--project", "src/Bastion", "-c", "Release", "--no-build", "--",
                "--urls", $"http://127.0.0.1:{port}", "--Bastion:DataFolder", Path.Combine(root, "pg"),
                "--Bastion:Jobs:Enabled", "false", "--Bastion:InitialAdmin:Password", AdminPassword,
            },
        };
        return StartAsync(start, root, port);
    }

    /// <summary>Runs the built platform (<c>dotnet Bastion.dll</c> of the Release build) with the given arguments to its end.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunBuiltAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "src", "Bastion", "bin", "Release", "net10.0", "Bastion.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (p.ExitCode, await stdout, await stderr);
    }

    private static async Task<ShippedPlatform> StartAsync(ProcessStartInfo start, string root, int port)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // as shipped: Production, whatever the test runner's environment says
        foreach (var v in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ConnectionStrings__Bastion", "ConnectionStrings__BastionOwner" })
            start.Environment.Remove(v);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var platform = new ShippedPlatform(process, root, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => platform.Append(e.Data);
        process.ErrorDataReceived += (_, e) => platform.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await platform.WaitUntilReadyAsync(TimeSpan.FromMinutes(6));
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
        return platform;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The platform exited with {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var r = await http.GetAsync("/health/ready");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"The platform was not ready at {BaseUrl} within {timeout}:\n{Output}");
    }

    private static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "bastion-shipped-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        return root;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM to the application (the deepest process: <c>dotnet run</c> starts it as a child), so it stops
    /// its PostgreSQL itself; whatever is left afterwards is killed, the cluster's postmaster included.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                var children = Descendants(_process.Id).ToList();
                foreach (var pid in children) Signal(pid, "TERM");
                for (var i = 0; i < 150 && children.Any(pid => Directory.Exists($"/proc/{pid}")); i++) await Task.Delay(200);
                Signal(_process.Id, "TERM");
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await _process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { }
                foreach (var pid in children.Append(_process.Id)) Signal(pid, "KILL");
            }
            var pidFile = Path.Combine(_root, "pg", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster))
            {
                Signal(postmaster, "TERM");
                for (var i = 0; i < 50 && File.Exists(pidFile); i++) await Task.Delay(200);
            }
        }
        finally
        {
            _process.Dispose();
            try { Directory.Delete(_root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid) children.Add(child);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        // deepest first: the application before the dotnet CLI that started it
        return children.SelectMany(c => Descendants(c).Append(c));
    }

    private static void Signal(int pid, string signal)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            kill?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception) { }
    }
}
