using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Bastion.Tests.Data;

/// <summary>
/// Every property of the EF model has an audit classification (as is / masked / "changed" only / never), so a property
/// added with a future migration fails here until someone decides what the append-only log may keep of it.
/// </summary>
public class AuditClassificationTests
{
    private static IReadOnlyList<IEntityType> Model()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=none").Options, new AuditActor());
        return db.Model.GetEntityTypes().ToList();
    }

    private static string Name(IEntityType e, string property) => $"{e.ClrType.Name}.{property}";

    [Fact]
    public void Every_mapped_property_is_classified_for_the_audit_trail()
    {
        var model = Model();
        model.Count.ShouldBeGreaterThan(50, "the model was read");
        var missing = model.SelectMany(e => e.GetProperties().Where(p => AuditClassification.Find(e.ClrType, p.Name) is null).Select(p => Name(e, p.Name))).ToList();
        missing.ShouldBeEmpty("classify each in Data/AuditClassification.cs (as is / masked / changed only / never): " + string.Join(", ", missing));
    }

    [Fact]
    public void The_table_names_only_mapped_properties()
    {
        var model = Model().ToDictionary(e => e.ClrType);
        var stale = new List<string>();
        foreach (var (type, rules) in AuditClassification.All)
        {
            if (!model.TryGetValue(type, out var e)) { stale.Add(type.Name); continue; }
            stale.AddRange(rules.Keys.Where(p => e.FindProperty(p) is null).Select(p => Name(e, p)));
        }
        stale.ShouldBeEmpty("classified but not mapped: " + string.Join(", ", stale));
    }

    [Fact]
    public void File_contents_and_jsonb_copies_never_enter_a_row_as_they_are()
    {
        var wrong = Model().SelectMany(e => e.GetProperties()
            .Where(p => p.ClrType == typeof(byte[]) || p.ClrType == typeof(ImageBytes) || (p.GetColumnType() == "jsonb" && e.ClrType != typeof(AuditEntry)))
            .Where(p => AuditClassification.Find(e.ClrType, p.Name)?.Recording is not (AuditRecording.Never or AuditRecording.ChangedOnly))
            .Select(p => Name(e, p.Name))).ToList();
        wrong.ShouldBeEmpty(string.Join(", ", wrong));
    }

    [Theory]
    [InlineData("IdNumber")]
    [InlineData("Phone")]
    [InlineData("PhoneNumber")]
    [InlineData("MobileContact")]
    [InlineData("Email")]
    [InlineData("NormalizedEmail")]
    [InlineData("UserName")]
    [InlineData("NormalizedUserName")]
    public void Personal_numbers_and_addresses_are_masked_wherever_they_are_mapped(string property)
    {
        var found = Model().Where(e => e.FindProperty(property) is not null).ToList();
        found.ShouldNotBeEmpty();
        foreach (var e in found)
            AuditClassification.Find(e.ClrType, property)!.Value.Recording.ShouldBeOneOf([AuditRecording.Masked, AuditRecording.Never], Name(e, property));
    }

    [Theory]
    [InlineData("PasswordHash")]
    [InlineData("SecurityStamp")]
    [InlineData("TokenHash")]
    [InlineData("Xml")]
    [InlineData("Data")]
    [InlineData("Content")]
    [InlineData("Facts")]
    [InlineData("Evidence")]
    [InlineData("MinutesHtml")]
    [InlineData("Topics")]
    [InlineData("Text")]
    [InlineData("Body")]
    [InlineData("Reason")]
    [InlineData("Snapshot")]
    public void Secrets_files_and_confidential_texts_are_never_recorded_as_they_are(string property)
    {
        var found = Model().Where(e => e.FindProperty(property) is not null).ToList();
        found.ShouldNotBeEmpty();
        foreach (var e in found)
            AuditClassification.Find(e.ClrType, property)!.Value.Recording.ShouldBeOneOf([AuditRecording.ChangedOnly, AuditRecording.Never], Name(e, property));
    }

    [Fact]
    public void The_disciplinary_record_and_the_clue_are_changed_only()
    {
        foreach (var p in new[] { "Kind", "Title", "Issuer", "DocNo" })
            AuditClassification.Find(typeof(MemberRewardPenalty), p)!.Value.Recording.ShouldBe(AuditRecording.ChangedOnly, p);
        foreach (var p in new[] { "Title", "Facts", "Evidence", "ResponsiblePersons", "Recommendation" })
            AuditClassification.Find(typeof(InspectionFinding), p)!.Value.Recording.ShouldBe(AuditRecording.ChangedOnly, p);
        AuditClassification.Find(typeof(Bastion.Features.Members.Import.ImportJob), "Content")!.Value.Recording.ShouldBe(AuditRecording.Never);
    }

    [Fact]
    public void Masks_are_the_ones_the_lists_use()
    {
        AuditClassification.Mask(AuditMask.IdNumber, "11010519491231002X").ShouldBe("110105********002X");
        AuditClassification.Mask(AuditMask.Phone, "13912345678").ShouldBe("139****5678");
        AuditClassification.Mask(AuditMask.Email, "zhangsan@example.com").ShouldBe("z*******@example.com");
        AuditClassification.Mask(AuditMask.UserName, "13912345678").ShouldBe("139****5678");
        AuditClassification.Mask(AuditMask.UserName, "yk1zb001").ShouldBe("yk1zb001");
        AuditClassification.Mask(AuditMask.Phone, null).ShouldBeNull();
    }
}

/// <summary>Rows written before the classification held values now recorded as "changed" only or masked: the viewer
/// withholds or masks them the same way.</summary>
public class AuditViewerClassificationTests
{
    [Fact]
    public void Older_rows_show_no_value_the_classification_would_not_record()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=none").Options, new AuditActor());
        var shown = new List<string>();
        foreach (var e in db.Model.GetEntityTypes().Where(e => e.ClrType != typeof(AuditEntry)))
            foreach (var p in e.GetProperties())
            {
                var rule = AuditClassification.Find(e.ClrType, p.Name);
                if (rule is null || rule.Value.Recording == AuditRecording.AsIs) continue;
                var column = p.GetColumnName();
                const string secret = "13912345678 某某同志的问题";
                var after = Bastion.Features.Audit.AuditDetails.Compare(e.GetTableName(), null, $$"""{"{{column}}":"{{secret}}"}""").Single().After;
                if (after == secret) shown.Add($"{e.GetTableName()}.{column}");
            }
        shown.ShouldBeEmpty("add to AuditDetails.Withheld/WithheldIn/Masked: " + string.Join(", ", shown));
    }
}
