using System.Text;

namespace Calico.Nftables;

/// <summary>
/// A transaction being written: nft commands, one per line, each remembering which model object it came from, so
/// an error nft reports for line N can name the rule or set at fault.
/// </summary>
internal sealed class NftScript(TableName table)
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _origins = [];

    /// <summary><c>inet calico</c>: how commands name the table.</summary>
    public string Table { get; } = "inet " + table.Value;

    public int LineCount => _origins.Count;

    public bool IsEmpty => _origins.Count == 0;

    public string Text => _text.ToString();

    public void Add(string command, string origin)
    {
        _text.Append(command).Append('\n');
        _origins.Add(origin);
    }

    /// <summary><c>VERB element inet calico NAME { a, b, c }</c> on one line.</summary>
    public void AddElements(string verb, SetName set, IEnumerable<string> elements, string origin)
    {
        _text.Append(verb).Append(" element ").Append(Table).Append(' ').Append(set.Value).Append(" { ");
        var first = true;
        foreach (var element in elements)
        {
            if (!first)
            {
                _text.Append(", ");
            }

            _text.Append(element);
            first = false;
        }

        _text.Append(" }\n");
        _origins.Add(origin);
    }

    /// <summary>What line <paramref name="line"/> (1-based) was written for.</summary>
    public string? OriginOf(int? line) => line is >= 1 && line <= _origins.Count ? _origins[line.Value - 1] : null;

    public override string ToString() => Text;
}
