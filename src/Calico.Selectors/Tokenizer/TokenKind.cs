namespace Calico.Selectors.Tokenizer;

/// <summary>The kinds of token in the selector language.</summary>
internal enum TokenKind
{
    /// <summary>No token yet (the state before the first token).</summary>
    None,

    /// <summary>A label name such as <c>app</c> or <c>projectcalico.org/namespace</c>.</summary>
    Label,

    /// <summary>A quoted string; the token's value is the text between the quotes.</summary>
    StringLiteral,

    /// <summary><c>{</c></summary>
    LBrace,

    /// <summary><c>}</c></summary>
    RBrace,

    /// <summary><c>,</c></summary>
    Comma,

    /// <summary><c>==</c></summary>
    Eq,

    /// <summary><c>!=</c></summary>
    Ne,

    /// <summary><c>in</c></summary>
    In,

    /// <summary><c>not in</c> or <c>notin</c></summary>
    NotIn,

    /// <summary><c>contains</c></summary>
    Contains,

    /// <summary><c>starts with</c> or <c>startswith</c></summary>
    StartsWith,

    /// <summary><c>ends with</c> or <c>endswith</c></summary>
    EndsWith,

    /// <summary><c>!</c> (not followed by <c>=</c>)</summary>
    Not,

    /// <summary><c>has(</c>; the label and <c>)</c> follow as separate tokens.</summary>
    HasOpen,

    /// <summary><c>all(</c>; <c>)</c> follows as a separate token.</summary>
    AllOpen,

    /// <summary><c>global(</c>; <c>)</c> follows as a separate token.</summary>
    GlobalOpen,

    /// <summary><c>(</c></summary>
    LParen,

    /// <summary><c>)</c></summary>
    RParen,

    /// <summary><c>&amp;&amp;</c></summary>
    And,

    /// <summary><c>||</c></summary>
    Or,

    /// <summary>Text that is not a token here (a stray character, or a word where an operator was due).
    /// The parser reports it against whatever it expected at that point.</summary>
    Invalid,

    /// <summary>The end of the input.</summary>
    Eof,
}
