namespace Calico.Client.Migration;

/// <summary>What an import wrote.</summary>
/// <param name="Resources">How many resources were created.</param>
/// <param name="Transactions">How many transactions it took (1 unless the target limits transaction size).</param>
/// <param name="Revision">The target's revision after the last transaction.</param>
public sealed record ImportResult(int Resources, int Transactions, long Revision);
