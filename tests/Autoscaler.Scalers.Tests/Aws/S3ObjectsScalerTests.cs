using Amazon.S3.Model;
using Autoscaler.Scalers.Aws.S3;
using Autoscaler.Scalers.Tests.Servers;
using Autoscaler.Scaling;

namespace Autoscaler.Scalers.Tests.Aws;

/// <summary>The aws-s3 scaler against fauxqs's S3 on 127.0.0.1, and its metadata table.</summary>
public sealed class S3ObjectsScalerTests
{
    private static readonly S3ObjectsScalerFactory Factory = new();

    private static readonly Dictionary<string, string> Auth = new()
    {
        ["awsAccessKeyID"] = Fauxqs.AccessKey,
        ["awsSecretAccessKey"] = Fauxqs.SecretKey,
    };

    private static IScaler Scaler(Fauxqs server, string extra)
    {
        var metadata = SqsQueueOptionsTests.Parse($"bucket=inbox;awsRegion={Fauxqs.Region};{extra}");
        metadata["awsEndpoint"] = server.Endpoint;
        return Scalers.Create(Factory, metadata, Auth);
    }

    private static async Task PutAsync(Amazon.S3.AmazonS3Client s3, params string[] keys)
    {
        foreach (var key in keys)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "inbox", Key = key, ContentBody = "x", UseChunkEncoding = false });
        }
    }

    [Theory]
    [InlineData("", 6)]
    [InlineData("prefix=incoming/", 4)]
    [InlineData("prefix=incoming/;suffix=.csv", 2)]
    [InlineData("glob=incoming/*.csv", 2)]
    [InlineData("glob=**.csv", 3)]
    [InlineData("glob=incoming/?.json", 1)]
    [InlineData("prefix=none/", 0)]
    public async Task CountsMatchingObjects(string metadata, double expected)
    {
        await using var server = await Fauxqs.StartAsync();
        using var s3 = server.S3Client();
        await s3.PutBucketAsync("inbox");
        await PutAsync(s3, "incoming/a.csv", "incoming/b.csv", "incoming/c.json", "incoming/deep/d.txt", "archive/e.csv", "top.txt");
        await using var scaler = Scaler(server, metadata);
        Assert.Equal(new MetricReading(expected, expected > 0), await scaler.GetMetricAndActivityAsync(default));
    }

    [Fact]
    public async Task PagesThroughMoreThanOneThousandObjects()
    {
        await using var server = await Fauxqs.StartAsync();
        using var s3 = server.S3Client();
        await s3.PutBucketAsync("inbox");
        await Parallel.ForEachAsync(Enumerable.Range(0, 1_203), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await PutAsync(s3, $"incoming/{i:D5}.bin"));
        await using var scaler = Scaler(server, "prefix=incoming/;targetObjectCount=100;activationObjectCount=1500");
        Assert.Equal(new MetricReading(1_203, false), await scaler.GetMetricAndActivityAsync(default));
    }

    [Fact]
    public async Task MarkerKey_CountsOnlyObjectsNewerThanTheMarker()
    {
        await using var server = await Fauxqs.StartAsync();
        using var s3 = server.S3Client();
        await s3.PutBucketAsync("inbox");
        await PutAsync(s3, "incoming/old-1", "incoming/old-2");
        await using var scaler = Scaler(server, "prefix=incoming/;markerKey=incoming/.processed");
        Assert.Equal(2, (await scaler.GetMetricAndActivityAsync(default)).Value); // no marker yet: all count

        await PutAsync(s3, "incoming/.processed");
        var marker = (await s3.GetObjectMetadataAsync("inbox", "incoming/.processed")).LastModified;
        await Autoscaler.Testing.Eventually.WaitAsync(() => DateTime.UtcNow > marker!.Value.ToUniversalTime().AddSeconds(1), "the clock to pass the marker's second");
        await PutAsync(s3, "incoming/new-1");
        Assert.Equal(1, (await scaler.GetMetricAndActivityAsync(default)).Value);
    }

    [Fact]
    public async Task MissingBucket_And_ServerStopped_AreReadErrors()
    {
        await using var server = await Fauxqs.StartAsync();
        await using var scaler = Scaler(server, "");
        var missing = await Assert.ThrowsAnyAsync<Exception>(async () => await scaler.GetMetricAndActivityAsync(default));
        Assert.Contains("bucket", missing.Message, StringComparison.OrdinalIgnoreCase);

        await server.StopAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await scaler.GetMetricAndActivityAsync(deadline.Token));
        Assert.False(deadline.IsCancellationRequested);
        Assert.DoesNotContain(Fauxqs.SecretKey, failure.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "awsRegion=us-east-1", "bucket", "is required" },
        { "bucket=inbox", "awsRegion", "is required" },
        { "bucket=In_Box;awsRegion=us-east-1", "bucket", "S3 bucket name" },
        { "bucket=inbox;awsRegion=us-east-1;targetObjectCount=0", "targetObjectCount", "greater than 0" },
        { "bucket=inbox;awsRegion=us-east-1;activationObjectCount=-2", "activationObjectCount", "0 or more" },
        { "bucket=inbox;awsRegion=us-east-1;forcePathStyle=always", "forcePathStyle", "true or false" },
        { "bucket=inbox;awsRegion=us-east-1;prefx=a/", "prefx", "did you mean 'prefix'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidMetadata_ErrorNamesTheField(string metadata, string field, string fragment) =>
        Scalers.AssertError(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)), field, fragment);

    [Theory]
    [InlineData("bucket=inbox;awsRegion=us-east-1")]
    [InlineData("bucket=my.bucket-1;awsRegion=eu-west-1;prefix=in/;suffix=.csv;glob=in/**;targetObjectCount=20;activationObjectCount=2;markerKey=in/.done;forcePathStyle=true")]
    public void ValidMetadata_NoErrors(string metadata) => Assert.Empty(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)));
}
