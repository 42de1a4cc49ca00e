using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Data;

/// <summary>Keeps ASP.NET Core Data Protection keys in PostgreSQL so every instance can read every cookie.</summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous. Data Protection calls it when it loads the key ring (at start-up, then
/// about once a day or when it meets an unknown key), not per request; the reads and writes themselves are async (the
/// EF guard of Bastion:StrictQueries refuses synchronous ones) and only this boundary waits for them — the one place
/// allowed to by tests/Bastion.Tests/Data/NoSynchronousDatabaseCallsTests.
/// </remarks>
public sealed class PostgresXmlRepository(IServiceProvider services, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(ReadAsync).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(() => StoreAsync(element, friendlyName)).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> ReadAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var xml = await db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToListAsync();
        return xml.Select(XElement.Parse).ToList();
    }

    private async Task StoreAsync(XElement element, string friendlyName)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DataProtectionKeys.Add(new Domain.DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }
}
