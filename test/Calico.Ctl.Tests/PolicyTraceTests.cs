namespace Calico.Ctl.Tests;

/// <summary>calicoctl policy trace over the seed's policy: the verdict and the rule that decided, per direction.</summary>
public sealed class PolicyTraceTests : IDisposable
{
    private readonly CtlHarness _ctl = new();

    public void Dispose() => _ctl.Dispose();

    private async Task SetUpAsync()
    {
        var endpoints = string.Join("\n---\n", new[] { ("frontend", "192.168.0.1"), ("web-api", "192.168.0.2"), ("other", "192.168.0.3") }.Select(p => $"""
            apiVersion: projectcalico.org/v3
            kind: WorkloadEndpoint
            metadata: {"{"}name: node1-k8s-{p.Item1.Replace("-", "--", StringComparison.Ordinal)}-eth0, namespace: app, labels: {"{"}app: {p.Item1}{"}"}{"}"}
            spec: {"{"}node: node1, pod: {p.Item1}, endpoint: eth0, orchestrator: k8s, ipNetworks: [{p.Item2}/32], profiles: [kns.app], interfaceName: cali{p.Item2.Replace(".", "", StringComparison.Ordinal)}{"}"}
            """));
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("weps.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n---\n" + endpoints))).ShouldSucceed();
        (await _ctl.RunAsync("apply", "-f", SeedPaths.Policy)).ShouldSucceed();
    }

    [Fact]
    public async Task Trace_FrontendToApi8080_AllowedByTheSeedPolicy()
    {
        await SetUpAsync();

        var result = (await _ctl.RunAsync("policy", "trace", "--from", "app/frontend", "--to", "app/web-api", "--port", "8080")).ShouldSucceed();

        Assert.StartsWith("ALLOW TCP app/frontend", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("policy app/allow-frontend-to-api (no order): rule 0 Allow", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("egress of app/frontend: allow (no policy applied: profile kns.app rule 0 Allow)", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app/other", "8080")]
    [InlineData("app/frontend", "9090")]
    public async Task Trace_OtherSourceOrPort_DeniedByEndOfTier(string from, string port)
    {
        await SetUpAsync();

        var result = (await _ctl.RunAsync("policy", "trace", "--from", from, "--to", "app/web-api", "--port", port)).ShouldSucceed();

        Assert.StartsWith("DENY", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("end of tier default: default Deny", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_ByAddress_ResolvesTheEndpoint()
    {
        await SetUpAsync();

        var result = (await _ctl.RunAsync("policy", "trace", "--from", "192.168.0.1", "--to", "192.168.0.2", "--port", "8080")).ShouldSucceed();

        Assert.StartsWith("ALLOW", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_UnknownPod_SaysHowToList()
    {
        await SetUpAsync();

        var result = await _ctl.RunAsync("policy", "trace", "--from", "app/nope", "--to", "app/web-api", "--port", "80");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("calicoctl get wep -n app", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
