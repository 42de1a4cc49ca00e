using Bastion.E2E.Infrastructure;
namespace Bastion.E2E.Journeys;
public sealed class ZzDebug(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public async Task Debug_assets()
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };
        foreach (var u in new[] { "/css/site.css", "/lib/bootstrap/css/bootstrap.min.css", "/lib/echarts/echarts.min.js", "/Account/Login" })
        {
            var r = await http.GetAsync(u);
            Console.WriteLine($"DEBUG {u} {(int)r.StatusCode} {r.Content.Headers.ContentType} {r.Content.Headers.ContentLength} {r.Headers.Location}");
        }
        Console.WriteLine("DEBUG base " + App.BaseUrl);
    }
}
