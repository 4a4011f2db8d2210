using System.Buffers;

namespace Calico.Nftables;

/// <summary>One chunk of a script's UTF-8 text, linked to the next (how <see cref="NftScript.Utf8"/> is handed over without one contiguous copy).</summary>
internal sealed class Utf8ScriptSegment : ReadOnlySequenceSegment<byte>
{
    public Utf8ScriptSegment(ReadOnlyMemory<byte> memory, Utf8ScriptSegment? previous)
    {
        Memory = memory;
        if (previous is not null)
        {
            RunningIndex = previous.RunningIndex + previous.Memory.Length;
            previous.Next = this;
        }
    }
}
