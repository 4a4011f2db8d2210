namespace Calico.Bgp.Rendering;

/// <summary>A rendered bird.cfg and what the renderer had to say about its input.</summary>
/// <param name="Config">The whole BIRD 2 configuration file.</param>
/// <param name="Notes">Why something was left out (no IPv4 address, a peer skipped…); empty when all was rendered.</param>
/// <param name="IPv4Enabled">Whether IPv4 BGP is configured (the node has an IPv4 BGP address).</param>
/// <param name="IPv6Enabled">Whether IPv6 BGP is configured (the node has an IPv6 BGP address).</param>
public sealed record BirdRenderResult(string Config, IReadOnlyList<string> Notes, bool IPv4Enabled, bool IPv6Enabled);
