namespace Bastion.Features.Ledger;

/// <summary>Small display helpers of the ledger pages.</summary>
public static class LedgerUi
{
    public static string StateBadge(string state) => state switch
    {
        "待办" => "text-bg-secondary",
        "办理中" => "text-bg-primary",
        "申请销号" => "text-bg-warning",
        "已销号" => "text-bg-success",
        _ => "text-bg-light",
    };

    public static string PriorityBadge(string p) => p switch { "紧急" => "text-bg-danger", "重要" => "text-bg-warning", _ => "text-bg-light border" };

    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");
}
