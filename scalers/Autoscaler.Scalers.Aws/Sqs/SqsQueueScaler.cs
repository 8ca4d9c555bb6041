using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Aws.Sqs;

/// <summary>
/// Reads an SQS queue's approximate counts with one GetQueueAttributes call, as KEDA does: visible messages, plus
/// in-flight ones when <c>scaleOnInFlight</c>, plus delayed ones when <c>scaleOnDelayed</c>. Active while the count
/// is above <c>activationQueueLength</c>. One client per scaler, disposed with it.
/// </summary>
internal sealed class SqsQueueScaler : IScaler
{
    private readonly SqsQueueTriggerOptions _options;
    private readonly IAmazonSQS _client;
    private readonly List<string> _attributes;
    private string? _queueUrl;

    public SqsQueueScaler(SqsQueueTriggerOptions options, ScalerContext context, IAmazonSQS client)
    {
        _options = options;
        _client = client;
        _queueUrl = options.IsFullUrl ? options.QueueUrl : null;
        _attributes = [QueueAttributeName.ApproximateNumberOfMessages];
        if (options.ScaleOnInFlight)
        {
            _attributes.Add(QueueAttributeName.ApproximateNumberOfMessagesNotVisible);
        }

        if (options.ScaleOnDelayed)
        {
            _attributes.Add(QueueAttributeName.ApproximateNumberOfMessagesDelayed);
        }

        MetricSpec = new MetricSpec(
            $"s{context.TriggerIndex}-aws-sqs-{options.QueueName}",
            options.QueueLength,
            options.ActivationQueueLength,
            MetricTargetTypes.Of(context.Trigger));
    }

    public MetricSpec MetricSpec { get; }

    public async ValueTask<MetricReading> GetMetricAndActivityAsync(CancellationToken cancellationToken)
    {
        var url = _queueUrl ??= (await _client.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = _options.QueueUrl }, cancellationToken).ConfigureAwait(false)).QueueUrl;
        var response = await _client.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = _attributes }, cancellationToken)
            .ConfigureAwait(false);
        long count = 0;
        foreach (var name in _attributes)
        {
            // AWSSDK v4 leaves collections null when the response has none.
            if (response.Attributes is null || !response.Attributes.TryGetValue(name, out var text))
            {
                throw new InvalidOperationException($"SQS returned no {name} for queue {_options.QueueName}");
            }

            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidOperationException($"SQS returned a non-numeric {name} '{text}' for queue {_options.QueueName}");
            }

            count += value;
        }

        return new MetricReading(count, count > _options.ActivationQueueLength);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
