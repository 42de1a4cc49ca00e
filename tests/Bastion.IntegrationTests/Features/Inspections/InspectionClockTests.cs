using System.Net;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features.Inspections;

/// <summary>The 巡察 pages read "today" from the injected clock: moving the test clock moves what they propose and name.</summary>
public sealed class InspectionClockTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task The_new_round_form_proposes_the_year_of_the_injected_clock()
    {
        App.Clock.Advance(TimeSpan.FromDays(800));
        var year = App.Clock.Today().Year;
        year.ShouldNotBe(TimeProvider.System.Today().Year);
        var insp = await App.SignedInAsync("insp");
        var html = await insp.GetStringAsync($"/Inspections/NewRound?org={World.A.Id}");
        html.ShouldContain($"id=\"Year\" name=\"Year\" type=\"number\" value=\"{year}\"");
    }

    [Fact]
    public async Task The_expression_export_is_named_after_the_day_of_the_injected_clock()
    {
        App.Clock.Advance(TimeSpan.FromDays(800));
        var disc = await App.SignedInAsync("disc");
        var xlsx = await disc.GetAsync("/Inspections/Expressions?handler=Export");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        var day = App.Clock.Today().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        xlsx.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"巡言巡语-{day}.xlsx");
    }
}
