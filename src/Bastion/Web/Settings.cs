using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Bastion.Web;

/// <summary>The configuration key a property of a settings class is read from (the full key, e.g. <c>Bastion:Compliance:WarningDays</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}

/// <summary>
/// Typed, validated settings. A settings class (see <c>Web/BastionSettings.cs</c>) names the configuration key of each
/// property with <see cref="SettingAttribute"/>; <see cref="AddSettings{T}"/> binds it (an unset or blank value keeps the
/// property's default), validates it with its data annotations (and <see cref="IValidatableObject"/>) at start-up, and a
/// value that does not parse or is out of range stops the start with a Chinese message naming the key
/// (<see cref="OptionsValidationException"/>, printed by <c>Program.Main</c>). Use cases take <c>IOptions&lt;T&gt;</c>.
/// </summary>
public static class TypedSettings
{
    /// <summary>Registers <typeparamref name="T"/>: bound from configuration, validated when the host starts.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services) where T : class
    {
        services.AddSingleton<IValidateOptions<T>, SettingsValidator<T>>();
        return services.AddOptions<T>().Configure<IConfiguration>((o, config) => Bind(config, o)).ValidateOnStart();
    }

    /// <summary>A settings object read and validated outside the container (command-line tools, tests); throws <see cref="OptionsValidationException"/>.</summary>
    public static T Read<T>(IConfiguration config) where T : class, new()
    {
        var o = new T();
        Bind(config, o);
        if (new SettingsValidator<T>().Validate(null, o) is { Failed: true } r)
            throw new OptionsValidationException(Options.DefaultName, typeof(T), r.Failures);
        return o;
    }

    /// <summary>Sets every <see cref="SettingAttribute"/> property from its key; throws with every value that does not parse.</summary>
    public static void Bind(IConfiguration config, object target)
    {
        var errors = new List<string>();
        foreach (var (p, key) in Properties(target.GetType()))
        {
            var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (type == typeof(string[]))
            {
                var section = config.GetSection(key);
                var items = section.Value is { Length: > 0 } one
                    ? one.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0).ToArray();
                if (items.Length > 0) p.SetValue(target, items);
                continue;
            }
            var text = config[key];
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (type == typeof(string))
            {
                p.SetValue(target, text);
                continue;
            }
            try
            {
                p.SetValue(target, TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text.Trim()));
            }
            catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException
                                          || e.InnerException is FormatException or OverflowException)
            {
                errors.Add($"配置项 {key} 的值“{text}”无效：应为{Kind(type)}。");
            }
        }
        if (errors.Count > 0) throw new OptionsValidationException(Options.DefaultName, target.GetType(), errors);
    }

    internal static IEnumerable<(PropertyInfo Property, string Key)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, p.GetCustomAttribute<SettingAttribute>()?.Key))
            .Where(x => x.Key is not null && x.p.CanWrite)
            .Select(x => (x.p, x.Key!));

    private static string Kind(Type type) =>
        type == typeof(bool) ? " true 或 false"
        : type == typeof(int) || type == typeof(long) ? "整数"
        : type == typeof(TimeSpan) ? "时间间隔（如 00:05:00）"
        : type.Name;
}

/// <summary>Checks a settings object's data annotations and <see cref="IValidatableObject"/> rules; messages name the configuration key.</summary>
public sealed class SettingsValidator<T> : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = new List<string>();
        foreach (var (p, key) in TypedSettings.Properties(typeof(T)))
        {
            var value = p.GetValue(options);
            foreach (var a in p.GetCustomAttributes<ValidationAttribute>())
                if (!a.IsValid(value))
                    errors.Add(a.ErrorMessage is { Length: > 0 } m ? string.Format(CultureInfo.InvariantCulture, m, key, value)
                        : a is RangeAttribute r ? $"配置项 {key} 须在 {r.Minimum} 到 {r.Maximum} 之间，现为“{value}”。"
                        : $"配置项 {key} 的值“{value}”无效。");
        }
        if (options is IValidatableObject v)
            errors.AddRange(v.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).OfType<string>());
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
