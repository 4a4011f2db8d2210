using System.Security.Authentication;

namespace Calico.Datastore.Etcd;

/// <summary>
/// Says why a call to etcd failed in words a user can act on: the messages of the whole exception chain (HttpClient's
/// outer "An error occurred while sending the request." says nothing by itself), and for a TLS failure which setting
/// to check.
/// </summary>
internal static class TransportFailureDescription
{
    private const string TlsHint =
        "; check ETCD_CA_CERT_FILE (the CA that signed the members' certificates) and ETCD_CERT_FILE/ETCD_KEY_FILE " +
        "(a client certificate signed by a CA the members trust with --client-cert-auth)";

    /// <param name="cause">The failure.</param>
    /// <param name="httpsWithoutClientCertificate">True when the endpoints are https:// and no ETCD_CERT_FILE was given.</param>
    public static string Describe(Exception cause, bool httpsWithoutClientCertificate)
    {
        var messages = new List<string>();
        var tls = false;
        for (var e = cause; e is not null; e = e.InnerException)
        {
            tls |= e is AuthenticationException || (e is HttpRequestException http && http.HttpRequestError == HttpRequestError.SecureConnectionError);
            if (!messages.Contains(e.Message, StringComparer.Ordinal))
            {
                messages.Add(e.Message);
            }
        }

        if (messages.Count > 1)
        {
            messages.Remove("An error occurred while sending the request.");
        }

        var text = string.Join(": ", messages).ReplaceLineEndings(" ");
        if (httpsWithoutClientCertificate && !tls && cause is HttpRequestException { HttpRequestError: not HttpRequestError.ConnectionError and not HttpRequestError.NameResolutionError })
        {
            // With TLS 1.3 a member that requires a client certificate completes the handshake and then closes the
            // connection, so the client only sees HTTP/2 fail.
            return $"the member closed the connection after TLS, as etcd with --client-cert-auth does when the client has no certificate: {text}; " +
                "set ETCD_CERT_FILE and ETCD_KEY_FILE to a client certificate signed by a CA the members trust";
        }

        return tls || text.Contains("certificate", StringComparison.OrdinalIgnoreCase) ? $"TLS failed: {text}{TlsHint}" : text;
    }
}
