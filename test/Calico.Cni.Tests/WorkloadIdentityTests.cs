using Calico.Cni.Workloads;

namespace Calico.Cni.Tests;

public class WorkloadIdentityTests
{
    // Expected names computed independently: "cali" + hashlib.sha1(b"<ns>.<pod>").hexdigest()[:11].
    [Theory]
    [InlineData("default", "nginx", "calic440f455693")]
    [InlineData("app", "web-api", "cali177ecc9c0a9")]
    [InlineData("x", "a", "cali456b416f2bf")]
    public void HostVethName_Kubernetes_IsCaliPlusSha1(string ns, string pod, string expected) =>
        Assert.Equal(expected, WorkloadIdentity.From("node1", ns, pod, "cid", "eth0", "k8s-pod-network").HostVethName());

    [Fact]
    public void HostVethName_NoPodName_DerivesFromContainerId()
    {
        var identity = WorkloadIdentity.From("node1", null, null, "0123456789abcdef", "eth0", "net");

        Assert.Equal("calife5567e8d76", identity.HostVethName());
        Assert.Equal("cni", identity.Orchestrator);
    }

    [Fact]
    public void From_PodNameWithoutNamespace_IsACniWorkload()
    {
        var identity = WorkloadIdentity.From("node1", null, "my-container", "abc123", "eth0", "net");

        Assert.Equal("cni", identity.Orchestrator);
        Assert.Equal("abc123", identity.Pod);
    }

    [Fact]
    public void WorkloadEndpointName_DoublesDashesInsideParts() =>
        Assert.Equal("my--node-k8s-web--api-eth0", WorkloadIdentity.From("my-node", "app", "web-api", "c", "eth0", "k8s-pod-network").WorkloadEndpointName);

    [Fact]
    public void HandleId_IsNetworkNameDotContainerId() =>
        Assert.Equal("k8s-pod-network.abc", WorkloadIdentity.From("n", "a", "p", "abc", "eth0", "k8s-pod-network").HandleId);

    [Fact]
    public void NodeNameResolver_PrefersConfigThenFileThenHostname()
    {
        Assert.Equal("cfg", NodeNameResolver.Resolve("cfg", null, _ => "file", () => "HOST"));
        Assert.Equal("file", NodeNameResolver.Resolve(null, null, _ => "file\n", () => "HOST"));
        Assert.Equal("host", NodeNameResolver.Resolve(null, null, _ => null, () => "HOST"));
    }
}
