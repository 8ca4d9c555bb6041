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
        var matching = new List<DateTime?>();
        DateTime? marker = null;
        var markerListed = false;
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, MaxKeys = 1000 };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);

            // AWSSDK v4 leaves S3Objects null on an empty page.
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key == _options.MarkerKey)
                {
                    marker = item.LastModified;
                    markerListed = true;
                }
                else if (Matches(item))
                {
                    matching.Add(item.LastModified);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }

        if (_options.MarkerKey is { Length: > 0 } markerKey && !markerListed)
        {
            // The marker lives outside the prefix: HEAD it (its time then has one-second precision).
            try
            {
                marker = (await _client.GetObjectMetadataAsync(_options.Bucket, markerKey, cancellationToken).ConfigureAwait(false)).LastModified;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                marker = null;
            }
        }

        long count = marker is { } after ? matching.Count(m => m is not { } modified || modified > after) : matching.Count;
        return new MetricReading(count, count > _options.ActivationObjectCount);
    }

    private bool Matches(S3Object item)
    {
        var key = item.Key;
        if (key.EndsWith('/') && item.Size is null or 0)
        {
            return false; // a "folder" placeholder
        }

        if (_options.Suffix is { Length: > 0 } suffix && !key.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        if (_options.GlobRegex is { } glob && !glob.IsMatch(key))
        {
            return false;
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
