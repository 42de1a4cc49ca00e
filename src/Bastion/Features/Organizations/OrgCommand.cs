using Bastion.Web;

namespace Bastion.Features.Organizations;

/// <summary>
/// The outcome of a command of the organization feature: done, field errors (nothing written), or refused because
/// the other organization involved (new parent, merge target) lies outside the caller's scope.
/// </summary>
public sealed record OrgCommand(Dictionary<string, string[]>? Errors = null, string? Forbidden = null)
{
    public bool Ok => Errors is null && Forbidden is null;

    public static readonly OrgCommand Done = new();

    public static OrgCommand Error(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    public static OrgCommand Invalid(Dictionary<string, string[]> errors) => new(errors);

    public static OrgCommand Refused(string detail) => new(Forbidden: detail);

    /// <summary>403 ProblemDetails, 400 with the errors map, or the success result.</summary>
    public async Task<IResult> ToHttpAsync(Func<Task<IResult>> ok) =>
        Forbidden is not null ? ErrorResponses.Problem(StatusCodes.Status403Forbidden, Forbidden)
        : Errors is not null ? ErrorResponses.Validation(Errors)
        : await ok();
}
