using Calico.Client.Migration;
using Calico.Datastore;

namespace Calico.Client.Tests.Migration;

/// <summary>The export file: what it looks like, that values survive byte for byte, and that bad files are refused whole.</summary>
public sealed class ExportFileTests
{
    [Fact]
    public async Task Write_HeaderThenOneDocumentPerResource()
    {
        var text = await ExportOfAsync(("IPPool", null, "p", """{"kind":"IPPool"}"""), ("NetworkPolicy", "app", "np", "{}"));

        Assert.StartsWith($"---\napiVersion: {ExportFormat.ApiVersion}\nkind: DatastoreExport\nformatVersion: 1\nsourceBackend: memory\nsourceRevision: 3\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("resources: 3\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("---\nkind: \"NetworkPolicy\"\nnamespace: \"app\"\nname: \"np\"\nvalue: \"{}\"\n", text.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("\"quotes\" \\ backslash")]
    [InlineData("line\nbreaks\r\nand\ttabs")]
    [InlineData("unicode é ✓ 🐝 \u2028 \u0085 \uFEFF")]
    [InlineData("  leading and trailing spaces  ")]
    [InlineData("--- ... # : - ? not yaml syntax")]
    public async Task WriteRead_AnyStringValue_ByteForByte(string inner)
    {
        var value = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["s"] = inner, [new string('k', 300)] = new string('v', 5000) });
        var text = await ExportOfAsync(("Odd", null, "x", value));

        var read = ExportFileReader.Read(text, "f");

        Assert.Equal(value, read.Resources.Single(r => r.Key.Kind == "Odd").Value);
    }

    [Fact]
    public void Read_NewerFormatVersion_RefusedBeforeAnythingElse()
    {
        var e = Assert.Throws<MigrationException>(() => ExportFileReader.Read($"apiVersion: {ExportFormat.ApiVersion}\nkind: DatastoreExport\nformatVersion: 2\nwhatever: new\n---\n[1, 2]\n", "new.yaml"));

        Assert.Equal("new.yaml: document 1 (the header): field formatVersion: 2 is not a format this calicoctl reads (it reads 1); use the calicoctl that wrote the file, or a newer one", e.Message);
    }

    [Fact]
    public void Read_NotAnExport_Refused()
    {
        var e = Assert.Throws<MigrationException>(() => ExportFileReader.Read("apiVersion: projectcalico.org/v3\nkind: IPPool\n", "pools.yaml"));

        Assert.Contains("pools.yaml: document 1 (the header): field kind/apiVersion: \"IPPool\"/\"projectcalico.org/v3\" is not DatastoreExport", e.Message);
    }

    [Fact]
    public async Task Read_Truncated_RefusedNamingTheCount()
    {
        var text = await ExportOfAsync(("IPPool", null, "a", "{}"), ("IPPool", null, "b", "{}"));
        var truncated = text[..text.LastIndexOf("---", StringComparison.Ordinal)];

        var e = Assert.Throws<MigrationException>(() => ExportFileReader.Read(truncated, "cut.yaml"));

        Assert.Contains("document 1 (the header): field resources: says 3 but the file holds 2 (truncated or edited?)", e.Message);
    }

    [Fact]
    public async Task Read_ValueEdited_RefusedByChecksum()
    {
        var text = (await ExportOfAsync(("Odd", null, "a", """{"x":1}"""))).Replace("""{\"x\":1}""", """{\"x\":2}""", StringComparison.Ordinal);

        var e = Assert.Throws<MigrationException>(() => ExportFileReader.Read(text, "edited.yaml"));

        Assert.Contains("field sha256: the resources hash to", e.Message);
    }

    [Fact]
    public async Task Read_BadDocuments_EveryProblemNamedByDocumentKindNameField()
    {
        var text = await ExportOfAsync(("IPPool", null, "good", """{"apiVersion":"projectcalico.org/v3","kind":"IPPool","metadata":{"name":"good"},"spec":{"cidr":"10.0.0.0/24"}}"""));
        text += "---\nkind: \"IPPool\"\nname: \"broken\"\nvalue: \"{not json\"\n";
        text += "---\nkind: \"IPPool\"\nname: \"renamed\"\nvalue: \"{\\\"metadata\\\":{\\\"name\\\":\\\"other\\\"}}\"\n";
        text += "---\nkind: \"NetworkPolicy\"\nname: \"no-namespace\"\nvalue: \"{}\"\n";
        text += "---\nkind: \"IPPool\"\nname: \"good\"\nvalue: \"{}\"\n";
        text += "---\nkind: \"IPPool\"\nvalue: \"{}\"\ncolour: blue\n";
        text += "---\nkind: \"IPPool\"\nname: \"typed\"\nvalue: \"{\\\"spec\\\":{\\\"blockSize\\\":\\\"big\\\"}}\"\n";

        var e = Assert.Throws<MigrationException>(() => ExportFileReader.Read(text, "bad.yaml"));

        var lines = e.Message.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("bad.yaml: 7 problem(s), nothing was imported:", lines[0]);
        Assert.StartsWith("document 4 (IPPool \"broken\"): field value: not a JSON object:", lines[1]);
        Assert.Equal("document 5 (IPPool \"renamed\"): field value.metadata.name: \"other\" does not match the document's \"renamed\"", lines[2]);
        Assert.Equal("document 6 (NetworkPolicy \"no-namespace\"): field namespace: NetworkPolicy is namespaced: a namespace is required", lines[3]);
        Assert.Equal("document 7 (IPPool \"good\"): repeats document 3", lines[4]);
        Assert.Equal("document 8: field colour: unknown (known: kind, namespace, name, value)", lines[5]);
        Assert.Equal("document 8: field name: missing", lines[6]);
        Assert.StartsWith("document 9 (IPPool \"typed\"): field value: not a valid IPPool: The JSON value could not be converted", lines[7]);
        Assert.Contains("Path: $.spec.blockSize", lines[7]);
    }

    [Fact]
    public async Task Read_LockNotInFile_Refused()
    {
        await using var store = DatastoreFactory.CreateInMemory();
        await store.CreateAsync(ResourceKey.Cluster("IPPool", "p"), "{}");
        var all = (await ((IWholeStoreListing)store).ListAllAsync()).Items;
        var text = new StringWriter();
        ExportFileWriter.Write(text, new ExportHeader(1, "memory", 1, DateTimeOffset.UnixEpoch, 1, ExportChecksum.Compute(all.Select(r => (r.Key, r.Value)))), all);

        var e = Assert.Throws<MigrationException>(() => ExportFileReader.Read(text.ToString(), "nolock.yaml"));

        Assert.Contains("the file has no ClusterInformation \"default\"", e.Message);
    }

    [Fact]
    public void Read_NotYaml_RefusedWithLine()
    {
        var e = Assert.Throws<MigrationException>(() => ExportFileReader.Read("a: [unclosed\n", "x.yaml"));

        Assert.StartsWith("x.yaml: not valid YAML at line", e.Message);
    }

    private static async Task<string> ExportOfAsync(params (string Kind, string? Ns, string Name, string Value)[] resources)
    {
        await using var store = DatastoreFactory.CreateInMemory();
        foreach (var (kind, ns, name, value) in resources)
        {
            await store.CreateAsync(new ResourceKey(kind, ns, name), value);
        }

        await new DatastoreLock(store).LockAsync("v-test");
        return await MigrationRoundTrip.ExportAsync(store);
    }
}
