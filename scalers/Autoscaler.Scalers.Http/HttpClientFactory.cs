using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Autoscaler.Scalers.Http;

/// <summary>Builds the one HttpClient a scaler keeps: its timeout, TLS, auth and extra headers.</summary>
internal static class HttpClientFactory
{
    public static HttpClient Create(HttpTriggerOptions options)
    {
#pragma warning disable CA2000 // The handler is owned (and disposed) by the client.
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds) };
#pragma warning restore CA2000
        if (options.UnsafeSsl)
        {
#pragma warning disable CA5359 // Opted into by the user with unsafeSsl: true, as in KEDA.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        if (options.Modes.Contains("tls"))
        {
            if (options.Cert is { Length: > 0 } cert && options.Key is { Length: > 0 } key)
            {
                handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPem(cert, key)];
            }

            if (options.Ca is { Length: > 0 } ca && !options.UnsafeSsl)
            {
                var authority = X509Certificate2.CreateFromPem(ca);
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                };
            }
        }

        var client = new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds) };
        var headers = client.DefaultRequestHeaders;
        foreach (var (name, value) in options.Headers)
        {
            headers.TryAddWithoutValidation(name, value);
        }

        if (options.Modes.Contains("basic") && options.Username is { } user)
        {
            headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
        }

        if (options.Modes.Contains("bearer") && options.BearerToken is { } token)
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (options.Modes.Contains("custom") && options.CustomAuthHeader is { } header && options.CustomAuthValue is { } value2)
        {
            headers.TryAddWithoutValidation(header, value2);
        }

        return client;
    }

    /// <summary>A failed response as a short message that never echoes request headers.</summary>
    public static async Task<InvalidOperationException> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 300)
        {
            body = body[..300] + "...";
        }

        return new InvalidOperationException($"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}");
    }
}
