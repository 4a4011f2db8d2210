using System.Text;

namespace Calico.Nftables;

/// <summary>
/// nft or the kernel rejected a script, so none of it was applied (a script is one transaction). Carries nft's own
/// message (<see cref="NftMessage"/>), the parsed errors with their line numbers, the failing command and, when the
/// script came from <see cref="ITable"/>, what it was in the model (<see cref="Subject"/>: "rule 2 of chain
/// cali-fw-cali1234", "elements of set cali40s-web"). For example:
/// <code>
/// apply table inet calico failed (nothing was applied): rule 1 of chain cali-pi-bad: line 4: Error: syntax error, unexpected newline
///   add rule inet calico cali-pi-bad ip saddr 10.0.0.1 acept comment "cali:…"
/// </code>
/// </summary>
public sealed class NftablesException : Exception
{
    private const int MaxCommandInMessage = 400;

    public NftablesException(string operation, string nftMessage, IReadOnlyList<NftError>? errors = null, string? failingCommand = null, string? subject = null, Exception? inner = null)
        : base(Format(operation, nftMessage, errors ?? [], failingCommand, subject), inner)
    {
        Operation = operation;
        NftMessage = nftMessage;
        Errors = errors ?? [];
        FailingCommand = failingCommand;
        Subject = subject;
    }

    /// <summary>What was attempted ("run nft script in netns /var/run/netns/x", "apply table inet calico").</summary>
    public string Operation { get; }

    /// <summary>nft's error output, verbatim.</summary>
    public string NftMessage { get; }

    /// <summary>The errors nft reported, in order.</summary>
    public IReadOnlyList<NftError> Errors { get; }

    /// <summary>The 1-based line of the script the first located error points at.</summary>
    public int? Line => Errors.FirstOrDefault(e => e.Line is not null)?.Line;

    /// <summary>The text of the failing command (the script's line <see cref="Line"/>).</summary>
    public string? FailingCommand { get; }

    /// <summary>The model object the failing line came from, when known.</summary>
    public string? Subject { get; }

    /// <summary>nft said an object does not exist (ENOENT), e.g. listing a table that is not there.</summary>
    public bool IsNotFound => NftMessage.Contains("No such file or directory", StringComparison.Ordinal);

    /// <summary>The same failure, with the operation and the model object the failing line came from.</summary>
    internal NftablesException WithContext(string operation, string? subject) =>
        new(operation, NftMessage, Errors, FailingCommand, subject, this);

    private static string Format(string operation, string nftMessage, IReadOnlyList<NftError> errors, string? failingCommand, string? subject)
    {
        var text = new StringBuilder(operation).Append(" failed (nothing was applied)");
        if (subject is not null)
        {
            text.Append(": ").Append(subject);
        }

        if (errors.Count > 0)
        {
            text.Append(": ").Append(errors[0]);
            if (errors.Count > 1)
            {
                text.Append(" (and ").Append(errors.Count - 1).Append(" more)");
            }
        }
        else
        {
            text.Append(": ").Append(nftMessage.Trim());
        }

        if (failingCommand is not null)
        {
            text.Append("\n  ").Append(failingCommand.Length <= MaxCommandInMessage ? failingCommand : failingCommand[..MaxCommandInMessage] + "…");
        }

        return text.ToString();
    }
}
