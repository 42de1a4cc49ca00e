using Bastion.Domain;

namespace Bastion.Security;

/// <summary>Where the organization a request acts on is read from.</summary>
public enum OrgFrom
{
    /// <summary>The use case is not about one organization (accounts, audit, self-service).</summary>
    None,
    /// <summary>The <c>org</c> query value when given, else the organization chosen in the switcher.</summary>
    Current,
    /// <summary>A route value such as <c>{id}</c>.</summary>
    Route,
    /// <summary>The organization of a record (any entity with an OrgId) whose id is the route value <c>{id}</c>.</summary>
    Record,
}

/// <summary>
/// The one line of authorization each page or endpoint carries. A null permission means "any signed-in
/// account". Endpoints with neither this nor [AllowAnonymous] are refused (fail closed).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequireAttribute(Permission permission) : Attribute
{
    public Permission? Permission { get; } = permission;
    public OrgFrom From { get; init; } = OrgFrom.Current;
    /// <summary>The query or route value naming the organization (or record): "org" for Current, "id" otherwise.</summary>
    public string Key { get => _key ?? (From == OrgFrom.Current ? "org" : "id"); init => _key = value; }
    private readonly string? _key;
    /// <summary>With <see cref="OrgFrom.Record"/>: the entity type whose OrgId decides.</summary>
    public Type? Record { get; init; }

    private RequireAttribute() : this(default(Permission)) { Permission = null; From = OrgFrom.None; }

    public static RequireAttribute SignedIn() => new();
}

/// <summary>Marks a page any signed-in account may use (self-service: password, 2FA, notifications).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignedInAttribute : Attribute;

public static class RequireExtensions
{
    public static TBuilder Require<TBuilder>(this TBuilder b, Permission permission, OrgFrom from = OrgFrom.Current, string key = "org")
        where TBuilder : IEndpointConventionBuilder =>
        b.WithMetadata(new RequireAttribute(permission) { From = from, Key = key });

    public static TBuilder RequireRecord<TBuilder>(this TBuilder b, Permission permission, Type record, string key = "id")
        where TBuilder : IEndpointConventionBuilder =>
        b.WithMetadata(new RequireAttribute(permission) { From = OrgFrom.Record, Key = key, Record = record });

    public static TBuilder RequireSignedIn<TBuilder>(this TBuilder b) where TBuilder : IEndpointConventionBuilder =>
        b.WithMetadata(new SignedInAttribute());
}
