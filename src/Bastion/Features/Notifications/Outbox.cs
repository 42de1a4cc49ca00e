using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Features.Notifications;

/// <summary>
/// A reminder to some accounts: an in-app notification each, and an outbox row each that an SMS gateway (when a phone
/// is known) or a WeChat gateway sends later. Added to the context; the caller saves in its transaction.
/// </summary>
public static class Outbox
{
    public const string Sms = "短信";
    public const string WeChat = "微信";

    /// <summary>An account to remind and the phone its SMS goes to (null: WeChat).</summary>
    public sealed record Recipient(long UserId, string? Phone)
    {
        /// <summary>A recipient whose phone is kept only when it looks like one (set, at most 20 characters).</summary>
        public static Recipient Of(long userId, string? phone) => new(userId, string.IsNullOrWhiteSpace(phone) || phone.Length > 20 ? null : phone);
    }

    /// <param name="tag">The subject shown in brackets in the outbox text, e.g. 组织生活 or 台账.</param>
    public static void Post(AppDbContext db, IEnumerable<Recipient> to, long? orgId, string tag, string title, string body, string url, DateTimeOffset now)
    {
        var text = Clip($"【{tag}】{title}。{body}{(body.EndsWith('。') ? "" : "。")}详见系统：{url}", 1000);
        foreach (var r in to)
        {
            db.Notifications.Add(new Notification { UserId = r.UserId, OrgId = orgId, Title = Clip(title, 200), Body = body, Url = url, CreatedAt = now });
            db.Add(new OutboxMessage { Channel = r.Phone is null ? WeChat : Sms, UserId = r.UserId, Phone = r.Phone, Text = text, CreatedAt = now });
        }
    }

    public static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
