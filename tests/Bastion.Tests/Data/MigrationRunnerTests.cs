using Bastion.Data;

namespace Bastion.Tests.Data;

public class MigrationRunnerTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("SELECT 1;", "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a")]
    [InlineData("其中", "d7a112821adba601c2fed40e7d206bb4c18ac0383b8e19f073118a2c56588753")] // UTF-8 bytes
    public void The_checksum_is_the_lowercase_hex_sha256_of_the_utf8_text(string sql, string expected)
    {
        MigrationRunner.Checksum(sql).ShouldBe(expected);
    }

    [Fact]
    public void The_checksum_is_stable_and_sensitive_to_any_change()
    {
        const string sql = "CREATE TABLE t (id bigint);";

        MigrationRunner.Checksum(sql).ShouldBe(MigrationRunner.Checksum(sql));
        MigrationRunner.Checksum(sql).ShouldNotBe(MigrationRunner.Checksum(sql + " "));
        MigrationRunner.Checksum(sql).ShouldMatch("^[0-9a-f]{64}$");
    }

    [Fact]
    public void At_least_one_migration_is_embedded()
    {
        MigrationRunner.Embedded().ShouldNotBeEmpty();
    }

    [Fact]
    public void The_first_migration_is_the_platform_foundation()
    {
        var first = MigrationRunner.Embedded()[0];

        first.Version.ShouldBe("0001");
        first.Name.ShouldBe("0001_platform_foundation");
        first.Sql.ShouldContain("CREATE TABLE");
    }

    [Fact]
    public void Migrations_are_ordered_by_version_and_versions_are_unique()
    {
        var versions = MigrationRunner.Embedded().Select(m => m.Version).ToList();

        versions.ShouldBe(versions.Order(StringComparer.Ordinal).ToList());
        versions.Distinct().Count().ShouldBe(versions.Count);
    }

    [Fact]
    public void The_version_is_the_four_digit_prefix_of_the_file_name()
    {
        foreach (var m in MigrationRunner.Embedded())
        {
            m.Version.ShouldMatch("^[0-9]{4}$", m.Name);
            m.Name.ShouldStartWith(m.Version + "_");
            m.Name.ShouldNotEndWith(".sql");
        }
    }

    [Fact]
    public void Each_migration_carries_the_checksum_of_its_text_with_unix_line_endings()
    {
        foreach (var m in MigrationRunner.Embedded())
        {
            m.Sql.ShouldNotContain("\r\n");
            m.Sql.ShouldNotBeNullOrWhiteSpace();
            m.Checksum.ShouldBe(MigrationRunner.Checksum(m.Sql));
        }
    }

    [Fact]
    public void Reading_the_embedded_migrations_twice_gives_the_same_checksums()
    {
        MigrationRunner.Embedded().Select(m => m.Checksum)
            .ShouldBe(MigrationRunner.Embedded().Select(m => m.Checksum));
    }
}
