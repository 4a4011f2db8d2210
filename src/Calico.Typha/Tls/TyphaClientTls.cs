using System.Security.Cryptography.X509Certificates;

namespace Calico.Typha.Tls;

/// <summary>A client's TLS: its certificate, and the identity the Typha's certificate must have.</summary>
public sealed record TyphaClientTls(X509Certificate2 ClientCertificate, PeerIdentity ServerIdentity);
