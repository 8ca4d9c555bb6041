using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Http.MetricsApi;

/// <summary>The <c>metrics-api</c> trigger's metadata, with KEDA's field names and defaults.</summary>
public sealed class MetricsApiTriggerOptions : HttpTriggerOptions
{
    /// <summary>The URL to GET. Required.</summary>
    [TriggerField("url", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string Url { get; set; } = "";

    /// <summary>Where the number is in the document: a GJSON-style path such as <c>components.worker.tasks</c> or <c>items.0.value</c>. Required.</summary>
    [TriggerField("valueLocation")]
    public string ValueLocation { get; set; } = "";

    /// <summary>The target value (per replica with AverageValue). Required; greater than 0.</summary>
    [TriggerField("targetValue")]
    public double TargetValue { get; set; }

    /// <summary>The trigger is active while the value is above this. The default is 0.</summary>
    [TriggerField("activationTargetValue", Default = "0")]
    public double ActivationTargetValue { get; set; }

    /// <summary>The document's format. The default (and only supported value) is <c>json</c>.</summary>
    [TriggerField("format", Default = "json", AllowedValues = ["json"])]
    public string Format { get; set; } = "json";

    /// <summary>The parsed <see cref="ValueLocation"/>.</summary>
    internal string[] Path { get; private set; } = [];

    /// <inheritdoc />
    public override void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        base.Validate(errors);
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("url", $"must be an absolute http(s) URL, got '{Url}'");
        }

        Path = ValueLocation.Split('.');
        if (ValueLocation.Trim().Length == 0 || Path.Any(p => p.Length == 0))
        {
            errors.Add("valueLocation", $"must be a dotted path such as components.worker.tasks, got '{ValueLocation}'");
        }

        if (TargetValue <= 0)
        {
            errors.Add("targetValue", $"must be greater than 0, got {TargetValue}");
        }
    }
}
