namespace Calico.Selectors.Tokenizer;

/// <summary>One token: its kind, where it is in the input and, for labels and strings, its value.</summary>
/// <param name="Kind">The kind of token.</param>
/// <param name="Start">The 0-based index of the token's first character in the input.</param>
/// <param name="Length">The number of characters the token spans in the input.</param>
/// <param name="Value">The label name or the string's contents; <see langword="null"/> for other kinds.</param>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string? Value);
