namespace Calico.Ctl.Tests;

public sealed class CommandTests : IDisposable
{
    private const string Policies = """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: a
          namespace: app
          labels: {team: web}
        spec:
          order: 100
          selector: app == 'web'
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: b
          namespace: other
          labels: {team: db}
        spec:
          selector: app == 'db'
        """;

    private readonly CtlHarness _ctl = new();

    public void Dispose() => _ctl.Dispose();

    private static string[][] Rows(CtlResult result) =>
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    [Fact]
    public async Task Get_AllNamespaces_AddsNamespaceColumnAndListsEvery()
    {
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("p.yaml", Policies))).ShouldSucceed();

        var rows = Rows((await _ctl.RunAsync("get", "networkpolicies", "-A")).ShouldSucceed());

        Assert.Equal(["NAMESPACE", "NAME", "TIER"], rows[0]);
        Assert.Equal(["app", "a", "default"], rows[1]);
        Assert.Equal(["other", "b", "default"], rows[2]);
    }

    [Fact]
    public async Task Get_WithoutNamespace_ShowsDefaultNamespaceOnly()
    {
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("p.yaml", Policies))).ShouldSucceed();

        Assert.Single(Rows((await _ctl.RunAsync("get", "np")).ShouldSucceed()));
        Assert.Equal(2, Rows((await _ctl.RunAsync("get", "pol", "-n", "app", "-o", "wide")).ShouldSucceed()).Length);
    }

    [Fact]
    public async Task Get_Selector_FiltersByLabels()
    {
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("p.yaml", Policies))).ShouldSucceed();

        var rows = Rows((await _ctl.RunAsync("get", "networkpolicy", "-A", "-l", "team == 'db'")).ShouldSucceed());
        var bad = await _ctl.RunAsync("get", "networkpolicy", "-A", "--selector", "team=db");

        Assert.Equal(2, rows.Length);
        Assert.Equal("b", rows[1][1]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--selector", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_CustomColumns_PrintsThoseColumns()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();

        var rows = Rows((await _ctl.RunAsync("get", "ippool", "-o", "custom-columns=NAME,VXLANMODE,BLOCKSIZE")).ShouldSucceed());
        var unknown = await _ctl.RunAsync("get", "ippool", "-o", "custom-columns=NOPE");

        Assert.Equal(["NAME", "VXLANMODE", "BLOCKSIZE"], rows[0]);
        Assert.Equal(["default-ipv4-ippool", "Always", "26"], rows[1]);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("available:", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WorkloadEndpoints_PsAndWideColumns()
    {
        const string wep = """
            apiVersion: projectcalico.org/v3
            kind: WorkloadEndpoint
            metadata: {name: node1-k8s-web-eth0, namespace: app}
            spec: {node: node1, pod: web, endpoint: eth0, orchestrator: k8s, ipNetworks: [192.168.0.5/32], interfaceName: cali0123456789a, profiles: [kns.app, ksa.app.default]}
            """;
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("w.yaml", wep))).ShouldSucceed();

        var ps = Rows((await _ctl.RunAsync("get", "workloadendpoints", "-A")).ShouldSucceed());
        var wide = Rows((await _ctl.RunAsync("get", "wep", "-n", "app", "-o", "wide")).ShouldSucceed());

        Assert.Equal(["NAMESPACE", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE"], ps[0]);
        Assert.Equal(["app", "web", "node1", "192.168.0.5/32", "cali0123456789a"], ps[1]);
        Assert.Equal(["NAMESPACE", "NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"], wide[0]);
        Assert.Equal("kns.app,ksa.app.default", wide[1][6]);
    }

    [Fact]
    public async Task Get_KubernetesPolicy_ShowsConvertedAndIsReadOnly()
    {
        const string knp = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: app}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}";
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("k.yaml", knp))).ShouldSucceed();

        var rows = Rows((await _ctl.RunAsync("get", "networkpolicy", "-n", "app", "-o", "wide")).ShouldSucceed());
        var delete = await _ctl.RunAsync("delete", "networkpolicy", "knp.default.deny-all", "-n", "app");

        Assert.Equal(["app", "knp.default.deny-all", "default", "1000", "projectcalico.org/orchestrator", "==", "'k8s'"], rows[1]);
        Assert.NotEqual(0, delete.ExitCode);
        Assert.Contains("read-only", delete.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Profiles_FromNamespacesAndServiceAccounts()
    {
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("n.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: app, labels: {team: a}}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: builder, namespace: app}"))).ShouldSucceed();

        var rows = Rows((await _ctl.RunAsync("get", "profiles", "-o", "wide")).ShouldSucceed());

        Assert.Equal("kns.app", rows[1][0]);
        Assert.Contains("pcns.team=a", rows[1][1], StringComparison.Ordinal);
        Assert.Equal("ksa.app.builder", rows[2][0]);
    }

    [Fact]
    public async Task Label_AddOverwriteRemove()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();

        (await _ctl.RunAsync("label", "ippool", "default-ipv4-ippool", "zone=a")).ShouldSucceed();
        var clash = await _ctl.RunAsync("label", "ippool", "default-ipv4-ippool", "zone=b");
        (await _ctl.RunAsync("label", "ippool", "default-ipv4-ippool", "zone=b", "--overwrite")).ShouldSucceed();
        var labelled = (await _ctl.RunAsync("get", "ippool", "-l", "zone == 'b'")).ShouldSucceed();
        (await _ctl.RunAsync("label", "ippool", "default-ipv4-ippool", "zone", "--remove")).ShouldSucceed();

        Assert.NotEqual(0, clash.ExitCode);
        Assert.Contains("--overwrite", clash.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Rows(labelled).Length);
        Assert.Single(Rows((await _ctl.RunAsync("get", "ippool", "-l", "has(zone)")).ShouldSucceed()));
    }

    [Fact]
    public async Task Patch_MergeAndJson()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();

        (await _ctl.RunAsync("patch", "ippool", "default-ipv4-ippool", "-p", "{\"spec\":{\"disabled\":true}}")).ShouldSucceed();
        (await _ctl.RunAsync("patch", "ippool", "default-ipv4-ippool", "--type", "json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/natOutgoing\",\"value\":false}]")).ShouldSucceed();
        var invalid = await _ctl.RunAsync("patch", "ippool", "default-ipv4-ippool", "-p", "{\"spec\":{\"blockSize\":40}}");
        var row = Rows((await _ctl.RunAsync("get", "ippool", "-o", "wide")).ShouldSucceed())[1];

        Assert.Equal("false", row[2]);
        Assert.Equal("true", row[5]);
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("spec.blockSize", invalid.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_Missing_FailsAndExisting_Succeeds()
    {
        var missing = await _ctl.RunAsync("replace", "-f", SeedPaths.IPPool);
        (await _ctl.RunAsync("create", "-f", SeedPaths.IPPool)).ShouldSucceed();
        var replaced = (await _ctl.RunAsync("replace", "-f", SeedPaths.IPPool)).ShouldSucceed();

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("Successfully replaced 1 'IPPool' resource(s)", replaced.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ByFileAndByName()
    {
        var file = _ctl.WriteFile("p.yaml", Policies);
        (await _ctl.RunAsync("apply", "-f", file)).ShouldSucceed();
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();

        var byFile = (await _ctl.RunAsync("delete", "-f", file)).ShouldSucceed();
        var byName = (await _ctl.RunAsync("delete", "ipp", "default-ipv4-ippool")).ShouldSucceed();

        Assert.Contains("Successfully deleted 2 'NetworkPolicy' resource(s)", byFile.Stdout, StringComparison.Ordinal);
        Assert.Contains("Successfully deleted 1 'IPPool' resource(s)", byName.Stdout, StringComparison.Ordinal);
        Assert.Single(Rows(await _ctl.RunAsync("get", "np", "-A")));
    }

    [Fact]
    public async Task Apply_Stdin_Works()
    {
        var result = (await _ctl.RunWithInputAsync(await File.ReadAllTextAsync(SeedPaths.IPPool), "apply", "-f", "-")).ShouldSucceed();
        Assert.Contains("Successfully applied 1 'IPPool'", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Directory_ReadsEveryYamlFile()
    {
        var dir = Path.Combine(_ctl.Directory, "manifests");
        Directory.CreateDirectory(dir);
        File.Copy(SeedPaths.IPPool, Path.Combine(dir, "1-pool.yaml"));
        File.Copy(SeedPaths.Policy, Path.Combine(dir, "2-policy.yml"));

        var result = (await _ctl.RunAsync("apply", "-f", dir)).ShouldSucceed();

        Assert.Contains("Successfully applied 2 resource(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ChecksWithoutWriting()
    {
        var ok = (await _ctl.RunAsync("validate", "-f", SeedPaths.Policy)).ShouldSucceed();
        var bad = await _ctl.RunAsync("validate", "-f", _ctl.WriteFile("b.yaml", "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16, blockSize: 33}"));

        Assert.Contains("Successfully validated 1 'NetworkPolicy' resource(s)", ok.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("spec.blockSize", bad.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_ctl.DatabasePath));
    }

    [Fact]
    public async Task Config_File_PointsAtItsDatabase()
    {
        var other = Path.Combine(_ctl.Directory, "other.db");
        var config = _ctl.WriteFile("calicoctl.cfg", $"apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {{}}\nspec:\n  datastoreType: sqlite\n  sqlitePath: {other}\n");

        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool, "-c", config)).ShouldSucceed();

        Assert.True(File.Exists(other));
        Assert.Equal(2, Rows((await _ctl.RunAsync("get", "ippool", "-c", config)).ShouldSucceed()).Length);
        Assert.Single(Rows((await _ctl.RunAsync("get", "ippool")).ShouldSucceed()));
    }

    [Fact]
    public async Task Config_BadFile_NamesTheProblem()
    {
        var missing = await _ctl.RunAsync("get", "ippool", "-c", Path.Combine(_ctl.Directory, "nope.cfg"));
        var badKind = await _ctl.RunAsync("get", "ippool", "-c", _ctl.WriteFile("bad.cfg", "apiVersion: projectcalico.org/v3\nkind: Other\nspec: {}\n"));
        var badField = await _ctl.RunAsync("get", "ippool", "-c", _ctl.WriteFile("bad2.cfg", "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec: {datastoreTyp: sqlite}\n"));

        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("kind must be CalicoAPIConfig", badKind.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.datastoreTyp: unknown field", badField.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsClientVersion()
    {
        var result = (await _ctl.RunAsync("version", "--client")).ShouldSucceed();
        Assert.StartsWith("Client Version:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKind_And_BadOutput_AreOneLineErrors()
    {
        var kind = await _ctl.RunAsync("get", "ipoolz");
        var output = await _ctl.RunAsync("get", "ippool", "-o", "xml");

        Assert.Contains("unknown resource kind \"ipoolz\"", Assert.Single(kind.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("-o \"xml\"", Assert.Single(output.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ippool")]
    [InlineData("ippools")]
    [InlineData("ipp")]
    [InlineData("pool")]
    [InlineData("IPPool")]
    public async Task Get_KindAliases_AllResolve(string alias)
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();
        Assert.Equal(2, Rows((await _ctl.RunAsync("get", alias)).ShouldSucceed()).Length);
    }
}
