using Calico.Datastore;

namespace Calico.Typha.Protocol;

/// <summary>
/// One KV entry of a KvBatch: op (1 set, 2 delete), kind, optional namespace, name, revision, and for a set the stored
/// text exactly as the datastore holds it (Typha never decodes resources).
/// </summary>
internal static class KvEncoding
{
    private const byte Set = 1;
    private const byte Delete = 2;

    public static byte[] Encode(ResourceKey key, long revision, string? value)
    {
        var size = 1 + WireWriter.StringSize(key.Kind) + WireWriter.OptionalStringSize(key.Namespace) + WireWriter.StringSize(key.Name)
            + WireWriter.VarintSize((ulong)revision) + (value is null ? 0 : WireWriter.StringSize(value));
        var bytes = new byte[size];
        var writer = new WireWriter(bytes);
        writer.Byte(value is null ? Delete : Set);
        writer.String(key.Kind);
        writer.OptionalString(key.Namespace);
        writer.String(key.Name);
        writer.Varint((ulong)revision);
        if (value is not null)
        {
            writer.String(value);
        }

        return bytes;
    }

    public static TyphaKv Decode(ref WireReader reader)
    {
        var op = reader.Byte();
        if (op is not (Set or Delete))
        {
            throw new ProtocolException($"KV op {op} is not 1 (set) or 2 (delete)");
        }

        var kind = reader.String();
        var ns = reader.OptionalString();
        var name = reader.String();
        var revision = reader.NonNegative();
        var value = op == Set ? reader.String() : null;
        return new TyphaKv(new ResourceKey(kind, ns, name), revision, value);
    }
}
