using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>巡言巡语 candidates for a finding's text (the writers: InspectionManage), over <see cref="ExpressionSuggester"/>.</summary>
public sealed class SuggestExpressions(ExpressionSuggester suggester)
{
    public sealed record Request(string? Text, int? Top);
    public sealed record Item(long Id, string Expression, string Category, double Score, string Level);
    public sealed record Response(IReadOnlyList<Item> Candidates);

    public static void Map(RouteGroupBuilder api) =>
        // the library is the inspection office's, not one organization's: the permission is checked over any scope
        api.MapPost("/inspections/suggestions", async (Request? body, SuggestExpressions handler, CancellationToken ct) => (await handler.Handle(body, ct)).ToHttp())
           .Require(Permission.InspectionManage, OrgFrom.None)
           .WithSummary("巡言巡语推荐：按问题事实匹配规范表述（text 不超过4000字；top 默认5），返回规范表述、四个落实归类或问题线索、相似度0–1（score）及匹配度高/中/低（level）")
           .Produces<Response>().ProducesValidationProblem();

    public async Task<Result<Response>> Handle(Request? body, CancellationToken ct)
    {
        if (ExpressionSuggester.Check(body?.Text) is { } error) return Result.Invalid("text", error);
        var found = await suggester.SuggestAsync(body!.Text!, body.Top ?? ExpressionSuggester.DefaultTop, ct);
        return new Response(found.Select(c => new Item(c.Id, c.Expression, c.Category, c.Score, c.Level.ToString())).ToList());
    }
}
