using System.Security.Cryptography;
using System.Text;
using Bastion.Data;
using Bastion.Security;
using Microsoft.Extensions.Configuration;
using Org.BouncyCastle.Crypto.Digests;

namespace Bastion.Tests.Security;

public sealed class AuditCheckpointsTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private const string Hash = "5f1c0e3b8a2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60";

    private static AuditCheckpoint Sample() => AuditCheckpoints.Create(Key, 1234, 1200, Hash, At.AddTicks(1234567));

    [Fact]
    public void A_checkpoint_signed_with_the_key_is_authentic()
    {
        var c = Sample();
        c.Signature.Length.ShouldBe(64);
        AuditCheckpoints.IsAuthentic(Key, c).ShouldBeTrue();
    }

    [Fact]
    public void The_time_is_cut_to_whole_microseconds_as_postgresql_stores_it()
    {
        var c = Sample();
        (c.CreatedAt.UtcTicks % 10).ShouldBe(0);
        c.CreatedAt.ShouldBe(At.AddTicks(1234560));
    }

    [Fact]
    public void Another_key_does_not_verify_the_checkpoint()
    {
        var other = (byte[])Key.Clone();
        other[0] ^= 1;
        AuditCheckpoints.IsAuthentic(other, Sample()).ShouldBeFalse();
        AuditCheckpoints.IsAuthentic(RandomNumberGenerator.GetBytes(32), Sample()).ShouldBeFalse();
    }

    [Fact]
    public void Changing_any_signed_field_breaks_the_signature()
    {
        var c = Sample();
        var flipped = new[]
        {
            c with { AuditId = c.AuditId + 1 },
            c with { RowCount = c.RowCount - 1 },
            c with { LastHash = "6" + c.LastHash[1..] },
            c with { CreatedAt = c.CreatedAt.AddTicks(10) },
            c with { Signature = (c.Signature[0] == '0' ? "1" : "0") + c.Signature[1..] },
            c with { Signature = "" },
        };
        foreach (var f in flipped) AuditCheckpoints.IsAuthentic(Key, f).ShouldBeFalse(f.ToString());
        AuditCheckpoints.IsAuthentic(Key, c with { Id = 99 }).ShouldBeTrue("the table's own number is not signed");
    }

    [Fact]
    public void The_signature_is_hmac_over_sm3_of_the_documented_text()
    {
        // SM3 itself (GB/T 32905-2016 example 1: "abc")
        var sm3 = new SM3Digest();
        var abc = "abc"u8.ToArray();
        sm3.BlockUpdate(abc, 0, abc.Length);
        var digest = new byte[32];
        sm3.DoFinal(digest, 0);
        Convert.ToHexStringLower(digest).ShouldBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");

        // HMAC (RFC 2104) over SM3, built by hand: H((K ^ opad) || H((K ^ ipad) || m)), block size 64
        var text = AuditCheckpoints.SignedText(1234, 1200, Hash, At);
        text.ShouldBe($"bastion-audit-checkpoint/v1|1234|1200|{Hash}|2026-12-07T00:00:00.000000Z");
        static byte[] Sm3(byte[] data)
        {
            var d = new SM3Digest();
            d.BlockUpdate(data, 0, data.Length);
            var o = new byte[32];
            d.DoFinal(o, 0);
            return o;
        }
        var block = new byte[64];
        Key.CopyTo(block, 0);
        var inner = Sm3([.. block.Select(b => (byte)(b ^ 0x36)), .. Encoding.UTF8.GetBytes(text)]);
        var mac = Sm3([.. block.Select(b => (byte)(b ^ 0x5c)), .. inner]);
        AuditCheckpoints.Sign(Key, 1234, 1200, Hash, At).ShouldBe(Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void A_copy_file_line_reads_back_as_the_same_checkpoint_and_a_damaged_line_is_named()
    {
        var file = Path.Combine(Path.GetTempPath(), "bastion-cp-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var c = Sample() with { Id = 7 };
            File.WriteAllText(file, AuditCheckpoints.ToJsonLine(c) + "\n" + "{not json\n" + "\n" + AuditCheckpoints.ToJsonLine(c with { AuditId = 5 }) + "\n");
            var (read, bad) = AuditCheckpoints.ReadCopy(file);
            read.Count.ShouldBe(2);
            read[0].SameAs(c).ShouldBeTrue();
            read[0].Id.ShouldBe(7);
            AuditCheckpoints.IsAuthentic(Key, read[0]).ShouldBeTrue();
            AuditCheckpoints.IsAuthentic(Key, read[1]).ShouldBeFalse();
            bad.ShouldBe([2]);
            AuditCheckpoints.ReadCopy(file + ".missing").Checkpoints.ShouldBeEmpty();
        }
        finally { File.Delete(file); }
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Without_a_configured_key_the_private_cluster_gets_a_key_file_beside_its_data_folder_readable_only_by_its_owner()
    {
        var root = Path.Combine(Path.GetTempPath(), "bastion-cpk-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var config = Config(("Bastion:DataFolder", Path.Combine(root, "pg")));
            var first = AuditCheckpointSettings.Resolve(config);
            var folder = Path.Combine(root, "pg-audit");
            first.KeySource.ShouldBe(Path.Combine(folder, "audit-checkpoint.key"));
            first.CopyFile.ShouldBe(Path.Combine(folder, "audit-checkpoints.jsonl"));
            first.Key.Length.ShouldBe(32);
            first.Interval.ShouldBe(TimeSpan.FromMinutes(5));
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(first.KeySource).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.GetUnixFileMode(folder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            AuditCheckpointSettings.Resolve(config).Key.ShouldBe(first.Key, "the next start reads the same key");
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void An_external_database_without_a_configured_key_refuses_to_start_with_a_bilingual_message()
    {
        var e = Should.Throw<StartupException>(() => AuditCheckpointSettings.Resolve(Config(("ConnectionStrings:Bastion", "Host=db;Database=bastion"))));
        e.Chinese.ShouldContain("Bastion:Audit:CheckpointKeyFile");
        e.English.ShouldContain("must be configured");
    }

    [Fact]
    public void A_configured_key_or_key_file_is_used_and_a_bad_one_refused()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var s = AuditCheckpointSettings.Resolve(Config(("ConnectionStrings:Bastion", "Host=db"), ("Bastion:Audit:CheckpointKey", key),
            ("Bastion:Audit:CheckpointCopy", "/srv/audit/copy.jsonl"), ("Bastion:Audit:CheckpointInterval", "00:01:00")));
        s.Key.ShouldBe(Convert.FromBase64String(key));
        s.CopyFile.ShouldBe("/srv/audit/copy.jsonl");
        s.Interval.ShouldBe(TimeSpan.FromMinutes(1));

        var dir = Path.Combine(Path.GetTempPath(), "bastion-cpf-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "k.key");
            File.WriteAllText(file, key + "\n");
            var fromFile = AuditCheckpointSettings.Resolve(Config(("ConnectionStrings:Bastion", "Host=db"), ("Bastion:Audit:CheckpointKeyFile", file)));
            fromFile.Key.ShouldBe(Convert.FromBase64String(key));
            fromFile.CopyFile.ShouldBe(Path.Combine(dir, "audit-checkpoints.jsonl"), "the copy lives beside the key file");

            File.WriteAllText(file, "not a key");
            Should.Throw<StartupException>(() => AuditCheckpointSettings.Resolve(Config(("Bastion:Audit:CheckpointKeyFile", file)))).Chinese.ShouldContain("不是有效的密钥");
        }
        finally { Directory.Delete(dir, recursive: true); }
        Should.Throw<StartupException>(() => AuditCheckpointSettings.Resolve(Config(("Bastion:Audit:CheckpointKey", "c2hvcnQ=")))).Chinese.ShouldContain("至少 16 字节");
        Should.Throw<StartupException>(() => AuditCheckpointSettings.Resolve(Config(("Bastion:Audit:CheckpointKey", key), ("Bastion:Audit:CheckpointInterval", "soon"))))
            .Chinese.ShouldContain("CheckpointInterval");
    }
}
