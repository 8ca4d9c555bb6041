using System.Globalization;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Http;

/// <summary>
/// What every HTTP-read trigger shares, with KEDA's names: the request timeout, TLS settings, extra headers and the
/// authentication parameters (<c>authModes</c>: <c>basic</c>, <c>bearer</c>, <c>tls</c>, <c>custom</c>).
/// </summary>
public abstract class HttpTriggerOptions : IValidatableTriggerOptions
{
    /// <summary>The request timeout in milliseconds. The default is 3000 (3 s); greater than 0.</summary>
    [TriggerField("timeout", Default = "3000")]
    public int TimeoutMilliseconds { get; set; } = 3000;

    /// <summary>Skip verifying the server's TLS certificate. The default is false.</summary>
    [TriggerField("unsafeSsl", Default = "false")]
    public bool UnsafeSsl { get; set; }

    /// <summary>Extra request headers, <c>name1=value1,name2=value2</c>. Optional.</summary>
    [TriggerField("customHeaders", Optional = true)]
    public string? CustomHeaders { get; set; }

    /// <summary>
    /// Comma-separated: <c>basic</c> (username/password), <c>bearer</c> (bearerToken), <c>tls</c> (ca/cert/key),
    /// <c>custom</c> (customAuthHeader/customAuthValue). From the metadata or a TriggerAuthentication. Optional.
    /// </summary>
    [TriggerField("authModes", Optional = true, Sources = TriggerFieldSource.Metadata | TriggerFieldSource.Auth)]
    public string? AuthModes { get; set; }

    /// <summary>Basic-auth user. From a TriggerAuthentication.</summary>
    [TriggerField("username", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Username { get; set; }

    /// <summary>Basic-auth password. From a TriggerAuthentication. Secret.</summary>
    [TriggerField("password", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Password { get; set; }

    /// <summary>Bearer token. From a TriggerAuthentication. Secret.</summary>
    [TriggerField("bearerToken", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? BearerToken { get; set; }

    /// <summary>Header name for <c>custom</c> auth. From a TriggerAuthentication.</summary>
    [TriggerField("customAuthHeader", Optional = true, Sources = TriggerFieldSource.Auth)]
    public string? CustomAuthHeader { get; set; }

    /// <summary>Header value for <c>custom</c> auth. From a TriggerAuthentication. Secret.</summary>
    [TriggerField("customAuthValue", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? CustomAuthValue { get; set; }

    /// <summary>CA certificate (PEM) for <c>tls</c>. From a TriggerAuthentication.</summary>
    [TriggerField("ca", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Ca { get; set; }

    /// <summary>Client certificate (PEM) for <c>tls</c>. From a TriggerAuthentication.</summary>
    [TriggerField("cert", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Cert { get; set; }

    /// <summary>Client key (PEM) for <c>tls</c>. From a TriggerAuthentication. Secret.</summary>
    [TriggerField("key", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? Key { get; set; }

    /// <summary>The parsed <see cref="CustomHeaders"/>.</summary>
    internal List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>The parsed <see cref="AuthModes"/>.</summary>
    internal HashSet<string> Modes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public virtual void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (TimeoutMilliseconds <= 0)
        {
            errors.Add("timeout", $"must be a number of milliseconds greater than 0, got {TimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}");
        }

        if (CustomHeaders is { Length: > 0 } headers)
        {
            ParsePairs(headers, "customHeaders", Headers, errors);
        }

        foreach (var mode in (AuthModes ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (mode is not ("basic" or "bearer" or "tls" or "custom"))
            {
                errors.Add("authModes", $"unknown auth mode '{mode}'; use basic, bearer, tls or custom");
                continue;
            }

            Modes.Add(mode);
        }

        // Only checked when the secrets are known (at run time): at load time they are not bound yet.
        if (Username is not null || Password is not null || BearerToken is not null || CustomAuthValue is not null || Cert is not null)
        {
            Require("basic", Username, "username", errors);
            Require("bearer", BearerToken, "bearerToken", errors);
            Require("custom", CustomAuthHeader, "customAuthHeader", errors);
            Require("custom", CustomAuthValue, "customAuthValue", errors);
            if (Modes.Contains("tls") && (Cert is null) != (Key is null))
            {
                errors.Add(Cert is null ? "cert" : "key", "cert and key must be given together");
            }
        }
    }

    /// <summary>Parses <c>a=b,c=d</c> into <paramref name="into"/>, reporting a malformed pair against <paramref name="field"/>.</summary>
    internal static void ParsePairs(string text, string field, List<KeyValuePair<string, string>> into, ErrorList errors)
    {
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                errors.Add(field, $"'{pair}' is not name=value");
                return;
            }

            into.Add(new(pair[..at].Trim(), pair[(at + 1)..].Trim()));
        }
    }

    private void Require(string mode, string? value, string field, ErrorList errors)
    {
        if (Modes.Contains(mode) && string.IsNullOrEmpty(value))
        {
            errors.Add(field, $"is required for authModes {mode}");
        }
    }
}
