using Autoscaler.Scalers.Cron;
using Autoscaler.Scalers.Tests.Aws;
using Autoscaler.Scaling;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Scalers.Tests.Cron;

/// <summary>Table tests of the cron metadata, and the window decided at scripted times.</summary>
public sealed class CronOptionsTests
{
    private const string Base = "timezone=Europe/Berlin;start=0 8 * * 1-5;end=0 18 * * 1-5;desiredReplicas=4";
    private static readonly CronScalerFactory Factory = new();

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "start=0 8 * * *;end=0 18 * * *;desiredReplicas=1", "timezone", "is required" },
        { "timezone=UTC;end=0 18 * * *;desiredReplicas=1", "start", "is required" },
        { "timezone=UTC;start=0 8 * * *;desiredReplicas=1", "end", "is required" },
        { "timezone=UTC;start=0 8 * * *;end=0 18 * * *", "desiredReplicas", "is required" },
        { "timezone=Mars/Olympus;start=0 8 * * *;end=0 18 * * *;desiredReplicas=1", "timezone", "unknown time zone" },
        { "timezone=UTC;start=61 8 * * *;end=0 18 * * *;desiredReplicas=1", "start", "invalid cron expression" },
        { "timezone=UTC;start=0 8 * * *;end=every evening;desiredReplicas=1", "end", "invalid cron expression" },
        { "timezone=UTC;start=0 8 * * *;end=0 8 * * *;desiredReplicas=1", "end", "must differ from start" },
        { "timezone=UTC;start=0 8 * * *;end=0 18 * * *;desiredReplicas=0", "desiredReplicas", "at least 1" },
        { "timezone=UTC;start=0 8 * * *;end=0 18 * * *;desiredReplicas=two", "desiredReplicas", "whole number" },
        { Base + ";desiredReplica=3", "desiredReplica", "did you mean 'desiredReplicas'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidMetadata_ErrorNamesTheField(string metadata, string field, string fragment) =>
        Scalers.AssertError(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)), field, fragment);

    [Theory]
    [InlineData(Base)]
    [InlineData("timezone=UTC;start=*/10 * * * *;end=5-59/10 * * * *;desiredReplicas=1")]
    [InlineData("timezone=America/New_York;start=30 9 * * *;end=0 16 * * *;desiredReplicas=10")]
    public void ValidMetadata_NoErrors(string metadata) => Assert.Empty(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)));

    [Theory]
    [InlineData("2026-11-23T06:59:00Z", 0, false)]  // Monday 07:59 Berlin: before the window
    [InlineData("2026-11-23T07:00:00Z", 4, true)]   // 08:00 Berlin: the window opens
    [InlineData("2026-11-23T16:59:00Z", 4, true)]   // 17:59 Berlin
    [InlineData("2026-11-23T17:00:00Z", 0, false)]  // 18:00 Berlin: closed
    [InlineData("2026-11-28T10:00:00Z", 0, false)]  // Saturday
    public async Task Window_AtScriptedTimes(string utc, double value, bool active)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        await using var scaler = Scalers.Create(Factory, SqsQueueOptionsTests.Parse(Base), time: time);
        Assert.Equal(new MetricReading(value, active), await scaler.GetMetricAndActivityAsync(default));
    }
}
