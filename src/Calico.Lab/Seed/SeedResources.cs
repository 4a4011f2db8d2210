namespace Calico.Lab.Seed;

/// <summary>
/// The seed's two examples, verbatim: <c>ippool.yaml</c> and <c>calico-network-policy.yaml</c> from the project's seed
/// (../shared/seed/), embedded in calico-lab (Seed/*.yaml) so the demo applies exactly what the seed says.
/// </summary>
internal static class SeedResources
{
    public const string IpPoolFile = "ippool.yaml";

    public const string NetworkPolicyFile = "calico-network-policy.yaml";

    /// <summary>The seed's IPPool: default-ipv4-ippool, 192.168.0.0/16, vxlanMode Always, natOutgoing.</summary>
    public static string IpPoolYaml => Read(IpPoolFile);

    /// <summary>The seed's NetworkPolicy app/allow-frontend-to-api: only app == "frontend" may reach app == "web-api", on TCP 8080.</summary>
    public static string NetworkPolicyYaml => Read(NetworkPolicyFile);

    private static string Read(string file)
    {
        using var stream = typeof(SeedResources).Assembly.GetManifestResourceStream($"Calico.Lab.Seed.{file}")
            ?? throw new InvalidOperationException($"calico-lab was built without its embedded Seed/{file}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
