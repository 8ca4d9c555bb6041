using Amazon.S3;
using Amazon.S3.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Aws.S3;

/// <summary>
/// Counts the objects under a bucket prefix that match the filters, paging through ListObjectsV2 (1,000 keys a page).
/// With a marker object, only objects modified after it count. One client per scaler, disposed with it.
/// </summary>
internal sealed class S3ObjectsScaler : IScaler
{
    private readonly S3ObjectsTriggerOptions _options;
    private readonly IAmazonS3 _client;

    public S3ObjectsScaler(S3ObjectsTriggerOptions options, ScalerContext context, IAmazonS3 client)
    {
        _options = options;
        _client = client;
        var suffix = string.Join('-', new[] { options.Bucket, options.Prefix }.Where(s => s.Length > 0))
            .Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        MetricSpec = new MetricSpec(
            context.MetricName(new string([.. suffix]).Trim('-')),
            options.TargetObjectCount,
            options.ActivationObjectCount,
            MetricTargetTypes.Of(context.Trigger));
    }

    public MetricSpec MetricSpec { get; }

    public async ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        DateTime? after = null;
        if (_options.MarkerKey is { Length: > 0 } marker)
        {
            try
            {
                var head = await _client.GetObjectMetadataAsync(_options.Bucket, marker, cancellationToken).ConfigureAwait(false);
                after = head.LastModified;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                after = null;
            }
        }

        long count = 0;
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, MaxKeys = 1000 };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);

            // AWSSDK v4 leaves S3Objects null on an empty page.
            foreach (var item in page.S3Objects ?? [])
            {
                if (Matches(item, after))
                {
                    count++;
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }

        return new MetricReading(count, count > _options.ActivationObjectCount);
    }

    private bool Matches(S3Object item, DateTime? after)
    {
        var key = item.Key;
        if (key.EndsWith('/') && item.Size is null or 0)
        {
            return false; // a "folder" placeholder
        }

        if (_options.MarkerKey is { } marker && key == marker)
        {
            return false;
        }

        if (_options.Suffix is { Length: > 0 } suffix && !key.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        if (_options.GlobRegex is { } glob && !glob.IsMatch(key))
        {
            return false;
        }

        return after is null || item.LastModified is not { } modified || modified > after;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
