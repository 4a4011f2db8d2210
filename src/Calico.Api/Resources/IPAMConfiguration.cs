namespace Calico.Api.Resources;

public sealed class IPAMConfiguration : Resource
{
    public IPAMConfigurationSpec Spec { get; set; } = new();
}

public sealed class IPAMConfigurationSpec
{
    public bool? StrictAffinity { get; set; }

    public int? MaxBlocksPerHost { get; set; }

    public bool? AutoAllocateBlocks { get; set; }
}
