using System.Text;
using System.Text.Json;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Bastion.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options, AuditActor actor, TimeProvider? clock = null)
    : IdentityUserContext<AppUser, long>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<MemberChange> MemberChanges => Set<MemberChange>();
    public DbSet<RoleGrant> RoleGrants => Set<RoleGrant>();
    public DbSet<RolePolicy> RolePolicies => Set<RolePolicy>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<SignInCounter> SignInCounters => Set<SignInCounter>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The user name the audit rows of this context record, for "by" columns written by static helpers.</summary>
    public string? ActorName => actor.UserName;

    /// <summary>Takes the next organization id first, so a new organization is written once, with its materialized path.</summary>
    public Task<long> NextOrganizationIdAsync(CancellationToken ct = default) =>
        Database.SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence('organizations', 'id')) AS \"Value\"").SingleAsync(ct);

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<AppUser>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.DisplayName).HasMaxLength(50);
            // one account per member, one member per account (0024_member_accounts.sql)
            e.HasOne<Member>().WithOne().HasForeignKey<AppUser>(u => u.MemberId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(u => u.MemberId).IsUnique();
        });
        b.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<long>>().ToTable("user_claims");
        b.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<long>>().ToTable("user_logins");
        b.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<long>>().ToTable("user_tokens");

        b.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.Property(o => o.Name).HasMaxLength(100);
            e.Property(o => o.Type).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(o => o.Path).HasColumnType("ltree");
            e.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => o.ParentId);
        });

        b.Entity<Member>(e =>
        {
            e.ToTable("members");
            e.Property(m => m.Name).HasMaxLength(50);
            e.Property(m => m.Gender).HasConversion<string>().HasMaxLength(2);
            e.Property(m => m.Category).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.Ethnicity).HasMaxLength(20);
            e.Property(m => m.IdNumber).HasMaxLength(18);
            e.Property(m => m.Phone).HasMaxLength(20);
            e.Property(m => m.Education).HasMaxLength(20);
            e.Property(m => m.Position).HasMaxLength(100);
            e.Property(m => m.NativePlace).HasMaxLength(50);
            e.Property(m => m.Degree).HasMaxLength(20);
            e.Property(m => m.Employer).HasMaxLength(100);
            e.Property(m => m.PartyStatus).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.PartyStatusReason).HasMaxLength(500);
            e.Property(m => m.MobileDestination).HasMaxLength(100);
            e.Property(m => m.MobileContact).HasMaxLength(100);
            e.HasIndex(m => m.Name);
            e.HasIndex(m => m.JoinedAt);
            e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => m.IdNumber).IsUnique();
            e.HasIndex(m => m.OrgId);
        });

        b.Entity<MemberChange>(e =>
        {
            e.ToTable("member_changes");
            e.Property(c => c.Field).HasMaxLength(50);
            e.Property(c => c.OldValue).HasMaxLength(500);
            e.Property(c => c.NewValue).HasMaxLength(500);
            e.Property(c => c.Reason).HasMaxLength(500);
            e.Property(c => c.ChangedBy).HasMaxLength(100);
            e.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.MemberId);
        });

        b.Entity<RoleGrant>(e =>
        {
            e.ToTable("role_grants");
            e.Property(g => g.Role).HasConversion<string>().HasMaxLength(30);
            e.HasOne<AppUser>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrgId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(g => new { g.UserId, g.Role, g.OrgId }).IsUnique().AreNullsDistinct(false);
            e.HasIndex(g => g.OrgId);
        });

        b.Entity<RolePolicy>(e =>
        {
            e.ToTable("role_policies");
            e.HasKey(p => p.Role);
            e.Property(p => p.Role).HasConversion<string>().HasMaxLength(30);
        });

        b.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.Property(t => t.ClientIp).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        // 0032_sign_in_limits_and_sessions.sql: written with SQL by UserSessions and SignInThrottle
        b.Entity<UserSession>(e =>
        {
            e.ToTable("user_sessions");
            e.Property(s => s.KeyHash).HasMaxLength(64);
            e.Property(s => s.EndedReason).HasMaxLength(20);
            e.Property(s => s.ClientIp).HasMaxLength(64);
            e.Property(s => s.UserAgent).HasMaxLength(200);
            e.HasIndex(s => s.KeyHash).IsUnique();
            e.HasIndex(s => s.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SignInCounter>(e =>
        {
            e.ToTable("sign_in_counters");
            e.HasKey(c => new { c.Key, c.WindowStart });
            e.Property(c => c.Key).HasMaxLength(300);
        });

        b.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.Property(n => n.Title).HasMaxLength(200);
            e.Property(n => n.Url).HasMaxLength(500);
            e.HasIndex(n => new { n.UserId, n.ReadAt });
            e.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrgId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.Property(a => a.Id).ValueGeneratedOnAdd();
            e.Property(a => a.ActorName).HasMaxLength(100);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.Entity).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.Before).HasColumnType("jsonb");
            e.Property(a => a.After).HasColumnType("jsonb");
            e.Property(a => a.ClientIp).HasMaxLength(64);
            e.Property(a => a.Result).HasMaxLength(20);
            e.Property(a => a.PrevHash).HasMaxLength(64).ValueGeneratedOnAdd();
            e.Property(a => a.Hash).HasMaxLength(64).ValueGeneratedOnAdd();
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.ActorId);
            e.HasIndex(a => new { a.Entity, a.EntityId });
        });

        b.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));

        // each feature maps its own entities with an IEntityTypeConfiguration<T> in its folder
        b.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        ApplySnakeCase(b);
    }

    private static void ApplySnakeCase(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var p in entity.GetProperties())
                p.SetColumnName(Snake(p.Name));
            foreach (var k in entity.GetKeys())
                k.SetName(k.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{string.Join("_", k.Properties.Select(p => Snake(p.Name)))}");
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName($"fk_{table}_{string.Join("_", fk.Properties.Select(p => Snake(p.Name)))}");
            foreach (var ix in entity.GetIndexes())
                ix.SetDatabaseName($"ix_{table}_{string.Join("_", ix.Properties.Select(p => Snake(p.Name)))}");
        }
    }

    internal static string Snake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    // ---- audit: every state change is written in the same transaction as the change ----
    // what each property contributes to a row is decided by AuditClassification (as is / masked / "changed" only / never)

    /// <summary>Refused: a synchronous save holds a thread for its round trips (issue 12); use SaveChangesAsync.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("SaveChanges is synchronous: use SaveChangesAsync.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var changed = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is not AuditEntry)
            .Select(e => new Pending(e, e.State, e.State == EntityState.Added ? null : Snapshot(e, original: true, NoneChanged), ChangedOnlySet(e)))
            .ToList();
        var explicitEvents = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var ev in explicitEvents) Stamp(ev);
        if (changed.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var ownTx = Database.CurrentTransaction is null;
        var tx = ownTx ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var p in changed)
            {
                var after = p.State == EntityState.Deleted ? null : Snapshot(p.Entry, original: false, p.ChangedOnly);
                var row = new AuditEntry
                {
                    Action = p.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" },
                    Entity = p.Entry.Metadata.GetTableName(),
                    EntityId = KeyOf(p.Entry),
                    OrgId = OrgOf(p.Entry),
                    Before = p.Before,
                    After = after,
                    Result = "success",
                };
                Stamp(row);
                AuditEntries.Add(row);
            }
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (tx is not null) await tx.CommitAsync(cancellationToken);
            return n;
        }
        finally
        {
            if (tx is not null) await tx.DisposeAsync();
        }
    }

    private void Stamp(AuditEntry row)
    {
        if (row.At == default) row.At = (clock ?? TimeProvider.System).GetUtcNow();
        row.ActorId ??= actor.UserId;
        // no control characters (a CR/LF would forge a line, a bidi override reverse a name); a user name that is a
        // mobile or ID number is masked like every phone and ID number in the trail
        row.ActorName = AuditText.Name(row.ActorName ?? actor.UserName);
        row.ClientIp ??= actor.ClientIp;
    }

    private static readonly IReadOnlySet<string> NoneChanged = new HashSet<string>();

    private sealed record Pending(EntityEntry Entry, EntityState State, string? Before, IReadOnlySet<string> ChangedOnly);

    private static AuditRule RuleOf(EntityEntry e, PropertyEntry p) =>
        // an unclassified property (the model test fails on one) is never recorded as is
        AuditClassification.Find(e.Metadata.ClrType, p.Metadata.Name) ?? new AuditRule(AuditRecording.ChangedOnly);

    /// <summary>The "changed only" properties this save sets (a new row's non-empty values) or changes; read before saving,
    /// while the original values are still known.</summary>
    private static HashSet<string> ChangedOnlySet(EntityEntry e)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (e.State == EntityState.Deleted) return set;
        foreach (var p in e.Properties)
        {
            if (RuleOf(e, p).Recording != AuditRecording.ChangedOnly) continue;
            var changed = e.State == EntityState.Added
                ? p.CurrentValue is not (null or "")
                : p.IsModified && !p.Metadata.GetValueComparer().Equals(p.OriginalValue, p.CurrentValue);
            if (changed) set.Add(p.Metadata.Name);
        }
        return set;
    }

    private static string Snapshot(EntityEntry e, bool original, IReadOnlySet<string> changedOnly)
    {
        var dict = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in e.Properties)
        {
            var name = p.Metadata.Name;
            var rule = RuleOf(e, p);
            var v = original ? p.OriginalValue : p.CurrentValue;
            switch (rule.Recording)
            {
                case AuditRecording.Never:
                    continue;
                case AuditRecording.ChangedOnly:
                    // never the value, its length or its hash: only that this save set or changed it
                    if (!original && changedOnly.Contains(name)) dict[Snake(name)] = AuditClassification.ChangedMarker;
                    continue;
                case AuditRecording.Masked:
                    v = AuditClassification.Mask(rule.Mask, v as string);
                    break;
                default:
                    v = v switch
                    {
                        string s => AuditText.MaskNumbers(s),
                        string[] a => a.Select(AuditText.MaskNumbers).ToArray(),
                        Enum en => en.ToString(),
                        _ => v,
                    };
                    break;
            }
            dict[Snake(name)] = v;
        }
        return JsonSerializer.Serialize(dict, AuditEvents.Json);
    }

    private static string? KeyOf(EntityEntry e)
    {
        var key = e.Metadata.FindPrimaryKey();
        return key is null ? null : string.Join(",", key.Properties.Select(p => Convert.ToString(e.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The organization a changed row belongs to: the organization itself, or any entity's OrgId.</summary>
    private static long? OrgOf(EntityEntry e) => e.Entity switch
    {
        Organization o => o.Id,
        _ => e.Metadata.FindProperty("OrgId") is { } p ? e.Property(p.Name).CurrentValue as long? : null,
    };
}
