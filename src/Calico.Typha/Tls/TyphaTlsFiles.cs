using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Calico.Typha.Tls;

/// <summary>Loads PEM files for TLS; a missing or unreadable file is an error naming the variable that points at it.</summary>
public static class TyphaTlsFiles
{
    public static X509Certificate2Collection LoadCa(string path, string variable)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(Existing(path, variable));
        }
        catch (CryptographicException e)
        {
            throw new TyphaConfigurationException($"{variable}={path}: not a PEM certificate file: {e.Message}");
        }

        return collection.Count > 0 ? collection : throw new TyphaConfigurationException($"{variable}={path}: contains no certificate");
    }

    public static X509Certificate2 LoadCertificate(string certPath, string certVariable, string keyPath, string keyVariable)
    {
        Existing(certPath, certVariable);
        Existing(keyPath, keyVariable);
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // Re-import as PKCS#12 so SslStream can use the private key on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (CryptographicException e)
        {
            throw new TyphaConfigurationException($"{certVariable}={certPath}, {keyVariable}={keyPath}: cannot load the certificate and key: {e.Message}");
        }
    }

    private static string Existing(string path, string variable) =>
        File.Exists(path) ? path : throw new TyphaConfigurationException($"{variable}={path}: file does not exist");
}
