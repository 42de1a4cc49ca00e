using Bastion.Features.UnitedFront;

namespace Bastion.Tests.Features.UnitedFront;

public class GetUnitedFrontPersonTests
{
    [Fact]
    public void The_history_names_the_fields_an_update_changed()
    {
        const string before = """{"employer":"市第一人民医院","id":1,"name":"陈立新","phone":"138****5678","updated_at":"2026-01-01T00:00:00+00:00"}""";
        const string after = """{"employer":"省人民医院","id":1,"name":"陈立新","phone":"139****5678","updated_at":"2026-02-01T00:00:00+00:00"}""";
        GetUnitedFrontPerson.ChangedFields(before, after).ShouldBe(["工作单位", "联系电话"]);
    }

    [Fact]
    public void A_field_that_appears_or_disappears_counts_as_changed_and_bookkeeping_fields_do_not()
    {
        GetUnitedFrontPerson.ChangedFields("""{"party":null,"updated_at":"a"}""", """{"party":"民盟","updated_at":"b"}""").ShouldBe(["所属民主党派"]);
        GetUnitedFrontPerson.ChangedFields(null, null).ShouldBeEmpty();
    }
}
