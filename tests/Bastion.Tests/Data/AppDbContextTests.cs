using Bastion.Data;

namespace Bastion.Tests.Data;

public class AppDbContextTests
{
    [Theory]
    [InlineData("PasswordHash", "password_hash")]
    [InlineData("Id", "id")]
    [InlineData("OrgId", "org_id")]
    [InlineData("TwoFactorEnabled", "two_factor_enabled")]
    [InlineData("ParentId", "parent_id")]
    [InlineData("CreatedAt", "created_at")]
    [InlineData("Name", "name")]
    [InlineData("name", "name")]
    public void Property_names_become_snake_case_column_names(string property, string column)
    {
        AppDbContext.Snake(property).ShouldBe(column);
    }

    [Theory]
    [InlineData("NormalizedUserName", "normalized_user_name")]
    [InlineData("LockoutEnd", "lockout_end")]
    [InlineData("AccessFailedCount", "access_failed_count")]
    public void Identity_column_names_become_snake_case(string property, string column)
    {
        AppDbContext.Snake(property).ShouldBe(column);
    }

    [Theory]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("UserID", "user_id")]
    [InlineData("IPAddress", "ip_address")]
    public void Acronyms_stay_together(string property, string column)
    {
        AppDbContext.Snake(property).ShouldBe(column);
    }

    [Fact]
    public void Digits_stay_attached_to_the_previous_word()
    {
        AppDbContext.Snake("Sha256Checksum").ShouldBe("sha256_checksum");
    }
}
