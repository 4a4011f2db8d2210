using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Calico.Nftables;

/// <summary>
/// The names nft's parser accepts unquoted (tables, chains, sets, maps): a letter, '_' or '.' first, then letters,
/// digits, '_', '-' and '.'; at most 255 bytes (the kernel's NFT_NAME_MAXLEN minus the terminator). Keeping to this
/// alphabet means a name can be written into a transaction verbatim, so no name can smuggle in another command.
/// </summary>
internal static class NftIdentifier
{
    public const int MaxLength = 255;

    public static bool IsValid(string kind, [NotNullWhen(true)] string? name, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(name))
        {
            error = $"a {kind} name is required";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxLength)
        {
            error = $"{kind} name \"{name}\" is longer than {MaxLength} bytes";
            return false;
        }

        if (!IsStart(name[0]) || !name.AsSpan(1).ContainsOnlyIdentifierCharacters())
        {
            error = $"{kind} name \"{name}\" is not valid for nft (a letter, '_' or '.' first, then letters, digits, '_', '-' or '.')";
            return false;
        }

        error = null;
        return true;
    }

    public static bool IsIdentifierCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static bool IsStart(char c) => char.IsAsciiLetter(c) || c is '_' or '.';

    private static bool ContainsOnlyIdentifierCharacters(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsIdentifierCharacter(c))
            {
                return false;
            }
        }

        return true;
    }
}
