using System.CommandLine;

namespace Calico.Ctl.Commands;

/// <summary>Options shared by several commands, with calicoctl's names.</summary>
internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config", "-c") { Description = "Path to the client configuration file (default /etc/calico/calicoctl.cfg)." };

    public static Option<string?> Filename() => new("--filename", "-f") { Description = "Filename, directory or - (stdin) with resources in YAML or JSON." };

    public static Option<bool> Recursive() => new("--recursive", "-R") { Description = "Process the directory given with -f recursively." };

    public static Option<string?> Namespace() => new("--namespace", "-n") { Description = "Namespace of namespaced resources (default \"default\")." };

    public static Option<bool> AllNamespaces() => new("--all-namespaces", "-A") { Description = "All namespaces (get only)." };

    public static Option<string?> Output() => new("--output", "-o") { Description = "ps (default), wide, yaml, json or custom-columns=COL,COL." };

    public static Option<string?> Selector() => new("--selector", "-l") { Description = "Only resources whose labels match this Calico selector (e.g. app == 'web')." };

    public static Option<bool> SkipEmpty() => new("--skip-empty") { Description = "Do not fail when the input holds no resources." };

    public static Option<string?> LogLevel() => new("--log-level") { Description = "Log level (accepted for compatibility)." };

    public static Option<bool> AllowVersionMismatch() => new("--allow-version-mismatch") { Description = "Accepted for compatibility." };

    public static Option<string?> Context() => new("--context") { Description = "Accepted for compatibility (no Kubernetes contexts here)." };

    public static Argument<string?> Kind() => new("KIND") { Arity = ArgumentArity.ZeroOrOne, Description = "Resource kind, e.g. ippool, networkpolicy, wep." };

    public static Argument<string[]> Names() => new("NAME") { Arity = ArgumentArity.ZeroOrMore, Description = "Resource names." };

    /// <summary>Adds options every command accepts.</summary>
    public static void AddCompatibility(Command command)
    {
        command.Options.Add(LogLevel());
        command.Options.Add(AllowVersionMismatch());
        command.Options.Add(Context());
    }
}
