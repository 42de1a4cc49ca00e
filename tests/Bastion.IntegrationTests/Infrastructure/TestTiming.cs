namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>Set-up timings (database, host start, reset) appended to the file named by BASTION_IT_TIMING; nothing when unset.</summary>
public static class TestTiming
{
    private static readonly string? File = Environment.GetEnvironmentVariable("BASTION_IT_TIMING");
    private static readonly Lock Gate = new();

    public static void Write(string line)
    {
        if (string.IsNullOrEmpty(File)) return;
        lock (Gate) System.IO.File.AppendAllText(File, $"{DateTime.UtcNow:HH:mm:ss.fff} {line}\n");
    }
}
