using System.Text.RegularExpressions;
using Autoscaler.Scaling;
using Autoscaler.Validation;

namespace Autoscaler.Scalers.Aws.S3;

/// <summary>
/// The <c>aws-s3</c> trigger's metadata (KEDA has no such scaler; the AWS fields keep KEDA's names): the objects under
/// <c>bucket</c>/<c>prefix</c> that match <c>suffix</c> or <c>glob</c>, optionally only those newer than a marker object.
/// </summary>
public sealed class S3ObjectsTriggerOptions : AwsTriggerOptions
{
    /// <summary>The bucket name. Required.</summary>
    [TriggerField("bucket", Sources = TriggerFieldSource.MetadataOrEnv)]
    public string Bucket { get; set; } = "";

    /// <summary>Only keys that start with this (an "inbox folder" such as <c>incoming/</c>). The default is empty: the whole bucket.</summary>
    [TriggerField("prefix", Optional = true)]
    public string Prefix { get; set; } = "";

    /// <summary>Only keys that end with this, for example <c>.csv</c>. Optional.</summary>
    [TriggerField("suffix", Optional = true)]
    public string? Suffix { get; set; }

    /// <summary>
    /// Only keys matching this glob over the whole key: <c>*</c> is any run of characters except <c>/</c>,
    /// <c>**</c> any run including <c>/</c>, <c>?</c> one character. Optional; may be combined with <see cref="Suffix"/>.
    /// </summary>
    [TriggerField("glob", Optional = true)]
    public string? Glob { get; set; }

    /// <summary>Target objects per replica. The default is 5.</summary>
    [TriggerField("targetObjectCount", Default = "5")]
    public long TargetObjectCount { get; set; } = 5;

    /// <summary>The trigger is active while the count is above this. The default is 0.</summary>
    [TriggerField("activationObjectCount", Default = "0")]
    public long ActivationObjectCount { get; set; }

    /// <summary>
    /// The key of a marker object the consumer rewrites after each batch: only objects modified after the marker count
    /// (the marker itself never counts). Optional; when the marker does not exist yet, every matching object counts.
    /// </summary>
    [TriggerField("markerKey", Optional = true)]
    public string? MarkerKey { get; set; }

    /// <summary>Path-style URLs (<c>endpoint/bucket/key</c>), which most S3-compatible stores need. The default is true when <c>awsEndpoint</c> is set, else false.</summary>
    [TriggerField("forcePathStyle", Optional = true)]
    public bool? ForcePathStyle { get; set; }

    /// <summary>The compiled <see cref="Glob"/>, when given.</summary>
    internal Regex? GlobRegex { get; private set; }

    /// <inheritdoc />
    public override void Validate(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        base.Validate(errors);
        if (Bucket.Length is > 0 and (< 3 or > 63) || Bucket.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
        {
            errors.Add("bucket", $"must be an S3 bucket name (3-63 lower-case letters, digits, '-' or '.'), got '{Bucket}'");
        }

        if (TargetObjectCount <= 0)
        {
            errors.Add("targetObjectCount", $"must be greater than 0, got {TargetObjectCount}");
        }

        if (ActivationObjectCount < 0)
        {
            errors.Add("activationObjectCount", $"must be 0 or more, got {ActivationObjectCount}");
        }

        if (Glob is { Length: > 0 } glob)
        {
            GlobRegex = GlobToRegex(glob);
        }
    }

    /// <summary>Translates a glob into an anchored regular expression.</summary>
    internal static Regex GlobToRegex(string glob)
    {
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                pattern.Append("[^/]*");
            }
            else if (c == '?')
            {
                pattern.Append("[^/]");
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
