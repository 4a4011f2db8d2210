namespace Calico.Netlink.Protocol;

/// <summary>Turns one reply message into a value; returns false to skip it (filtered out or of another type).</summary>
internal delegate bool MessageParser<T>(in NetlinkMessage message, out T value);
