namespace Calico.Nftables;

/// <summary>
/// One error nft reported: its message, and where it points when nft said so (the 1-based line of the script and
/// the column range the carets mark).
/// </summary>
public sealed record NftError(string Message, int? Line, int? FirstColumn, int? LastColumn)
{
    public override string ToString() => Line is null ? Message : $"line {Line}: {Message}";
}
