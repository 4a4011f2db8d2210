using System.Net.Sockets;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;
using Calico.Selectors;

namespace Calico.Ipam.Pools;

/// <summary>An IPPool with Calico's defaults applied (blockSize 26/122, nodeSelector all(), allowedUses Workload+Tunnel).</summary>
internal sealed record PoolInfo
{
    public required string Name { get; init; }

    public required Cidr Cidr { get; init; }

    public required int BlockSize { get; init; }

    public bool Disabled { get; init; }

    public required string NodeSelectorText { get; init; }

    public Selector? NodeSelector { get; init; }

    public required IReadOnlyList<IPPoolAllowedUse> AllowedUses { get; init; }

    public AssignmentMode AssignmentMode { get; init; } = AssignmentMode.Automatic;

    /// <summary>Why the pool cannot be used at all (bad CIDR, block size or selector), or null.</summary>
    public string? Problem { get; init; }

    public AddressFamily Family => Cidr.Family;

    public string Describe() => $"pool \"{Name}\" ({Cidr})";

    /// <summary>Reads a pool; null when its CIDR cannot be parsed at all.</summary>
    public static PoolInfo? From(IPPool pool)
    {
        var spec = pool.Spec;
        if (!Cidr.TryParseLenient(spec.Cidr, out var cidr))
        {
            return null;
        }

        var isV4 = cidr.IsIPv4;
        var blockSize = spec.BlockSize ?? (isV4 ? 26 : 122);
        var (min, max) = isV4 ? (20, 32) : (116, 128);
        string? problem = null;
        if (blockSize < min || blockSize > max)
        {
            problem = $"blockSize {blockSize} is out of range ({min} to {max})";
        }
        else if (cidr.PrefixLength > blockSize)
        {
            problem = $"the pool is smaller than one /{blockSize} block";
        }

        var selectorText = string.IsNullOrWhiteSpace(spec.NodeSelector) ? "all()" : spec.NodeSelector;
        Selector? selector = null;
        if (!Selector.TryParse(selectorText, out selector, out var error))
        {
            problem ??= $"nodeSelector \"{selectorText}\" is invalid: {error.Message}";
        }

        return new PoolInfo
        {
            Name = pool.Name,
            Cidr = cidr,
            BlockSize = blockSize,
            Disabled = spec.Disabled == true,
            NodeSelectorText = selectorText,
            NodeSelector = selector,
            AllowedUses = spec.AllowedUses is { Count: > 0 } uses ? uses : [IPPoolAllowedUse.Workload, IPPoolAllowedUse.Tunnel],
            AssignmentMode = spec.AssignmentMode ?? AssignmentMode.Automatic,
            Problem = problem,
        };
    }
}
