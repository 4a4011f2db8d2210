using System.Buffers;
using System.Text;

namespace Calico.Nftables;

/// <summary>
/// A transaction being written: nft commands, one per line, each remembering which model object it came from, so
/// an error nft reports for line N can name the rule or set at fault. The text is written as UTF-8 straight into
/// 64 KiB chunks (<see cref="Utf8"/>): start-of-day's 9 M-character script at 100k endpoints is ~9 MB that way, where
/// a <see cref="StringBuilder"/> and the string made from it took ~37 MB, and the <c>nft</c> process reads the chunks
/// as they are. <see cref="Text"/> decodes them (tests, error messages, clients that take a string).
/// </summary>
internal sealed class NftScript(TableName table)
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The most bytes one character (a surrogate pair) takes in UTF-8: a chunk with less room left is closed.</summary>
    private const int MaxCharBytes = 4;

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _filled = [];
    private readonly List<string> _origins = [];
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();

    /// <summary><c>inet calico</c>: how commands name the table.</summary>
    public string Table { get; } = "inet " + table.Value;

    public int LineCount => _origins.Count;

    public bool IsEmpty => _origins.Count == 0;

    /// <summary>Bytes of UTF-8 written so far.</summary>
    public long Length { get; private set; }

    /// <summary>The script as UTF-8, the chunks as written (no copy).</summary>
    public ReadOnlySequence<byte> Utf8
    {
        get
        {
            if (_chunks.Count == 0)
            {
                return ReadOnlySequence<byte>.Empty;
            }

            var first = new Utf8ScriptSegment(Chunk(0), null);
            var last = first;
            for (var i = 1; i < _chunks.Count; i++)
            {
                last = new Utf8ScriptSegment(Chunk(i), last);
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }

    public string Text => Encoding.UTF8.GetString(Utf8);

    public void Add(string command, string origin)
    {
        Write(command);
        Write("\n");
        _origins.Add(origin);
    }

    /// <summary><c>VERB element inet calico NAME { a, b, c }</c> on one line.</summary>
    public void AddElements(string verb, SetName set, IEnumerable<string> elements, string origin)
    {
        Write(verb);
        Write(" element ");
        Write(Table);
        Write(" ");
        Write(set.Value);
        Write(" { ");
        var first = true;
        foreach (var element in elements)
        {
            if (!first)
            {
                Write(", ");
            }

            Write(element);
            first = false;
        }

        Write(" }\n");
        _origins.Add(origin);
    }

    /// <summary>What line <paramref name="line"/> (1-based) was written for.</summary>
    public string? OriginOf(int? line) => line is >= 1 && line <= _origins.Count ? _origins[line.Value - 1] : null;

    public override string ToString() => Text;

    private ReadOnlyMemory<byte> Chunk(int index) => _chunks[index].AsMemory(0, _filled[index]);

    private void Write(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (_chunks.Count == 0 || ChunkBytes - _filled[^1] < MaxCharBytes)
            {
                _chunks.Add(new byte[ChunkBytes]);
                _filled.Add(0);
            }

            // A surrogate pair cut between two writes is carried by the encoder (flush: false); invalid text becomes
            // U+FFFD, as Encoding.UTF8 does.
            _encoder.Convert(text, _chunks[^1].AsSpan(_filled[^1]), flush: false, out var charsUsed, out var bytesUsed, out _);
            _filled[^1] += bytesUsed;
            Length += bytesUsed;
            text = text[charsUsed..];
        }
    }
}
