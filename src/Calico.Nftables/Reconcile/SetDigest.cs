namespace Calico.Nftables;

/// <summary>
/// An order-independent fingerprint of a set's or map's contents: the element count and the wrapping sum of a 64-bit
/// hash of each element (its text and, for a map, its verdict). A background resync compares a listed set with what
/// was programmed when the listing started through this, so it keeps the listed elements only of a set that differs
/// (drift, rare) instead of a second copy of every set. Two different contents share a digest with probability about
/// 2^-64; the next resync would catch such a miss.
/// </summary>
internal readonly record struct SetDigest(int Count, ulong Sum)
{
    public static SetDigest Empty { get; } = new(0, 0);

    public static SetDigest Of(IEnumerable<KeyValuePair<SetElement, Verdict?>> contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var count = 0;
        ulong sum = 0;
        foreach (var (element, verdict) in contents)
        {
            count++;
            sum += Hash(element, verdict);
        }

        return new SetDigest(count, sum);
    }

    private static ulong Hash(SetElement element, Verdict? verdict)
    {
        // A packed IPv4 element by its bits (no text is built), any other by FNV-1a over its text's UTF-16 code units;
        // then a finaliser (splitmix64) so that summing spreads well.
        var hash = element.TryGetPacked(out var packed)
            ? packed * 0x9e3779b97f4a7c15UL
            : Fnv(14695981039346656037UL, element.Text);
        if (verdict is { } v)
        {
            hash = Fnv(hash ^ 0xff, v.ToString());
        }

        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }

    private static ulong Fnv(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
