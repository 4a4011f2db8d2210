using Calico.Ctl;

namespace Calico.Ctl.Tests;

/// <summary>Runs calicoctl in-process against a private SQLite file; removes it afterwards.</summary>
public sealed class CtlHarness : IDisposable
{
    public CtlHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"calico-test-ctl-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "calico.db");
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public IReadOnlyDictionary<string, string?> Variables => new Dictionary<string, string?>
    {
        ["DATASTORE_TYPE"] = "sqlite",
        ["SQLITE_PATH"] = DatabasePath,
    };

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<CtlResult> RunAsync(params string[] args) => await RunWithInputAsync(string.Empty, args);

    public async Task<CtlResult> RunWithInputAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CtlEnvironment(new StringReader(stdin), output, error, Variables);
        var exit = await CalicoCtl.RunAsync(args, environment, CancellationToken.None);
        return new CtlResult(exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record CtlResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public CtlResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"calicoctl failed ({ExitCode}): {Stderr}");
        return this;
    }
}
