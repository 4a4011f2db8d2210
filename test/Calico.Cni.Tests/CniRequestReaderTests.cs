using Calico.Cni.Protocol;

namespace Calico.Cni.Tests;

public class CniRequestReaderTests
{
    private const string Conf = """{"cniVersion":"1.0.0","name":"k8s-pod-network","type":"calico","mtu":1450,"nodename":"node1","ipam":{"type":"calico-ipam","assign_ipv6":"true"},"somethingElse":{"x":1}}""";

    private static Dictionary<string, string?> Env(string command = "ADD", string? netns = "/var/run/netns/p1") => new()
    {
        ["CNI_COMMAND"] = command,
        ["CNI_CONTAINERID"] = "c1",
        ["CNI_NETNS"] = netns,
        ["CNI_IFNAME"] = "eth0",
        ["CNI_PATH"] = "/opt/cni/bin:/usr/lib/cni",
        ["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAMESPACE=app;K8S_POD_NAME=web",
    };

    [Fact]
    public void Read_ValidAdd_ParsesEnvironmentAndConfig()
    {
        var request = CniRequestReader.Read(Env(), Conf);

        Assert.Equal(CniCommand.Add, request.Command);
        Assert.Equal("c1", request.ContainerId);
        Assert.Equal(["/opt/cni/bin", "/usr/lib/cni"], request.PluginPaths);
        Assert.Equal("app", request.KubernetesNamespace);
        Assert.Equal("web", request.KubernetesPodName);
        Assert.Equal(1450, request.Config.Mtu);
        Assert.Equal("true", request.Config.Ipam!.AssignIpv6);
        Assert.Equal(Conf, request.RawConfig);
    }

    [Theory]
    [InlineData("{not json", CniErrorCode.DecodeFailure, "not valid JSON")]
    [InlineData("""{"cniVersion":"0.2.0","name":"n","type":"calico"}""", CniErrorCode.IncompatibleVersion, "\"0.2.0\" is not supported")]
    [InlineData("""{"name":"n","type":"calico"}""", CniErrorCode.InvalidNetworkConfig, "no cniVersion")]
    [InlineData("""{"cniVersion":"1.0.0","mtu":"big"}""", CniErrorCode.DecodeFailure, "$.mtu")]
    public void Read_BadConfig_GivesCodeAndMessage(string stdin, CniErrorCode code, string message)
    {
        var error = Assert.Throws<CniException>(() => CniRequestReader.Read(Env(), stdin));

        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AddWithoutNetns_IsInvalidEnvironment()
    {
        var error = Assert.Throws<CniException>(() => CniRequestReader.Read(Env(netns: null), Conf));

        Assert.Equal(CniErrorCode.InvalidEnvironment, error.Code);
        Assert.Contains("CNI_NETNS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DelWithoutNetns_IsAccepted()
    {
        var request = CniRequestReader.Read(Env("DEL", netns: ""), Conf);

        Assert.Equal(CniCommand.Del, request.Command);
        Assert.Empty(request.NetNs);
    }

    [Fact]
    public void Read_UnknownCommand_IsInvalidEnvironment() =>
        Assert.Equal(CniErrorCode.InvalidEnvironment, Assert.Throws<CniException>(() => CniRequestReader.Read(Env("FROB"), Conf)).Code);

    [Fact]
    public void Read_BadArgs_IsInvalidEnvironment()
    {
        var env = Env();
        env["CNI_ARGS"] = "K8S_POD_NAME";
        Assert.Equal(CniErrorCode.InvalidEnvironment, Assert.Throws<CniException>(() => CniRequestReader.Read(env, Conf)).Code);
    }
}
