using Calico.Felix.ClusterGenerator;

// Synthetic clusters for the Felix benchmark (benchmarks/felix/felix_bench.py, README there):
//   generate --db FILE --plan FILE [--endpoints 100000] [--local 200] [--policies 10000] [--namespaces 2000]
//            [--nodes 500] [--node bench-node] [--seed 1]      writes a new store; prints a JSON summary
//   mutate --db FILE --plan FILE                             one change per stdin line (label | policy | quit);
//                                                            one JSON line per change (revision, commit times)
const string Usage = "usage: Calico.Felix.ClusterGenerator generate --db FILE --plan FILE [--endpoints N] [--local N] [--policies N] "
    + "[--namespaces N] [--nodes N] [--node NAME] [--seed N]\n       Calico.Felix.ClusterGenerator mutate --db FILE --plan FILE";

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

if (args.Length == 0 || Option("--db") is not { } db || Option("--plan") is not { } plan)
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    return args[0] switch
    {
        "generate" => await Generator.RunAsync(ClusterShape.Parse(args[1..]), db, plan, stop.Token),
        "mutate" => await Mutator.RunAsync(db, plan, stop.Token),
        _ => throw new ArgumentException(Usage),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"Calico.Felix.ClusterGenerator: {e.Message}");
    return 2;
}
