using System.CommandLine;
using Calico.Lab.ControlPlane;
using Calico.Lab.Demo;
using Calico.Lab.Runtime;
using Calico.Lab.State;

namespace Calico.Lab.Commands;

/// <summary>up, down, status, env, pod add|del, exec, logs, node add|del|stop|start, typha stop|start.</summary>
internal static class LabCommands
{
    public static IEnumerable<Command> Build(LabEnvironment environment)
    {
        yield return Up(environment);
        yield return Down(environment);
        yield return Status(environment);
        yield return Env(environment);
        yield return Pod(environment);
        yield return Exec(environment);
        yield return Logs(environment);
        yield return NodeCommand(environment);
        yield return TyphaCommand(environment);
    }

    private static Command TyphaCommand(LabEnvironment environment)
    {
        var command = new Command("typha", "Stop or start the lab's calico-typha (labs made with up --typha).");
        var stop = new Command("stop", "Kill calico-typha (SIGKILL, by its PID, as a crash would): its clients lose their connections; the nodes keep what they programmed.");
        var start = new Command("start", "Start calico-typha again with the configuration it was first started with, and wait until it is ready.");
        foreach (var (sub, starting) in new[] { (stop, false), (start, true) })
        {
            var name = NameOption();
            sub.Options.Add(name);
            sub.SetAction(async (parsed, ct) =>
            {
                RequireRoot();
                var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
                var state = directory.Load();
                if (state.ControlPlane?.Typha is null)
                {
                    throw new LabException($"lab {state.Name} runs no Typha (it was made without up --typha)");
                }

                var typha = new TyphaProcess(directory, state);
                if (starting)
                {
                    var pid = await typha.StartAsync(environment.PluginDirectory, ct).ConfigureAwait(false);
                    await environment.Stdout.WriteLineAsync($"calico-typha started and ready (PID {pid}; log: {state.ControlPlane.Typha.LogFile})").ConfigureAwait(false);
                }
                else
                {
                    var killed = await typha.StopAsync().ConfigureAwait(false);
                    await environment.Stdout.WriteLineAsync(killed is { } pid ? $"calico-typha stopped (PID {pid} killed)" : "calico-typha was not running").ConfigureAwait(false);
                }

                return 0;
            });
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static Command NodeCommand(LabEnvironment environment)
    {
        var command = new Command("node", "Add or delete a node; stop or start a node's calico-node.");
        command.Subcommands.Add(NodeAdd(environment));
        command.Subcommands.Add(NodeDelete(environment));
        var stop = new Command("stop", "Kill the node's calico-node (SIGKILL, by its PID, as a crash would): what it programmed stays in place.");
        var start = new Command("start", "Start the node's calico-node again (it must not be running).");
        foreach (var (sub, starting) in new[] { (stop, false), (start, true) })
        {
            var node = new Argument<string>("NODE");
            var name = NameOption();
            sub.Arguments.Add(node);
            sub.Options.Add(name);
            sub.SetAction(async (parsed, ct) =>
            {
                RequireRoot();
                var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
                var state = directory.Load();
                var nodeName = parsed.GetValue(node)!;
                var labNode = state.Nodes.FirstOrDefault(n => string.Equals(n.Name, nodeName, StringComparison.Ordinal))
                    ?? throw new LabException($"no node {nodeName} (the lab has {string.Join(", ", state.Nodes.Select(n => n.Name))})");
                var daemons = new NodeDaemons(directory, state, environment.PluginDirectory, environment.Variables);
                var running = daemons.RunningPid(nodeName);
                if (starting)
                {
                    if (running is { } pid)
                    {
                        throw new LabException($"calico-node on {nodeName} is already running (PID {pid}); calico-lab node stop {nodeName} first");
                    }

                    // The PID the start recorded: asking /proc at once can catch the process between its execs.
                    var startedPid = await daemons.StartAsync(labNode).ConfigureAwait(false);
                    await environment.Stdout.WriteLineAsync($"calico-node on {nodeName} started (PID {startedPid}; log: {daemons.LogFile(nodeName)})").ConfigureAwait(false);
                }
                else
                {
                    await daemons.StopAsync(nodeName).ConfigureAwait(false);
                    await environment.Stdout.WriteLineAsync(running is { } pid ? $"calico-node on {nodeName} stopped (PID {pid} killed)" : $"calico-node on {nodeName} was not running").ConfigureAwait(false);
                }

                return 0;
            });
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static Command NodeAdd(LabEnvironment environment)
    {
        var command = new Command("add", "Add a node (the next free nodeN) and start its calico-node.");
        var name = NameOption();
        command.Options.Add(name);
        command.SetAction(async (parsed, ct) =>
        {
            RequireRoot();
            var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
            var state = directory.Load();
            var node = await new LabTopology(directory, environment.Stdout, environment.PluginDirectory, environment.Variables).AddNodeAsync(state, ct).ConfigureAwait(false);
            await environment.Stdout.WriteLineAsync($"node {node.Name} added ({node.Namespace}, {node.Address})").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command NodeDelete(LabEnvironment environment)
    {
        var command = new Command("del", "Delete a node as a cluster does: its pods, addresses, blocks, Node resource and namespace.");
        var node = new Argument<string>("NODE");
        var name = NameOption();
        command.Arguments.Add(node);
        command.Options.Add(name);
        command.SetAction(async (parsed, ct) =>
        {
            RequireRoot();
            var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
            var state = directory.Load();
            await new LabTopology(directory, environment.Stdout, environment.PluginDirectory, environment.Variables).DeleteNodeAsync(state, parsed.GetValue(node)!, ct).ConfigureAwait(false);
            await environment.Stdout.WriteLineAsync($"node {parsed.GetValue(node)} deleted").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Logs(LabEnvironment environment)
    {
        var command = new Command("logs", "Print a node's calico-node log, an etcd member's log (etcd1, etcd2, etcd3 in an etcd lab) or calico-typha's (typha).");
        var node = new Argument<string>("NODE") { Description = "A node (node1...), an etcd member (etcd1...) or typha." };
        var tail = new Option<int>("--tail") { Description = "Only the last N lines (default all).", DefaultValueFactory = _ => 0 };
        var name = NameOption();
        command.Arguments.Add(node);
        command.Options.Add(tail);
        command.Options.Add(name);
        command.SetAction(async (parsed, ct) =>
        {
            var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
            var state = directory.Load();
            var nodeName = parsed.GetValue(node)!;
            var members = state.ControlPlane?.EtcdMembers ?? [];
            string file;
            if (members.FirstOrDefault(m => string.Equals(m.Name, nodeName, StringComparison.Ordinal)) is { } member)
            {
                file = member.LogFile;
            }
            else if (string.Equals(nodeName, TyphaProcess.Name, StringComparison.Ordinal) && state.ControlPlane?.Typha is { } typha)
            {
                file = typha.LogFile;
            }
            else if (state.Nodes.Any(n => string.Equals(n.Name, nodeName, StringComparison.Ordinal)))
            {
                file = new NodeDaemons(directory, state, environment.PluginDirectory).LogFile(nodeName);
            }
            else
            {
                var names = state.Nodes.Select(n => n.Name).Concat(members.Select(m => m.Name)).Concat(state.ControlPlane?.Typha is null ? [] : [TyphaProcess.Name]);
                throw new LabException($"no node, etcd member or Typha named {nodeName} (the lab has {string.Join(", ", names)})");
            }

            var lines = File.Exists(file) ? await File.ReadAllLinesAsync(file, ct).ConfigureAwait(false) : [];
            foreach (var line in parsed.GetValue(tail) > 0 ? lines.TakeLast(parsed.GetValue(tail)) : lines)
            {
                await environment.Stdout.WriteLineAsync(line).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Option<string?> NameOption() => new("--name") { Description = "The lab's name (default calico-lab, or $CALICO_LAB_NAME)." };

    private static void RequireRoot()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new LabException("calico-lab needs root (it creates network namespaces); run it with sudo");
        }
    }

    private static Command Up(LabEnvironment environment)
    {
        var command = new Command("up", "Create a lab: an underlay, N nodes, the default IP pool; with --demo, the seed's pods, pool and policy and the reachability matrix before and after.");
        var name = NameOption();
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes (default 1).", DefaultValueFactory = _ => 1 };
        var mode = new Option<string>("--mode") { Description = "How pods on different nodes reach each other: vxlan (overlay, the default) or bgp (BIRD, full mesh).", DefaultValueFactory = _ => LabModes.Vxlan };
        command.Options.Add(name);
        command.Options.Add(nodes);
        var demo = new Option<bool>("--demo")
        {
            Description = "Then namespace app with pods frontend, web-api and other, the seed's IPPool and NetworkPolicy, and the reachability matrix (real probes) before and after the policy.",
        };
        var datastore = new Option<string>("--datastore")
        {
            Description = "Where the cluster's state lives: sqlite (one file, the default) or etcd (a 3-member etcd cluster in the control-plane namespace <lab>-cp, 198.18.0.2).",
            DefaultValueFactory = _ => LabDatastores.Sqlite,
        };
        var typha = new Option<bool>("--typha")
        {
            Description = "Run calico-typha in the control-plane namespace <lab>-cp (198.18.0.2:5473, with either datastore); every calico-node syncs through it (FELIX_TYPHAADDR).",
        };
        command.Options.Add(mode);
        command.Options.Add(datastore);
        command.Options.Add(typha);
        command.Options.Add(demo);
        command.SetAction(async (parsed, ct) =>
        {
            RequireRoot();
            var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
            var state = await new LabTopology(directory, environment.Stdout, environment.PluginDirectory, environment.Variables).UpAsync(parsed.GetValue(nodes), parsed.GetValue(mode)!, parsed.GetValue(datastore)!, parsed.GetValue(typha), ct).ConfigureAwait(false);
            await environment.Stdout.WriteLineAsync($"lab {state.Name} is up with {state.Nodes.Count} node(s) in {state.Mode} mode on {state.Datastore}{(state.ControlPlane?.Typha is null ? string.Empty : " through Typha")}; point calicoctl at it with: eval \"$(calico-lab env{NameSuffix(state.Name)})\"").ConfigureAwait(false);
            if (parsed.GetValue(demo))
            {
                try
                {
                    await new LabDemo(directory, state, environment).RunAsync(ct).ConfigureAwait(false);
                }
                catch (LabException e)
                {
                    throw new LabException($"{e.Message} (the demo stopped; the lab is still up: calico-lab status, calico-lab logs node1, calico-lab down{NameSuffix(state.Name)})");
                }

                await environment.Stdout.WriteLineAsync($"the lab stays up for you to explore; calico-lab down{NameSuffix(state.Name)} removes everything it made").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command Down(LabEnvironment environment)
    {
        var command = new Command("down", "Remove a lab and everything it made.");
        var name = NameOption();
        var all = new Option<bool>("--all") { Description = "Remove every lab, including what crashed runs left." };
        command.Options.Add(name);
        command.Options.Add(all);
        command.SetAction(async (parsed, ct) =>
        {
            RequireRoot();
            var names = parsed.GetValue(all) ? LabDirectory.ListNames(environment.Variables).ToList() : [parsed.GetValue(name) ?? LabDirectory.For(null, environment.Variables).Name];
            foreach (var labName in names)
            {
                var directory = LabDirectory.For(labName, environment.Variables);
                var state = directory.Exists ? directory.Load() : new LabState { Name = labName, UnderlayNamespace = LabNamespaceNames.Underlay(labName) };
                await new LabTopology(directory, environment.Stdout, environment.PluginDirectory).DownAsync(state).ConfigureAwait(false);
                await environment.Stdout.WriteLineAsync($"lab {labName} removed").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command Status(LabEnvironment environment)
    {
        var command = new Command("status", "Show the lab's nodes and pods.");
        var name = NameOption();
        command.Options.Add(name);
        command.SetAction(async (parsed, ct) =>
        {
            var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
            var state = directory.Load();
            await environment.Stdout.WriteLineAsync($"lab {state.Name}: datastore {LabDatastoreAccess.Describe(state)}").ConfigureAwait(false);
            foreach (var member in state.ControlPlane?.EtcdMembers ?? [])
            {
                var health = !EtcdMembers.IsRunning(member) ? "NOT RUNNING"
                    : await EtcdMemberHealth.CheckAsync(member, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false) is { } h ? (h.Healthy ? "healthy" : $"UNHEALTHY: {h.Body}")
                    : "not answering on its socket";
                await environment.Stdout.WriteLineAsync($"  etcd {member.Name}  {member.ClientUrl}  PID {member.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}; {health}").ConfigureAwait(false);
            }

            if (state.ControlPlane?.Typha is { } typha)
            {
                await environment.Stdout.WriteLineAsync($"  typha  {typha.Endpoint}  {await TyphaStatusAsync(directory, state, ct).ConfigureAwait(false)}").ConfigureAwait(false);
            }

            var daemons = new NodeDaemons(directory, state, environment.PluginDirectory);
            foreach (var node in state.Nodes)
            {
                var present = NetworkNamespaces.Exists(node.Namespace) ? "up" : "MISSING";
                var health = !present.Equals("up", StringComparison.Ordinal) ? "no namespace"
                    : !daemons.IsRunning(node.Name) ? "calico-node NOT RUNNING"
                    : await daemons.HealthAsync(node, "readiness", ct).ConfigureAwait(false) is { } r ? (r.Status == 200 ? "calico-node ready" : $"calico-node NOT READY: {r.Body.Trim()}")
                    : "calico-node not answering on :9099";
                await environment.Stdout.WriteLineAsync($"  node {node.Name}  {node.Address}  netns {node.Namespace} ({present}); {health}").ConfigureAwait(false);
            }

            foreach (var pod in directory.LoadPods().OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                await environment.Stdout.WriteLineAsync($"  pod {pod.Namespace}/{pod.Name}  {string.Join(",", pod.Addresses)}  on {pod.Node}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>"PID n; ready, N connections", or why not.</summary>
    private static async Task<string> TyphaStatusAsync(LabDirectory directory, LabState state, CancellationToken ct)
    {
        var controlPlane = state.ControlPlane!;
        if (new TyphaProcess(directory, state).RunningPid() is not { } pid)
        {
            return "NOT RUNNING (calico-lab typha start)";
        }

        var readiness = await TyphaHealth.ReadinessAsync(controlPlane, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false) is not { } r ? "not answering on :9098"
            : r.Status == 200 ? "ready" : $"NOT READY: {r.Body.Trim()}";
        var connections = await TyphaHealth.ConnectionsAsync(controlPlane, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false) is { } n
            ? $"{n.ToString(System.Globalization.CultureInfo.InvariantCulture)} connection{(n == 1 ? string.Empty : "s")}" : "connections unknown (no metrics on :9093)";
        return $"PID {pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}; {readiness}, {connections}";
    }

    private static Command Env(LabEnvironment environment)
    {
        var command = new Command("env", "Print the export lines that point calicoctl at the lab's datastore (and, with --node, at that node's BIRD for calicoctl node status).");
        var name = NameOption();
        var node = new Option<string>("--node") { Description = "The node whose BIRD calicoctl node status asks (default node1).", DefaultValueFactory = _ => "node1" };
        command.Options.Add(name);
        command.Options.Add(node);
        command.SetAction(async (parsed, ct) =>
        {
            var directory = LabDirectory.For(parsed.GetValue(name), environment.Variables);
            var state = directory.Load();
            var nodeName = parsed.GetValue(node)!;
            if (!state.Nodes.Any(n => string.Equals(n.Name, nodeName, StringComparison.Ordinal)))
            {
                throw new LabException($"no node {nodeName} (the lab has {string.Join(", ", state.Nodes.Select(n => n.Name))})");
            }

            foreach (var (key, value) in LabDatastoreAccess.ClientVariables(state))
            {
                await environment.Stdout.WriteLineAsync($"export {key}={ShellQuoted(value)}").ConfigureAwait(false);
            }

            await environment.Stdout.WriteLineAsync($"export CALICO_LAB_STATE_DIR={directory.Root}").ConfigureAwait(false);
            await environment.Stdout.WriteLineAsync($"export CALICO_LAB_NAME={state.Name}").ConfigureAwait(false);
            await environment.Stdout.WriteLineAsync($"export CALICO_BIRD_SOCKET={directory.BirdSocket(nodeName)}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Pod(LabEnvironment environment)
    {
        var command = new Command("pod", "Add or delete pods.");
        var add = new Command("add", "Start a pod: its network comes from the real calico CNI plugin.");
        var addTarget = new Argument<string>("NS/NAME");
        var labels = new Option<string?>("--labels") { Description = "k=v,k=v" };
        var ports = new Option<string?>("--ports") { Description = "NAME=PORT/PROTO,... (the pod's named container ports)" };
        var account = new Option<string>("--serviceaccount") { Description = "Service account (default \"default\").", DefaultValueFactory = _ => "default" };
        var node = new Option<string?>("--node") { Description = "The node (default: the one with fewest pods)." };
        var addName = NameOption();
        add.Arguments.Add(addTarget);
        foreach (var option in new Option[] { labels, ports, account, node, addName })
        {
            add.Options.Add(option);
        }

        add.SetAction(async (parsed, ct) =>
        {
            RequireRoot();
            var (ns, podName) = PodSpecification.ParseName(parsed.GetValue(addTarget)!);
            var spec = new PodSpecification(ns, podName, PodSpecification.ParseLabels(parsed.GetValue(labels)), PodSpecification.ParsePorts(parsed.GetValue(ports)),
                parsed.GetValue(account)!, parsed.GetValue(node));
            var runtime = RuntimeFor(parsed.GetValue(addName), environment);
            var pod = await runtime.AddAsync(spec, ct).ConfigureAwait(false);
            await environment.Stdout.WriteLineAsync($"pod {pod.Namespace}/{pod.Name} on {pod.Node}: {string.Join(", ", pod.Addresses)}").ConfigureAwait(false);
            return 0;
        });
        var del = new Command("del", "Delete a pod and release its address.");
        var delTarget = new Argument<string>("NS/NAME");
        var delName = NameOption();
        del.Arguments.Add(delTarget);
        del.Options.Add(delName);
        del.SetAction(async (parsed, ct) =>
        {
            RequireRoot();
            var (ns, podName) = PodSpecification.ParseName(parsed.GetValue(delTarget)!);
            await RuntimeFor(parsed.GetValue(delName), environment).DeleteAsync(ns, podName, ct).ConfigureAwait(false);
            await environment.Stdout.WriteLineAsync($"pod {ns}/{podName} deleted").ConfigureAwait(false);
            return 0;
        });
        command.Subcommands.Add(add);
        command.Subcommands.Add(del);
        return command;
    }

    private static Command Exec(LabEnvironment environment)
    {
        var command = new Command("exec", "Run a command inside a pod's network namespace: calico-lab exec NS/NAME -- CMD ARGS...");
        var target = new Argument<string>("NS/NAME");
        var rest = new Argument<string[]>("CMD") { Arity = ArgumentArity.OneOrMore };
        var name = NameOption();
        command.Arguments.Add(target);
        command.Arguments.Add(rest);
        command.Options.Add(name);
        command.SetAction(async (parsed, ct) =>
        {
            RequireRoot();
            var (ns, podName) = PodSpecification.ParseName(parsed.GetValue(target)!);
            var pod = RuntimeFor(parsed.GetValue(name), environment).Find(ns, podName);
            var result = await ProcessRunner.RunAsync("ip", ["netns", "exec", pod.NetworkNamespace, .. parsed.GetValue(rest)!], timeout: TimeSpan.FromMinutes(10), ct: ct).ConfigureAwait(false);
            await environment.Stdout.WriteAsync(result.Stdout).ConfigureAwait(false);
            await environment.Stderr.WriteAsync(result.Stderr).ConfigureAwait(false);
            return result.ExitCode;
        });
        return command;
    }

    /// <summary>The value as the shell reads it back: single-quoted when it holds anything but plain path characters (etcd's sockets end in ":0").</summary>
    private static string ShellQuoted(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ',' or ':' or '=')
            ? value
            : ShellWords.Quote(value);

    private static PodRuntime RuntimeFor(string? labName, LabEnvironment environment)
    {
        var directory = LabDirectory.For(labName, environment.Variables);
        return new PodRuntime(directory, directory.Load(), environment.PluginDirectory);
    }

    private static string NameSuffix(string name) => string.Equals(name, LabDirectory.DefaultLabName, StringComparison.Ordinal) ? string.Empty : $" --name {name}";
}
