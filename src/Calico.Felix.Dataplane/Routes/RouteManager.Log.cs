using Calico.Core;
using Calico.Policy.Ids;
using Microsoft.Extensions.Logging;

namespace Calico.Felix.Dataplane.Routes;

public sealed partial class RouteManager
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "route resync: {Interfaces} workload interfaces, {Routes} routes with protocol {Protocol} on them (in sync: {InSync})")]
        public static partial void Resynced(ILogger logger, int interfaces, int routes, byte protocol, bool inSync);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "route resync: cannot read the kernel's links and routes, retrying on the next pass: {Reason}")]
        public static partial void ResyncFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "route {Destination} dev {Interface} written")]
        public static partial void RouteWritten(ILogger logger, Cidr destination, string @interface);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "cannot write route {Destination} dev {Interface}, retrying on the next pass: {Reason}")]
        public static partial void WriteFailed(ILogger logger, Cidr destination, string @interface, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "stale route {Destination} dev {Interface} deleted")]
        public static partial void RouteDeleted(ILogger logger, Cidr destination, string @interface);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "cannot delete stale route {Destination} dev {Interface}, retrying on the next pass: {Reason}")]
        public static partial void DeleteFailed(ILogger logger, Cidr destination, string @interface, string reason);

        [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "interface {Interface} does not exist (yet); route {Destination} retried on the next pass")]
        public static partial void InterfaceMissing(ILogger logger, string @interface, Cidr destination);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "cannot look up interface {Interface}, retrying on the next pass: {Reason}")]
        public static partial void LinkLookupFailed(ILogger logger, string @interface, string reason);

        [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "interface {Interface}: proxy_arp/forwarding (or IPv6 settings) set")]
        public static partial void InterfaceConfigured(ILogger logger, string @interface);

        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "cannot configure interface {Interface}, retrying on the next pass: {Reason}")]
        public static partial void ConfigureFailed(ILogger logger, string @interface, string reason);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "workload endpoint {Endpoint} ignored for routing: {Reason}")]
        public static partial void InvalidInterface(ILogger logger, EndpointId endpoint, string reason);
    }
}
