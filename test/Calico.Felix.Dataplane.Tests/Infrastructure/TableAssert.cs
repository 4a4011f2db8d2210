using Calico.Nftables;

namespace Calico.Felix.Dataplane.Tests.Infrastructure;

/// <summary>Checks on a <see cref="RecordingTable"/> that the kernel would otherwise enforce.</summary>
internal static class TableAssert
{
    /// <summary>Every jump/goto target, every <c>@set</c> and every map verdict's chain exists in the table.</summary>
    public static void ReferencesResolve(RecordingTable table)
    {
        foreach (var chain in table.Chains.Values)
        {
            foreach (var rule in chain.Rules)
            {
                foreach (var target in rule.ChainReferences)
                {
                    Assert.True(table.Chains.ContainsKey(target), $"{chain.Name}: \"{rule.Statement}\" jumps to missing chain {target}");
                }

                foreach (var set in rule.SetReferences)
                {
                    Assert.True(table.Sets.ContainsKey(set) || table.Maps.ContainsKey(set), $"{chain.Name}: \"{rule.Statement}\" looks up missing set {set}");
                }
            }
        }

        foreach (var (name, map) in table.Maps)
        {
            foreach (var (key, verdict) in map.Elements)
            {
                if (verdict.Target is { } target)
                {
                    Assert.True(table.Chains.ContainsKey(target), $"map {name}: {key.Text} jumps to missing chain {target}");
                }
            }
        }
    }
}
