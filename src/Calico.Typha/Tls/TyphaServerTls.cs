using System.Security.Cryptography.X509Certificates;

namespace Calico.Typha.Tls;

/// <summary>The server's TLS: its certificate, and the identity every client certificate must have.</summary>
public sealed record TyphaServerTls(X509Certificate2 ServerCertificate, PeerIdentity ClientIdentity);
