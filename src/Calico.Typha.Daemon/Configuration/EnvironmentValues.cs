using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Calico.Typha.Daemon.Configuration;

/// <summary>Typed reads of environment variables; a bad value is a <see cref="TyphaConfigurationException"/> naming the variable and what it accepts.</summary>
internal sealed class EnvironmentValues(IReadOnlyDictionary<string, string?> environment)
{
    public string? Get(string name) => environment.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public bool Bool(string name, bool fallback) => Get(name)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        var text => throw new TyphaConfigurationException($"{name}=\"{text}\" is not true or false"),
    };

    public int Port(string name, int fallback) => Get(name) is not { } text
        ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new TyphaConfigurationException($"{name}=\"{text}\" is not a port number (0-65535)");

    public int Count(string name, int fallback, int minimum) => Get(name) is not { } text
        ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum
            ? count
            : throw new TyphaConfigurationException($"{name}=\"{text}\" is not a whole number of at least {minimum}");

    public TimeSpan Seconds(string name, TimeSpan fallback) => Get(name) is not { } text
        ? fallback
        : double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.01 and <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new TyphaConfigurationException($"{name}=\"{text}\" is not a number of seconds between 0.01 and 86400");

    public LogLevel Level(string name) => Get(name)?.ToUpperInvariant() switch
    {
        null or "INFO" => LogLevel.Information,
        "DEBUG" => LogLevel.Debug,
        "TRACE" => LogLevel.Trace,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "PANIC" => LogLevel.Critical,
        "NONE" => LogLevel.None,
        var text => throw new TyphaConfigurationException($"{name}=\"{text}\" is not one of DEBUG, INFO, WARNING, ERROR, FATAL, NONE"),
    };
}
