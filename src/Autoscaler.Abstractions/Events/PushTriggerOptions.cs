using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Events;

/// <summary>
/// The trigger fields every push trigger shares (counting, queue, one Job per event, webhook security and limits).
/// A push trigger's options class derives from this and adds its source's fields and filters.
/// </summary>
public class PushTriggerOptions : IValidatableTriggerOptions
{
    /// <summary>The longest <see cref="Window"/>: one hour.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    /// <summary><c>rate</c> (events per second over <c>window</c>, the default) or <c>pending</c>.</summary>
    [TriggerField("metric", Default = "rate")]
    public EventMetric Metric { get; set; }

    /// <summary>The window of the <c>rate</c> metric, whole seconds from 1 s to 1 h. The default is 60 seconds.</summary>
    [TriggerField("window", Default = "60s")]
    public TimeSpan Window { get; set; }

    /// <summary>The metric value per replica (events/s or pending events). The default is 10.</summary>
    [TriggerField("targetValue", Default = "10")]
    public double TargetValue { get; set; }

    /// <summary>Active while the metric is above this. The default is 0, so one event activates the trigger.</summary>
    [TriggerField("activationTargetValue", Default = "0")]
    public double ActivationTargetValue { get; set; }

    /// <summary>ScaledObject, <c>pending</c> metric: an event stops counting after this. The default is 5 minutes.</summary>
    [TriggerField("pendingTimeout", Default = "5m")]
    public TimeSpan PendingTimeout { get; set; }

    /// <summary>ScaledJob: create one Job per event (the default is false: Jobs follow the count, as KEDA does).</summary>
    [TriggerField("jobPerEvent", Default = "false")]
    public bool JobPerEvent { get; set; }

    /// <summary>
    /// One Job per event: extra environment for the Job, <c>NAME=path</c> pairs separated by commas, where path names an
    /// event attribute or a data field (<c>data.bucket.name</c>). Besides these every Job gets <c>EVENT_ID</c> and
    /// <c>EVENT_TYPE</c>, plus what the trigger type documents (<c>S3_BUCKET</c>, <c>S3_KEY</c>, ...).
    /// </summary>
    [TriggerField("jobEnv", Optional = true)]
    public string? JobEnv { get; set; }

    /// <summary>
    /// The most events that may wait (for their Job, or while pending) before deliveries are refused with 429 so the
    /// sender retries. The default is 10000.
    /// </summary>
    [TriggerField("maxQueuedEvents", Default = "10000")]
    public int MaxQueuedEvents { get; set; }

    /// <summary>Accept deliveries without credentials. The default is false: an HMAC secret or a bearer token is required.</summary>
    [TriggerField("public", Default = "false")]
    public bool Public { get; set; }

    /// <summary>The HMAC-SHA256 key for body signatures. From TriggerAuthentication only; never logged or echoed.</summary>
    [TriggerField("hmacSecret", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? HmacSecret { get; set; }

    /// <summary>The bearer token deliveries must carry (<c>Authorization: Bearer ...</c>). From TriggerAuthentication only.</summary>
    [TriggerField("bearerToken", Optional = true, Sources = TriggerFieldSource.Auth, Secret = true)]
    public string? BearerToken { get; set; }

    /// <summary>The header with the hex HMAC-SHA256 signature (optionally <c>sha256=</c>-prefixed). The default is <c>X-Signature-256</c>.</summary>
    [TriggerField("signatureHeader", Default = "X-Signature-256")]
    public string SignatureHeader { get; set; } = "";

    /// <summary>The header with the delivery's Unix time in seconds; the signature covers <c>{timestamp}.{body}</c>. The default is <c>X-Signature-Timestamp</c>.</summary>
    [TriggerField("timestampHeader", Default = "X-Signature-Timestamp")]
    public string TimestampHeader { get; set; } = "";

    /// <summary>How far the signed timestamp may be from now, against replays. The default is 300 seconds.</summary>
    [TriggerField("timestampTolerance", Default = "300s")]
    public TimeSpan TimestampTolerance { get; set; }

    /// <summary>The largest body accepted, in bytes; larger gets 413. The default is 1048576 (1 MiB).</summary>
    [TriggerField("maxBodySize", Default = "1048576")]
    public int MaxBodySize { get; set; }

    /// <summary>Deliveries per second accepted for this trigger; more get 429. The default is 0 (no limit).</summary>
    [TriggerField("rateLimit", Default = "0")]
    public int RateLimit { get; set; }

    /// <summary>Deliveries accepted in a burst above <c>rateLimit</c>. The default is 0, meaning <c>rateLimit</c>.</summary>
    [TriggerField("rateLimitBurst", Default = "0")]
    public int RateLimitBurst { get; set; }

    /// <inheritdoc />
    public virtual void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (TargetValue <= 0)
        {
            errors.Add("targetValue", "must be greater than 0");
        }

        if (Window < TimeSpan.FromSeconds(1) || Window > MaxWindow || Window.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add("window", "must be whole seconds from 1s to 1h");
        }

        if (PendingTimeout <= TimeSpan.Zero)
        {
            errors.Add("pendingTimeout", "must be greater than 0");
        }

        if (MaxQueuedEvents < 1)
        {
            errors.Add("maxQueuedEvents", "must be at least 1");
        }

        if (MaxBodySize < 1)
        {
            errors.Add("maxBodySize", "must be at least 1");
        }

        if (RateLimit < 0 || RateLimitBurst < 0)
        {
            errors.Add(RateLimit < 0 ? "rateLimit" : "rateLimitBurst", "must be at least 0");
        }

        if (TimestampTolerance <= TimeSpan.Zero)
        {
            errors.Add("timestampTolerance", "must be greater than 0");
        }

        if (JobEnv is { Length: > 0 } && !JobEnvTemplate.TryParse(JobEnv, out _, out var reason))
        {
            errors.Add("jobEnv", reason);
        }
    }
}
