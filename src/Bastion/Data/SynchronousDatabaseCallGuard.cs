using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Bastion.Data;

/// <summary>
/// Refuses every synchronous EF Core database call — a query run by ToList/Count/First/foreach, SaveChanges, an opened
/// connection, a transaction begun or committed — when Bastion:StrictQueries is set (the integration tests set it), so
/// a synchronous call on any path a test takes fails that test. Issue 12: each one holds a thread-pool thread for its
/// round trip, and at 100 connections the pool starved and every request failed. Its static twin is
/// tests/Bastion.Tests/Data/NoSynchronousDatabaseCallsTests, which also covers raw Npgsql (no EF interceptor sees it).
/// </summary>
public sealed class SynchronousDatabaseCallGuard : DbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor, ISaveChangesInterceptor
{
    public static readonly SynchronousDatabaseCallGuard Instance = new();

    private SynchronousDatabaseCallGuard() { }

    private static InvalidOperationException Refuse(string call, DbCommand? command = null) => new(
        $"Synchronous database call ({call}) refused under Bastion:StrictQueries: use the Async method and await it."
        + (command is null ? "" : " SQL: " + command.CommandText.Split('\n')[0]));

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        throw Refuse("ExecuteReader", command);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        throw Refuse("ExecuteScalar", command);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        throw Refuse("ExecuteNonQuery", command);

    InterceptionResult IDbConnectionInterceptor.ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        throw Refuse("Open");

    InterceptionResult<DbTransaction> IDbTransactionInterceptor.TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
        throw Refuse("BeginTransaction");

    InterceptionResult IDbTransactionInterceptor.TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        throw Refuse("Commit");

    InterceptionResult IDbTransactionInterceptor.TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        throw Refuse("Rollback");

    InterceptionResult<int> ISaveChangesInterceptor.SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw Refuse("SaveChanges");
}
