namespace Calico.Policy.Effective;

/// <summary>An ICMP (or ICMPv6) type, and optionally a code, that a rule matches or excludes.</summary>
public sealed record IcmpMatch(int Type, int? Code)
{
    /// <inheritdoc />
    public override string ToString() => Code is { } code ? $"type {Type} code {code}" : $"type {Type}";
}
