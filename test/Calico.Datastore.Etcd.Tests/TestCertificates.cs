using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// A throw-away PKI written as PEM files into a directory: a CA, a server certificate for 127.0.0.1 and a client
/// certificate signed by it, and a second CA that signed nothing (the "wrong CA").
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string WrongCaFile => Path.Combine(Directory, "wrong-ca.pem");

    public string ServerCertFile => Path.Combine(Directory, "server.pem");

    public string ServerKeyFile => Path.Combine(Directory, "server-key.pem");

    public string ClientCertFile => Path.Combine(Directory, "client.pem");

    public string ClientKeyFile => Path.Combine(Directory, "client-key.pem");

    public static async Task<TestCertificates> CreateAsync(string directory)
    {
        var pki = new TestCertificates(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = SelfSignedCa("CN=calico-test-ca", caKey);
        using var wrongKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wrongCa = SelfSignedCa("CN=calico-test-wrong-ca", wrongKey);
        await File.WriteAllTextAsync(pki.CaFile, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(pki.WrongCaFile, wrongCa.ExportCertificatePem());

        var server = new SubjectAlternativeNameBuilder();
        server.AddIpAddress(IPAddress.Loopback);
        server.AddDnsName("localhost");
        await IssueAsync(ca, "CN=127.0.0.1", server.Build(), "1.3.6.1.5.5.7.3.1", pki.ServerCertFile, pki.ServerKeyFile);
        await IssueAsync(ca, "CN=calico-test-client", null, "1.3.6.1.5.5.7.3.2", pki.ClientCertFile, pki.ClientKeyFile);
        return pki;
    }

    private static X509Certificate2 SelfSignedCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static async Task IssueAsync(X509Certificate2 ca, string subject, X509Extension? names, string usage, string certFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(12));
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
