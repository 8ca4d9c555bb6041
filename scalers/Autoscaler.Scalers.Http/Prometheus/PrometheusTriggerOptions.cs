using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Http.Prometheus;

/// <summary>The <c>prometheus</c> trigger's metadata, with KEDA's field names and defaults.</summary>
[IgnoredTriggerFields("metricName")]
public sealed class PrometheusTriggerOptions : HttpTriggerOptions
{
    /// <summary>The Prometheus server, for example <c>http://prometheus:9090</c>. Required.</summary>
    [TriggerField("serverAddress", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string ServerAddress { get; set; } = "";

    /// <summary>A PromQL instant query that returns exactly one sample. Required.</summary>
    [TriggerField("query")]
    public string Query { get; set; } = "";

    /// <summary>The target value (per replica with AverageValue). Required; greater than 0.</summary>
    [TriggerField("threshold")]
    public double Threshold { get; set; }

    /// <summary>The trigger is active while the value is above this. The default is 0.</summary>
    [TriggerField("activationThreshold", Default = "0")]
    public double ActivationThreshold { get; set; }

    /// <summary>
    /// An empty result (or NaN/±Inf) reads as 0 when true (the default); when false it is an error ("the target may
    /// be lost").
    /// </summary>
    [TriggerField("ignoreNullValues", Default = "true")]
    public bool IgnoreNullValues { get; set; } = true;

    /// <summary>Extra query-string parameters, <c>name1=value1,name2=value2</c>. Optional.</summary>
    [TriggerField("queryParameters", Optional = true)]
    public string? QueryParameters { get; set; }

    /// <summary>A tenant namespace (Thanos/Cortex/Mimir), sent as the <c>namespace</c> query parameter. Optional.</summary>
    [TriggerField("namespace", Optional = true)]
    public string? Namespace { get; set; }

    /// <summary>The parsed <see cref="QueryParameters"/>.</summary>
    internal List<KeyValuePair<string, string>> Parameters { get; } = [];

    /// <inheritdoc />
    public override void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        base.Validate(errors);
        if (!Uri.TryCreate(ServerAddress, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("serverAddress", $"must be an absolute http(s) URL, got '{ServerAddress}'");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add("serverAddress", "must not carry credentials; use a TriggerAuthentication with authModes basic");
        }

        if (string.IsNullOrWhiteSpace(Query))
        {
            errors.Add("query", "must not be empty");
        }

        if (Threshold <= 0)
        {
            errors.Add("threshold", $"must be greater than 0, got {Threshold}");
        }

        if (QueryParameters is { Length: > 0 } parameters)
        {
            ParsePairs(parameters, "queryParameters", Parameters, errors);
        }
    }
}
