using Bastion.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Tests.Data;

public class SqlLikeTests
{
    [Theory]
    [InlineData("50%", "%50\\%%")]
    [InlineData(" a_b ", "%a\\_b%")]
    [InlineData("c:\\x", "%c:\\\\x%")]
    public void User_wildcards_are_taken_literally(string text, string pattern) => SqlLike.Contains(text).ShouldBe(pattern);

    [Fact]
    public void A_unique_violation_is_recognised_directly_and_inside_EF_Core()
    {
        var pg = new PostgresException("dup", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
        DbErrors.IsUniqueViolation(pg).ShouldBeTrue();
        DbErrors.IsUniqueViolation(new DbUpdateException("x", pg)).ShouldBeTrue();
        DbErrors.IsUniqueViolation(new DbUpdateException("x", new PostgresException("fk", "ERROR", "ERROR", PostgresErrorCodes.ForeignKeyViolation))).ShouldBeFalse();
        DbErrors.IsUniqueViolation(new InvalidOperationException()).ShouldBeFalse();
    }
}
