using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.AwsS3Events;

/// <summary>
/// Whether an SNS signing certificate is trusted: its chain must build to one of the system's roots, or to a CA of the
/// configured bundle (<c>snsCaFile</c>), with every certificate inside its validity period at the injected clock's now.
/// Revocation is not checked (it would need the CA's CRL or OCSP servers). A certificate that passes is remembered
/// until its (or its chain's earliest) <c>NotAfter</c>, so the chain is built once per certificate, not per message.
/// </summary>
internal sealed class SnsCertificateTrust
{
    private readonly X509Certificate2Collection _bundle;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _trusted = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private SnsCertificateTrust(X509Certificate2Collection bundle, TimeProvider time)
    {
        _bundle = bundle;
        _time = time;
    }

    /// <summary>The trust of one trigger: the system's roots plus the CA certificates of <paramref name="caFile"/> (PEM), if given.</summary>
    /// <exception cref="ScalerConfigurationException">The file cannot be read or holds no certificate.</exception>
    public static SnsCertificateTrust Load(string? caFile, TimeProvider time)
    {
        var bundle = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(caFile))
        {
            try
            {
                bundle.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new ScalerConfigurationException($"snsCaFile: '{caFile}' could not be read as PEM certificates: {e.Message}");
            }

            if (bundle.Count == 0)
            {
                throw new ScalerConfigurationException($"snsCaFile: '{caFile}' holds no PEM certificate");
            }
        }

        return new SnsCertificateTrust(bundle, time);
    }

    /// <summary>Null when <paramref name="certificate"/> is trusted now; else why not (chain status, never key material).</summary>
    public string? Check(X509Certificate2 certificate)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_trusted.TryGetValue(certificate.Thumbprint, out var until) && now < until && now >= certificate.NotBefore)
            {
                return null;
            }
        }

        var system = Build(certificate, now, custom: false, out var systemUntil);
        var reason = system;
        var trustedUntil = systemUntil;
        if (system is not null && _bundle.Count > 0)
        {
            reason = Build(certificate, now, custom: true, out trustedUntil);
        }

        if (reason is null)
        {
            lock (_lock)
            {
                _trusted[certificate.Thumbprint] = trustedUntil;
            }
        }

        return reason;
    }

    private string? Build(X509Certificate2 certificate, DateTimeOffset now, bool custom, out DateTimeOffset until)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.DisableCertificateDownloads = custom;
        if (custom)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_bundle);
            chain.ChainPolicy.ExtraStore.AddRange(_bundle);
        }

        var valid = chain.Build(certificate);
        until = DateTimeOffset.MaxValue;
        foreach (var element in chain.ChainElements)
        {
            var notAfter = new DateTimeOffset(element.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter < until)
            {
                until = notAfter;
            }

            if (!ReferenceEquals(element.Certificate, certificate))
            {
                element.Certificate.Dispose();
            }
        }

        if (valid)
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList();
        if (problems.Contains(X509ChainStatusFlags.NotTimeValid))
        {
            return $"it is outside its validity period ({certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}) or so is its issuer";
        }

        var names = string.Join(", ", problems);
        return custom
            ? $"its chain does not lead to the system's roots or a CA of snsCaFile ({names})"
            : $"its chain does not lead to the system's trusted roots ({names}); set snsCaFile for a private CA";
    }
}
