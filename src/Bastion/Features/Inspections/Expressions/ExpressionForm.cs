using Bastion.Domain;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>The fields of the create/edit form of a 巡言巡语 entry, and its field errors.</summary>
public sealed class ExpressionFormInput
{
    public string? Category { get; set; }
    public string? Expression { get; set; }
    public string? Symptoms { get; set; }
    public string? Example { get; set; }

    public SaveExpression.Request ToRequest() => new(Category, Expression, Symptoms, Example);

    public static ExpressionFormInput From(InspectionExpression e) => new()
    {
        Category = e.Category.ToString(), Expression = e.Expression, Symptoms = e.Symptoms, Example = e.Example,
    };
}

public sealed record ExpressionFormView(ExpressionFormInput Input, IReadOnlyDictionary<string, string> Errors, string Submit, string Action)
{
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? " is-invalid" : "";

    /// <summary>The form's one message per field from a refused save.</summary>
    public static IReadOnlyDictionary<string, string> ErrorsOf(Web.Result r) =>
        (r.Errors ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => e.Value[0]);
}
