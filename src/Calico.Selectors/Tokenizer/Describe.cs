using System.Globalization;

namespace Calico.Selectors.Tokenizer;

/// <summary>Describes tokens and characters for parse error messages.</summary>
internal static class Describe
{
    public const string EndOfSelector = "end of selector";

    /// <summary>Describes a single character the way it should appear in an error message.</summary>
    public static string Quoted(char c) => c switch
    {
        '\'' => "\"'\"",
        '\n' => "a newline",
        '\r' => "a carriage return",
        _ when char.IsControl(c) || char.IsWhiteSpace(c) => string.Create(CultureInfo.InvariantCulture, $"character U+{(int)c:X4}"),
        _ => $"'{c}'",
    };

    /// <summary>Describes <paramref name="token"/> as it appears in <paramref name="input"/>.</summary>
    public static string Token(string input, Token token)
    {
        if (token.Kind == TokenKind.Eof)
        {
            return EndOfSelector;
        }

        if (token.Length == 1)
        {
            return Quoted(input[token.Start]);
        }

        var text = input.Substring(token.Start, token.Length);
        return token.Kind == TokenKind.StringLiteral ? $"string {text}" : $"'{text}'";
    }
}
