using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Calico.Netlink;

/// <summary>An interface name as the kernel accepts it: 1 to 15 bytes, no '/', ':' or white space, not "." or "..".</summary>
public readonly record struct LinkName
{
    /// <summary>IFNAMSIZ - 1.</summary>
    public const int MaxLength = 15;

    private readonly string? _value;

    public LinkName(string value)
    {
        if (!IsValid(value, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }

        _value = value;
    }

    public string Value => _value ?? throw new InvalidOperationException("default(LinkName) has no value");

    public static bool IsValid([NotNullWhen(true)] string? name, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(name))
        {
            error = "an interface name is required";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxLength)
        {
            error = $"interface name \"{name}\" is longer than {MaxLength} bytes";
            return false;
        }

        if (name is "." or ".." || name.AsSpan().IndexOfAny('/', ':') >= 0 || name.Any(char.IsWhiteSpace))
        {
            error = $"interface name \"{name}\" is not valid (no '/', ':' or white space; not \".\" or \"..\")";
            return false;
        }

        error = null;
        return true;
    }

    public static implicit operator LinkName(string value) => new(value);

    public override string ToString() => _value ?? string.Empty;
}
