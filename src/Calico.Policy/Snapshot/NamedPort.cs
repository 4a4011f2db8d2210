namespace Calico.Policy.Snapshot;

/// <summary>A named port on an endpoint: <c>http</c> is TCP port 8080. Rules refer to it by name.</summary>
public sealed record NamedPort(string Name, int ProtocolNumber, int Port)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}={Evaluation.ProtocolNames.Of(ProtocolNumber)}:{Port}";
}
