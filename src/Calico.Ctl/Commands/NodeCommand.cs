using System.CommandLine;

namespace Calico.Ctl.Commands;

/// <summary>node: commands about the Calico node on this machine (status).</summary>
internal static class NodeCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("node", "Calico node management.");
        command.Subcommands.Add(NodeStatusCommand.Create(context));
        return command;
    }
}
