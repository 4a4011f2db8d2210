using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Calico.Typha.Tls;

/// <summary>
/// Who a peer must be: a certificate issued by the configured CA whose subject common name is
/// <see cref="CommonName"/> or that carries <see cref="UriSan"/> as a URI subject alternative name (either matching is
/// enough when both are set, as Calico does).
/// </summary>
public sealed class PeerIdentity(X509Certificate2Collection trustedRoots, string? commonName, string? uriSan)
{
    private const string SubjectAltNameOid = "2.5.29.17";

    public string? CommonName { get; } = commonName;

    public string? UriSan { get; } = uriSan;

    /// <summary>Null when <paramref name="certificate"/> is acceptable, else why not.</summary>
    public string? Check(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return "no certificate presented";
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(leaf))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0));
            return $"certificate \"{leaf.Subject}\" is not issued by the configured CA ({status})";
        }

        var cn = leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (CommonName is not null && string.Equals(cn, CommonName, StringComparison.Ordinal))
        {
            return null;
        }

        var uris = UriSans(leaf);
        if (UriSan is not null && uris.Contains(UriSan, StringComparer.Ordinal))
        {
            return null;
        }

        return $"certificate CN \"{cn}\" and URI SANs [{string.Join(", ", uris)}] match neither the expected CN \"{CommonName}\" nor the expected URI SAN \"{UriSan}\"";
    }

    /// <summary>The uniformResourceIdentifier entries ([6] IA5String) of the subject alternative name extension.</summary>
    public static IReadOnlyList<string> UriSans(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (!string.Equals(extension.Oid?.Value, SubjectAltNameOid, StringComparison.Ordinal))
            {
                continue;
            }

            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(uriTag))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }

        return uris;
    }
}
