using Bastion.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bastion.Tests.Web;

public class SettingsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Unset_or_blank_settings_keep_their_defaults()
    {
        var c = TypedSettings.Read<ComplianceSettings>(Config(("Bastion:Compliance:WarningDays", " ")));
        c.WarningDays.ShouldBe(Bastion.Domain.ComplianceRules.DefaultWarningDays);
        c.ReminderDays.ShouldBe(Bastion.Features.Compliance.ComplianceReminders.DefaultReminderDays);
        c.CacheMinBranches.ShouldBe(1000);
        TypedSettings.Read<JobSettings>(Config()).Enabled.ShouldBeTrue();
        TypedSettings.Read<DatabaseSettings>(Config()).DatabaseName.ShouldBe("bastion");
        TypedSettings.Read<StartupSettings>(Config()).InitialAdminUserName.ShouldBe("admin");
    }

    [Fact]
    public void Settings_are_read_from_the_keys_they_always_had()
    {
        TypedSettings.Read<ComplianceSettings>(Config(("Bastion:Compliance:WarningDays", "20"), ("Bastion:Compliance:ReminderDays", "5"), ("Bastion:Compliance:CacheMinBranches", "1")))
            .ShouldSatisfyAllConditions(c => c.WarningDays.ShouldBe(20), c => c.ReminderDays.ShouldBe(5), c => c.CacheMinBranches.ShouldBe(1));
        TypedSettings.Read<LedgerSettings>(Config(("Bastion:Ledger:DueSoonDays", "7"), ("Bastion:Ledger:MaxEvidenceBytes", "2048")))
            .ShouldSatisfyAllConditions(l => l.DueSoonDays.ShouldBe(7), l => l.MaxEvidenceBytes.ShouldBe(2048));
        TypedSettings.Read<MeetingSettings>(Config(("Bastion:Meetings:MaxAttachmentBytes", "4096"))).MaxAttachmentBytes.ShouldBe(4096);
        TypedSettings.Read<CheckInSettings>(Config(("Bastion:CheckIn:TokenMinutes", "3"), ("Bastion:CheckIn:OpensMinutesBefore", "0")))
            .ShouldSatisfyAllConditions(c => c.TokenMinutes.ShouldBe(3), c => c.OpensMinutesBefore.ShouldBe(0));
        TypedSettings.Read<JobSettings>(Config(("Bastion:Jobs:Enabled", "False"))).Enabled.ShouldBeFalse();
        TypedSettings.Read<ProxySettings>(Config(("Bastion:KnownProxies:0", "10.0.0.5"), ("Bastion:KnownProxies:1", " ::1 "))).Addresses.Select(a => a.ToString()).ShouldBe(["10.0.0.5", "::1"]);
        TypedSettings.Read<DatabaseSettings>(Config(("ConnectionStrings:Bastion", "Host=db"), ("Bastion:DataFolder", "/srv/pg")))
            .ShouldSatisfyAllConditions(d => d.ConnectionString.ShouldBe("Host=db"), d => d.DataFolder.ShouldBe("/srv/pg"), d => d.External.ShouldBeTrue());
    }

    [Theory]
    [InlineData("Bastion:Compliance:WarningDays", "abc", "整数")]
    [InlineData("Bastion:Compliance:WarningDays", "400", "0 到 366")]
    [InlineData("Bastion:Compliance:ReminderDays", "-1", "0 到 366")]
    [InlineData("Bastion:Compliance:CacheMinBranches", "99999999999", "整数")]
    public void A_bad_compliance_value_is_refused_with_a_message_naming_the_key(string key, string value, string hint)
    {
        var e = Should.Throw<OptionsValidationException>(() => TypedSettings.Read<ComplianceSettings>(Config((key, value))));
        e.Failures.ShouldHaveSingleItem().ShouldContain("配置项 " + key);
        e.Message.ShouldContain(hint);
    }

    [Fact]
    public void Bad_values_of_the_other_settings_are_refused_too()
    {
        Should.Throw<OptionsValidationException>(() => TypedSettings.Read<LedgerSettings>(Config(("Bastion:Ledger:DueSoonDays", "61")))).Message.ShouldContain("Bastion:Ledger:DueSoonDays");
        Should.Throw<OptionsValidationException>(() => TypedSettings.Read<LedgerSettings>(Config(("Bastion:Ledger:MaxEvidenceBytes", "0")))).Message.ShouldContain("Bastion:Ledger:MaxEvidenceBytes");
        Should.Throw<OptionsValidationException>(() => TypedSettings.Read<MeetingSettings>(Config(("Bastion:Meetings:MaxAttachmentBytes", "10MB")))).Message.ShouldContain("Bastion:Meetings:MaxAttachmentBytes");
        Should.Throw<OptionsValidationException>(() => TypedSettings.Read<CheckInSettings>(Config(("Bastion:CheckIn:TokenMinutes", "0")))).Message.ShouldContain("Bastion:CheckIn:TokenMinutes");
        Should.Throw<OptionsValidationException>(() => TypedSettings.Read<JobSettings>(Config(("Bastion:Jobs:Enabled", "nein")))).Message.ShouldContain("true 或 false");
        Should.Throw<OptionsValidationException>(() => TypedSettings.Read<StartupSettings>(Config(("Bastion:Demo", "yes")))).Message.ShouldContain("Bastion:Demo");
        Should.Throw<OptionsValidationException>(() => TypedSettings.Read<ProxySettings>(Config(("Bastion:KnownProxies:0", "proxy.local")))).Message
            .ShouldContain("配置项 Bastion:KnownProxies 中的“proxy.local”不是 IP 地址");
    }
}
