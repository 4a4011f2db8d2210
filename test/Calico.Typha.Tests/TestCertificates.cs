using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Calico.Typha.Tests;

/// <summary>A throwaway CA (ECDSA P-256) issuing server and client certificates, made with CertificateRequest.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates(string name)
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2Collection Trust => [X509CertificateLoader.LoadCertificate(Root.RawData)];

    /// <summary>A leaf with <paramref name="commonName"/>, and the URI SAN if given, usable for server and client auth.</summary>
    public X509Certificate2 Issue(string commonName, string? uriSan = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        if (uriSan is not null)
        {
            san.AddUri(new Uri(uriSan));
        }

        request.CertificateExtensions.Add(san.Build());
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        using var issued = request.Create(Root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Writes the CA, and a leaf's certificate and key, as PEM files in <paramref name="directory"/>.</summary>
    public (string Ca, string Cert, string Key) WritePem(string directory, X509Certificate2 leaf, string prefix)
    {
        var ca = Path.Combine(directory, $"{prefix}-ca.pem");
        var cert = Path.Combine(directory, $"{prefix}.pem");
        var key = Path.Combine(directory, $"{prefix}-key.pem");
        File.WriteAllText(ca, Root.ExportCertificatePem());
        File.WriteAllText(cert, leaf.ExportCertificatePem());
        File.WriteAllText(key, leaf.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (ca, cert, key);
    }

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}
