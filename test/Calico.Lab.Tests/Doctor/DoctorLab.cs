using System.Diagnostics;
using System.Text.Json.Nodes;
using Calico.Datastore;
using Calico.Lab.Testing;

namespace Calico.Lab.Tests.Doctor;

/// <summary>A lab and calicoctl doctor pointed at it (CALICO_LAB_NAME, CALICO_LAB_STATE_DIR), with polling for findings.</summary>
public sealed class DoctorLab(LabHarness lab)
{
    public LabHarness Lab => lab;

    private Dictionary<string, string?> Variables => new()
    {
        ["CALICO_LAB_NAME"] = lab.Name,
        ["CALICO_LAB_STATE_DIR"] = lab.StateDirectory,
    };

    /// <summary>calicoctl doctor (text).</summary>
    public Task<(int Exit, string Stdout, string Stderr)> DoctorAsync() => lab.CtlAsync(Variables, "doctor");

    /// <summary>The findings of calicoctl doctor -o json.</summary>
    public async Task<IReadOnlyList<JsonObject>> FindingsAsync()
    {
        var (exit, stdout, stderr) = await lab.CtlAsync(Variables, "doctor", "-o", "json");
        Assert.True(exit is 0 or 1, $"doctor failed ({exit}): {stderr}{stdout}");
        var findings = JsonNode.Parse(stdout)!["findings"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(findings.Count == 0 ? 0 : 1, exit);
        return findings;
    }

    /// <summary>
    /// Polls doctor until a finding's title contains <paramref name="title"/> (and, when given, one of its evidence lines
    /// contains <paramref name="evidence"/>: another test's fault can leave a finding with the same title behind); fails
    /// with the last output after <paramref name="timeout"/>.
    /// </summary>
    public async Task<(string Title, IReadOnlyList<string> Evidence, string Text)> WaitForFindingAsync(string title, TimeSpan timeout, string? evidence = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var findings = await FindingsAsync();
            if (findings.FirstOrDefault(f => f["title"]!.GetValue<string>().Contains(title, StringComparison.Ordinal)
                && (evidence is null || f["evidence"]!.AsArray().Any(e => e!.GetValue<string>().Contains(evidence, StringComparison.Ordinal)))) is { } found)
            {
                var text = (await DoctorAsync()).Stdout;
                return (found["title"]!.GetValue<string>(), found["evidence"]!.AsArray().Select(e => e!.GetValue<string>()).ToList(), text);
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"no finding \"{title}\" after {timeout.TotalSeconds} s; doctor said:\n{(await DoctorAsync()).Stdout}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Polls doctor until no finding's title contains <paramref name="title"/> (after a fault is undone).</summary>
    public async Task WaitUntilGoneAsync(string title, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while ((await FindingsAsync()).Any(f => f["title"]!.GetValue<string>().Contains(title, StringComparison.Ordinal)) && clock.Elapsed < timeout)
        {
            await Task.Delay(500);
        }
    }

    /// <summary>Polls doctor until it is silent and exits 0; returns the last run.</summary>
    public async Task<(int Exit, string Stdout, string Stderr)> WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = await DoctorAsync();
            if ((run.Exit == 0 && run.Stdout.Length == 0) || clock.Elapsed > timeout)
            {
                return run;
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>Opens the lab's datastore directly, to write what calicoctl refuses.</summary>
    public ValueTask<IDatastore> OpenDatastoreAsync() => DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = lab.DatastorePath });
}
