using Microsoft.Extensions.Logging;

namespace Calico.Nftables;

internal sealed partial class NftablesTable
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "table inet {Table}: applied {Commands} commands ({Chains} chains written, {Added} elements added, {Removed} removed)")]
        public static partial void Applied(ILogger logger, TableName table, int commands, int chains, int added, int removed);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "table inet {Table}: delta transaction failed, resyncing from the kernel: {Reason}")]
        public static partial void DeltaFailed(ILogger logger, TableName table, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "table inet {Table}: resync (kernel table exists: {Exists}; {KernelChains} chains, {KernelRules} rules, {KernelSets} sets/maps): chains {Missing} missing, {Changed} changed, {Extra} extra; {Sets} sets/maps and {Elements} elements to correct; {Foreign} foreign objects")]
        public static partial void Resync(ILogger logger, TableName table, bool exists, int kernelChains, int kernelRules, int kernelSets, int missing, int changed, int extra, int sets, int elements, int foreign);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "table inet {Table}: chain {Chain} is {State}")]
        public static partial void ChainDrift(ILogger logger, TableName table, ChainName chain, string state);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "table inet {Table}: cannot manage {Object} (its name is not valid unquoted nft); left alone")]
        public static partial void Unmanageable(ILogger logger, TableName table, string @object);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "table inet {Table}: background listing for the periodic resync failed; applying deltas only, the next resync lists again: {Reason}")]
        public static partial void BackgroundListingFailed(ILogger logger, TableName table, string reason);
    }
}
