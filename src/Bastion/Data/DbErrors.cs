using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Data;

/// <summary>The one reading of PostgreSQL errors that a use case answers itself (the rest reach <c>ErrorResponses.Classify</c>).</summary>
public static class DbErrors
{
    /// <summary>A unique index refused the row (23505), from EF Core's SaveChanges or a raw command.</summary>
    public static bool IsUniqueViolation(Exception e) => SqlState(e) == PostgresErrorCodes.UniqueViolation;

    /// <summary>As <see cref="IsUniqueViolation(Exception)"/>, and on the named constraint or index.</summary>
    public static bool IsUniqueViolation(Exception e, string constraint) =>
        IsUniqueViolation(e) && Postgres(e)?.ConstraintName == constraint;

    private static string? SqlState(Exception e) => Postgres(e)?.SqlState;

    private static PostgresException? Postgres(Exception e) => e switch
    {
        PostgresException p => p,
        DbUpdateException { InnerException: PostgresException p } => p,
        _ => null,
    };
}

/// <summary>The one escaping of user text for a LIKE/ILIKE pattern (backslash is PostgreSQL's default escape).</summary>
public static class SqlLike
{
    /// <summary>"50%_a" → "%50\%\_a%": matches the text anywhere, its wildcards taken literally.</summary>
    public static string Contains(string text) => "%" + Escape(text.Trim()) + "%";

    /// <summary>Matches values that start with the text.</summary>
    public static string StartsWith(string text) => Escape(text.Trim()) + "%";

    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
