using BenchmarkDotNet.Running;

// Run e.g.: dotnet run -c Release --project benchmarks/Calico.Benchmarks -- --filter '*Selector*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
