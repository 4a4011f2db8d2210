using System.Text.RegularExpressions;

namespace Calico.Api.Validation;

/// <summary>Kubernetes/Calico naming rules for resource names and labels.</summary>
public static partial class NameRules
{
    /// <summary>A DNS subdomain: lower-case alphanumerics, '-' and '.', starting and ending alphanumeric, at most 253 characters.</summary>
    public static string? CheckSubdomain(string? name, int maxLength = 253)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a name is required";
        }

        if (name.Length > maxLength)
        {
            return $"\"{name}\" is longer than {maxLength} characters";
        }

        return SubdomainPattern().IsMatch(name)
            ? null
            : $"\"{name}\" is not a valid name (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)";
    }

    /// <summary>A DNS label: like a subdomain without dots, at most 63 characters.</summary>
    public static string? CheckLabelName(string? name, int maxLength = 63)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a name is required";
        }

        if (name.Length > maxLength)
        {
            return $"\"{name}\" is longer than {maxLength} characters";
        }

        return LabelNamePattern().IsMatch(name)
            ? null
            : $"\"{name}\" is not a valid name (lower-case letters, digits and '-', starting and ending with a letter or digit, no dots)";
    }

    /// <summary>A Kubernetes label key: [prefix/]name.</summary>
    public static string? CheckLabelKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !SubdomainPattern().IsMatch(prefix))
            {
                return $"label key \"{key}\" has an invalid prefix (a DNS subdomain is expected before '/')";
            }
        }

        if (name.Length is 0 or > 63 || !QualifiedNamePattern().IsMatch(name))
        {
            return $"label key \"{key}\" is invalid (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";
        }

        return null;
    }

    public static string? CheckLabelValue(string key, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        return value.Length <= 63 && QualifiedNamePattern().IsMatch(value)
            ? null
            : $"label \"{key}\" has an invalid value \"{value}\" (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelNamePattern();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedNamePattern();
}
