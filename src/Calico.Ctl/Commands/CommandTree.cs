using System.CommandLine;
using Calico.Client.Store;

namespace Calico.Ctl.Commands;

/// <summary>Every calicoctl subcommand, built explicitly.</summary>
internal static class CommandTree
{
    public static IEnumerable<Command> Build(CommandContext context) =>
    [
        WriteCommand.Create("create", WriteMode.Create, "Create resources from a file or stdin; fails if one exists.", context),
        WriteCommand.Create("apply", WriteMode.Apply, "Create or update resources from a file or stdin.", context),
        WriteCommand.Create("replace", WriteMode.Replace, "Replace existing resources from a file or stdin.", context),
        DeleteCommand.Create(context),
        GetCommand.Create(context),
        PatchCommand.Create(context),
        LabelCommand.Create(context),
        ValidateCommand.Create(context),
        VersionCommand.Create(context),
        PolicyTraceCommand.Create(context),
        IpamCommand.Create(context),
        NodeCommand.Create(context),
        Doctor.DoctorCommand.Create(context),
        DatastoreCommand.Create(context),
    ];
}
