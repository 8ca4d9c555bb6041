using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Autoscaler.Events;

namespace Autoscaler.Webhooks;

/// <summary>
/// Checks a delivery's credentials: a bearer token, or an HMAC-SHA256 signature of <c>{timestamp}.{body}</c> with a
/// timestamp within the tolerance. Comparisons are constant-time; reasons never contain the secret or the signature.
/// </summary>
internal static class WebhookAuthenticator
{
    /// <summary>Null when authenticated; else the status (401 missing, 403 wrong) and the reason.</summary>
    public static (int Status, string Reason)? Check(PushTriggerOptions options, WebhookRequest request, DateTimeOffset now)
    {
        if (options.Public)
        {
            return null;
        }

        (int, string)? failure = (401, "credentials required: a bearer token or a signature");
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            var header = request.Header("Authorization");
            if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                if (FixedTimeEquals(header.AsSpan(7).Trim(), options.BearerToken))
                {
                    return null;
                }

                failure = (403, "the bearer token is wrong");
            }
        }

        if (!string.IsNullOrEmpty(options.HmacSecret) && request.Header(options.SignatureHeader) is { } signature)
        {
            if (request.Header(options.TimestampHeader) is not { } stamp ||
                !long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return (401, $"header {options.TimestampHeader} (Unix seconds) is required with a signature");
            }

            var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
            if (age.Duration() > options.TimestampTolerance)
            {
                return (401, $"the signed timestamp is outside the tolerance of {options.TimestampTolerance.TotalSeconds:0}s");
            }

            return Verify(options.HmacSecret, stamp, request.Body.Span, signature) ? null : (403, "the signature does not match");
        }

        return failure;
    }

    /// <summary>The hex HMAC-SHA256 of <c>{timestamp}.{body}</c> (what a sender puts in the signature header).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[32];
        Compute(secret, timestamp, body, mac);
        return Convert.ToHexStringLower(mac);
    }

    private static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string signature)
    {
        var hex = signature.AsSpan().Trim();
        if (hex.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[7..];
        }

        Span<byte> given = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Compute(secret, timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static void Compute(string secret, string timestamp, ReadOnlySpan<byte> body, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        hmac.GetHashAndReset(mac);
    }

    private static bool FixedTimeEquals(ReadOnlySpan<char> given, string expected)
    {
        // Hash both so the comparison takes the same time whatever the lengths.
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(given.ToArray()), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
