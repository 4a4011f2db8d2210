namespace Calico.Selectors.Ast;

/// <summary>
/// Orders strings by Unicode code point, which is the order Go's <c>&lt;</c> gives UTF-8 strings.
/// Plain ordinal comparison of UTF-16 differs only when a surrogate (U+D800–U+DFFF) meets a
/// character in U+E000–U+FFFF, so those are shifted before comparing.
/// Calico sorts set values this way, and the canonical form (and so the unique ID) depends on it.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    private CodePointComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            int a = x[i], b = y[i];
            if (a != b)
            {
                return Fixup(a) - Fixup(b);
            }
        }

        return x.Length - y.Length;
    }

    // Surrogates move above U+FFFF's neighbours; U+E000–U+FFFF move down to fill the gap.
    private static int Fixup(int c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;
}
