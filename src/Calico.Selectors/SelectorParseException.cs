using System.Globalization;
using System.Text;

namespace Calico.Selectors;

/// <summary>
/// Thrown when a selector expression is not valid. The message names the selector, the 0-based
/// character position of the problem, what the parser expected there and what it found, e.g.
/// <c>selector "app=frontend": at position 3: expected '==', '!=', 'in', 'not in', 'contains', 'starts with' or 'ends with', found '='</c>.
/// </summary>
public sealed class SelectorParseException : FormatException
{
    /// <summary>Creates an exception for <paramref name="input"/> failing at <paramref name="position"/>.</summary>
    /// <param name="input">The whole selector text.</param>
    /// <param name="position">The 0-based index (in UTF-16 code units) of the offending text in <paramref name="input"/>.</param>
    /// <param name="expected">What would have been valid at <paramref name="position"/>, e.g. <c>a quoted string</c>.</param>
    /// <param name="found">What was there instead, e.g. <c>'='</c> or <c>end of selector</c>.</param>
    public SelectorParseException(string input, int position, string expected, string found)
        : base(FormatMessage(input, position, expected, found))
    {
        Input = input;
        Position = position;
        Expected = expected;
        Found = found;
    }

    /// <summary>The 0-based index (in UTF-16 code units) in <see cref="Input"/> where parsing failed.</summary>
    public int Position { get; }

    /// <summary>A description of what would have been valid at <see cref="Position"/>.</summary>
    public string Expected { get; }

    /// <summary>A description of what was found at <see cref="Position"/> instead.</summary>
    public string Found { get; }

    /// <summary>The selector text that failed to parse.</summary>
    public string Input { get; }

    private static string FormatMessage(string input, int position, string expected, string found)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(found);
        return $"selector \"{Printable(input)}\": at position {position}: expected {expected}, found {found}";
    }

    // A newline in the echoed selector would break the message in logs and terminals.
    private static string Printable(string input)
    {
        if (!input.Any(c => char.IsControl(c) && c != '\t'))
        {
            return input;
        }

        var builder = new StringBuilder(input.Length + 8);
        foreach (var c in input)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append(c),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
