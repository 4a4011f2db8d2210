namespace Calico.Selectors.Tokenizer;

/// <summary>
/// A hand-written scanner for the selector language. It produces one token per call to
/// <see cref="Next"/>, so the parser never materialises a token list.
/// </summary>
/// <remarks>
/// Like Calico's tokenizer it is context-sensitive in one place: directly after a label only an
/// operator may follow, so <c>contains</c>, <c>in</c>, <c>not in</c>, <c>starts with</c> and
/// <c>ends with</c> are recognised there (and nowhere else, so <c>contains contains 'x'</c> is valid).
/// Word operators need a word boundary after them; multi-word operators accept any number of spaces
/// or tabs between the words, including none (<c>notin</c>, <c>startswith</c>, <c>endswith</c>).
/// Only space and tab are whitespace. Text that cannot start a token becomes an
/// <see cref="TokenKind.Invalid"/> token so that the parser can say what it expected instead;
/// only an unterminated string and an over-long label are reported by the tokenizer itself.
/// </remarks>
internal struct SelectorTokenizer
{
    /// <summary>The longest label name the selector language accepts.</summary>
    public const int MaxLabelLength = 512;

    private readonly string _input;
    private int _position;
    private TokenKind _previous;

    public SelectorTokenizer(string input)
    {
        _input = input;
        _position = 0;
        _previous = TokenKind.None;
    }

    /// <summary>Returns true for the characters allowed in a label name: <c>[A-Za-z0-9_./-]</c>.</summary>
    public static bool IsLabelChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '/' or '-';

    /// <summary>Returns true if <paramref name="label"/> is a valid label name for a selector.</summary>
    public static bool IsValidLabel(string label)
    {
        if (label.Length is 0 or > MaxLabelLength)
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!IsLabelChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Scans and returns the next token; returns <see cref="TokenKind.Eof"/> tokens at the end.</summary>
    /// <exception cref="SelectorParseException">The input has an unterminated string or an over-long label.</exception>
    public Token Next()
    {
        var token = Scan();
        _previous = token.Kind;
        return token;
    }

    private Token Scan()
    {
        _position = SkipWhitespace(_position);
        var start = _position;
        if (start == _input.Length)
        {
            return new Token(TokenKind.Eof, start, 0, null);
        }

        switch (_input[start])
        {
            case '(':
                return Simple(TokenKind.LParen, 1);
            case ')':
                return Simple(TokenKind.RParen, 1);
            case '{':
                return Simple(TokenKind.LBrace, 1);
            case '}':
                return Simple(TokenKind.RBrace, 1);
            case ',':
                return Simple(TokenKind.Comma, 1);
            case '"':
            case '\'':
                return ScanString();
            case '=':
                return FollowedBy('=') ? Simple(TokenKind.Eq, 2) : Simple(TokenKind.Invalid, 1);
            case '!':
                return FollowedBy('=') ? Simple(TokenKind.Ne, 2) : Simple(TokenKind.Not, 1);
            case '&':
                return FollowedBy('&') ? Simple(TokenKind.And, 2) : Simple(TokenKind.Invalid, 1);
            case '|':
                return FollowedBy('|') ? Simple(TokenKind.Or, 2) : Simple(TokenKind.Invalid, 1);
            default:
                return _previous == TokenKind.Label ? ScanOperatorWord() : ScanWord();
        }
    }

    private Token Simple(TokenKind kind, int length)
    {
        var token = new Token(kind, _position, length, null);
        _position += length;
        return token;
    }

    private readonly bool FollowedBy(char c) => _position + 1 < _input.Length && _input[_position + 1] == c;

    private Token ScanString()
    {
        var start = _position;
        var quote = _input[start];
        var end = _input.IndexOf(quote, start + 1);
        if (end < 0)
        {
            throw new SelectorParseException(
                _input,
                _input.Length,
                $"{Describe.Quoted(quote)} to close the string that starts at position {start}",
                Describe.EndOfSelector);
        }

        _position = end + 1;
        return new Token(TokenKind.StringLiteral, start, end + 1 - start, _input.Substring(start + 1, end - start - 1));
    }

    private Token ScanOperatorWord()
    {
        var start = _position;
        if (TryWords(out var length, "contains"))
        {
            return Simple(TokenKind.Contains, length);
        }

        if (TryWords(out length, "starts", "with"))
        {
            return Simple(TokenKind.StartsWith, length);
        }

        if (TryWords(out length, "ends", "with"))
        {
            return Simple(TokenKind.EndsWith, length);
        }

        if (TryWords(out length, "not", "in"))
        {
            return Simple(TokenKind.NotIn, length);
        }

        if (TryWords(out length, "in"))
        {
            return Simple(TokenKind.In, length);
        }

        // Not an operator: report the whole word (or the single character) as invalid.
        var end = ScanLabelChars(start);
        return Simple(TokenKind.Invalid, end > start ? end - start : CharLength(start));
    }

    /// <summary>
    /// Matches <paramref name="words"/> at the current position, allowing any amount of whitespace
    /// (including none) between the words and requiring a word boundary after the last one.
    /// </summary>
    private readonly bool TryWords(out int length, params ReadOnlySpan<string> words)
    {
        var position = _position;
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                position = SkipWhitespace(position);
            }

            if (!_input.AsSpan(position).StartsWith(words[i], StringComparison.Ordinal))
            {
                length = 0;
                return false;
            }

            position += words[i].Length;
        }

        length = position - _position;
        return position == _input.Length || !IsLabelChar(_input[position]);
    }

    private Token ScanWord()
    {
        var rest = _input.AsSpan(_position);
        if (rest.StartsWith("has(", StringComparison.Ordinal))
        {
            return Simple(TokenKind.HasOpen, 4);
        }

        if (rest.StartsWith("all(", StringComparison.Ordinal))
        {
            return Simple(TokenKind.AllOpen, 4);
        }

        if (rest.StartsWith("global(", StringComparison.Ordinal))
        {
            return Simple(TokenKind.GlobalOpen, 7);
        }

        var start = _position;
        var end = ScanLabelChars(start);
        if (end == start)
        {
            return Simple(TokenKind.Invalid, CharLength(start));
        }

        var length = end - start;
        if (length > MaxLabelLength)
        {
            throw new SelectorParseException(
                _input,
                start,
                $"a label of at most {MaxLabelLength} characters",
                $"a label of {length} characters");
        }

        _position = end;
        return new Token(TokenKind.Label, start, length, _input.Substring(start, length));
    }

    private readonly int ScanLabelChars(int position)
    {
        while (position < _input.Length && IsLabelChar(_input[position]))
        {
            position++;
        }

        return position;
    }

    private readonly int SkipWhitespace(int position)
    {
        while (position < _input.Length && _input[position] is ' ' or '\t')
        {
            position++;
        }

        return position;
    }

    private readonly int CharLength(int position) =>
        char.IsHighSurrogate(_input[position]) && position + 1 < _input.Length && char.IsLowSurrogate(_input[position + 1]) ? 2 : 1;
}
