namespace Calico.Typha.Protocol;

/// <summary>The first byte of every frame's body (docs/typha.md, "Wire protocol").</summary>
public enum MessageType : byte
{
    ClientHello = 1,
    ServerHello = 2,
    KvBatch = 3,
    SyncStatus = 4,
    Ping = 5,
    Pong = 6,
    Goodbye = 7,
    CompressedFrames = 8,
}
