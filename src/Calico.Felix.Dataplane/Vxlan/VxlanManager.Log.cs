using System.Net;
using Calico.Core;
using Microsoft.Extensions.Logging;

namespace Calico.Felix.Dataplane.Vxlan;

public sealed partial class VxlanManager
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "created {Device}: VNI {Vni}, local {Local}, MAC {Mac}, MTU {Mtu}")]
        public static partial void DeviceCreated(ILogger logger, string device, int vni, IPAddress local, string mac, int mtu);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Device} has the wrong VNI, port, learning, local address or parent; recreating it")]
        public static partial void DeviceReplaced(ILogger logger, string device);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "no IPv4 pool uses VXLAN (or this node has no tunnel endpoint): {Device} deleted")]
        public static partial void DeviceDeleted(ILogger logger, string device);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "stale block route {Destination} deleted")]
        public static partial void RouteDeleted(ILogger logger, Cidr destination);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "VXLAN programming failed, retrying on the next pass: {Reason}")]
        public static partial void SyncFailed(ILogger logger, string reason);
    }
}
