using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Bastion.Web;

/// <summary>How a use case ended. <see cref="Ok"/> is the only success; the others wrote nothing.</summary>
public enum ResultKind
{
    /// <summary>Done (with a value for <see cref="Result{T}"/>).</summary>
    Ok,

    /// <summary>The record does not exist, or the caller may not know that it does (API 404, page 404).</summary>
    NotFound,

    /// <summary>The caller may not do this here, with a Chinese message saying why (API 403, page 403).</summary>
    Forbidden,

    /// <summary>The input breaks a rule; Chinese messages per field, nothing written (API 400 with <c>errors</c>, page: ModelState).</summary>
    Invalid,

    /// <summary>The record's state or someone else's change forbids it now, with a Chinese message (API 409, page: ModelState).</summary>
    Conflict,

    /// <summary>
    /// A rule of the domain refuses well-formed input (a statutory gate, a deadline): the message names the rule and, where
    /// a later date would pass, <see cref="Result.EarliestOn"/> gives it (API 422 ProblemDetails with <c>rule</c> and
    /// <c>earliestOn</c>, page: ModelState at the field). Input that is malformed stays <see cref="Invalid"/>.
    /// </summary>
    Refused,
}

/// <summary>
/// The one outcome of a use case without a value: <c>return Result.Ok;</c>, <c>return Result.Invalid("name", "…");</c>.
/// Map it with <see cref="ResultHttp.ToHttp(Result, Func{IResult})"/> in the API and <see cref="ResultPages.AddTo(Result, ModelStateDictionary, string?)"/> on a page.
/// A use case that yields something returns <see cref="Result{T}"/>; both convert from these factories.
/// </summary>
public sealed class Result
{
    private Result(ResultKind kind, string? message, IReadOnlyDictionary<string, string[]>? errors, string? rule = null, DateOnly? earliestOn = null)
    {
        Kind = kind;
        Message = message;
        Errors = errors;
        Rule = rule;
        EarliestOn = earliestOn;
    }

    public ResultKind Kind { get; }

    /// <summary>Chinese text for NotFound, Forbidden and Conflict (null: the status's standard text).</summary>
    public string? Message { get; }

    /// <summary>Invalid: messages per field, keyed by the request's property name in camelCase (e.g. <c>"name"</c>).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>Refused: the rule's short name (e.g. <c>"培养考察期"</c>).</summary>
    public string? Rule { get; }

    /// <summary>Refused: the earliest date on which the same input would pass, when a date can make it pass.</summary>
    public DateOnly? EarliestOn { get; }

    public bool IsOk => Kind == ResultKind.Ok;

    public static readonly Result Ok = new(ResultKind.Ok, null, null);

    public static Result NotFound(string? message = null) => new(ResultKind.NotFound, message, null);

    public static Result Forbidden(string message) => new(ResultKind.Forbidden, message, null);

    public static Result Invalid(string field, string message) =>
        new(ResultKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Several field errors at once; an empty map is a programming error.</summary>
    public static Result Invalid(IReadOnlyDictionary<string, string[]> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("An invalid result needs at least one field error.", nameof(errors));
        return new(ResultKind.Invalid, errors.First().Value.FirstOrDefault(), errors);
    }

    /// <summary>Field errors collected in a dictionary: <see cref="Ok"/> when there are none.</summary>
    public static Result FromErrors(IReadOnlyDictionary<string, string[]> errors) => errors.Count == 0 ? Ok : Invalid(errors);

    public static Result Conflict(string message) => new(ResultKind.Conflict, message, null);

    /// <summary>
    /// A rule refuses it: <paramref name="message"/> names the rule (and the date, when there is one); <paramref name="field"/>
    /// is the input the page shows it beside (camelCase, e.g. <c>"on"</c>; empty: the whole form).
    /// </summary>
    public static Result Refused(string rule, string message, DateOnly? earliestOn = null, string field = "") =>
        new(ResultKind.Refused, message, new Dictionary<string, string[]> { [field] = [message] }, rule, earliestOn);

    public static Result<T> Success<T>(T value) => value;

    /// <summary>The first message of a failure (a field's or the whole result's); null when Ok.</summary>
    public string? FirstMessage => Kind == ResultKind.Ok ? null : Errors?.Values.SelectMany(e => e).FirstOrDefault() ?? Message;
}

/// <summary>
/// The outcome of a use case that yields a value on success. Return the value itself or any <see cref="Result"/>
/// failure (<c>return Result.NotFound();</c>); both convert implicitly.
/// </summary>
public sealed class Result<T>
{
    private readonly T? _value;

    private Result(T value)
    {
        _value = value;
        Status = Result.Ok;
    }

    private Result(Result failure)
    {
        if (failure.IsOk) throw new InvalidOperationException("Result.Ok carries no value; return the value itself.");
        Status = failure;
    }

    /// <summary>The outcome without its value (Ok, or the failure).</summary>
    public Result Status { get; }

    public ResultKind Kind => Status.Kind;

    public bool IsOk => Status.IsOk;

    /// <summary>The value; reading it from a failure is a programming error.</summary>
    public T Value => IsOk ? _value! : throw new InvalidOperationException($"The result is {Kind}, not Ok.");

    public static implicit operator Result<T>(T value) => new(value);

    public static implicit operator Result<T>(Result failure) => new(failure);
}

/// <summary>The one mapping of a use case's outcome to an API answer (RFC 9457 ProblemDetails in Chinese).</summary>
public static class ResultHttp
{
    /// <summary>404/403/409 ProblemDetails with the result's message, 400 with the <c>errors</c> map, 422 with the rule and its earliest date, or <paramref name="ok"/>.</summary>
    public static IResult ToHttp(this Result result, Func<IResult> ok) => result.Kind switch
    {
        ResultKind.Ok => ok(),
        ResultKind.NotFound => ErrorResponses.Problem(StatusCodes.Status404NotFound, result.Message),
        ResultKind.Forbidden => ErrorResponses.Problem(StatusCodes.Status403Forbidden, result.Message),
        ResultKind.Conflict => ErrorResponses.Problem(StatusCodes.Status409Conflict, result.Message),
        ResultKind.Invalid => ErrorResponses.Validation(result.Errors!.ToDictionary()),
        ResultKind.Refused => ErrorResponses.Refusal(result.Rule!, result.Message!, result.EarliestOn),
        _ => throw new InvalidOperationException(result.Kind.ToString()),
    };

    /// <summary>As <see cref="ToHttp(Result, Func{IResult})"/>; success answers 204 No Content.</summary>
    public static IResult ToHttp(this Result result) => result.ToHttp(Results.NoContent);

    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> ok) =>
        result.IsOk ? ok(result.Value) : result.Status.ToHttp(() => throw new InvalidOperationException());

    /// <summary>Success answers 200 with the value as JSON.</summary>
    public static IResult ToHttp<T>(this Result<T> result) => result.ToHttp(v => Results.Ok(v));

    public static async Task<IResult> ToHttpAsync(this Result result, Func<Task<IResult>> ok) =>
        result.IsOk ? await ok() : result.ToHttp(() => throw new InvalidOperationException());

    public static async Task<IResult> ToHttpAsync<T>(this Result<T> result, Func<T, Task<IResult>> ok) =>
        result.IsOk ? await ok(result.Value) : result.Status.ToHttp(() => throw new InvalidOperationException());
}

/// <summary>The one mapping of a use case's outcome to a Razor page: field errors into ModelState, 404/403 as status pages.</summary>
public static class ResultPages
{
    /// <summary>
    /// Puts an Invalid or Conflict result's messages into ModelState (field keys prefixed with <paramref name="prefix"/>,
    /// e.g. <c>"Input"</c>; a conflict goes to the form-wide key ""). Returns true when the result is Ok.
    /// NotFound and Forbidden are not field errors: check <see cref="ToStatusPage(Result)"/> first.
    /// </summary>
    public static bool AddTo(this Result result, ModelStateDictionary modelState, string? prefix = null)
    {
        switch (result.Kind)
        {
            case ResultKind.Ok:
                return true;
            case ResultKind.Invalid or ResultKind.Refused:
                foreach (var (field, messages) in result.Errors!)
                    foreach (var message in messages)
                        modelState.AddModelError(Key(prefix, field), message);
                return false;
            default:
                modelState.AddModelError(string.Empty, result.Message ?? ErrorResponses.Detail(StatusOf(result.Kind)));
                return false;
        }
    }

    public static bool AddTo<T>(this Result<T> result, ModelStateDictionary modelState, string? prefix = null) =>
        result.Status.AddTo(modelState, prefix);

    /// <summary>404 or 403 as the status-code page; null for the other kinds (which the form shows).</summary>
    public static IActionResult? ToStatusPage(this Result result) => result.Kind switch
    {
        ResultKind.NotFound => new StatusCodeResult(StatusCodes.Status404NotFound),
        ResultKind.Forbidden => new StatusCodeResult(StatusCodes.Status403Forbidden),
        _ => null,
    };

    public static IActionResult? ToStatusPage<T>(this Result<T> result) => result.Status.ToStatusPage();

    /// <summary>A camelCase API field under a page's bound model: ("Input", "name") → "Input.Name".</summary>
    public static string Key(string? prefix, string field)
    {
        if (field.Length == 0) return prefix ?? string.Empty;
        var pascal = string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        return string.IsNullOrEmpty(prefix) ? pascal : prefix + "." + pascal;
    }

    private static int StatusOf(ResultKind kind) => kind switch
    {
        ResultKind.NotFound => 404,
        ResultKind.Forbidden => 403,
        ResultKind.Conflict => 409,
        ResultKind.Refused => 422,
        _ => 400,
    };
}
