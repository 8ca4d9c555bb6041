using Autoscaler.Scalers.Http.Prometheus;
using Autoscaler.Scalers.Tests.Aws;

namespace Autoscaler.Scalers.Tests.Http;

/// <summary>Table tests of the prometheus metadata; errors name the field.</summary>
public sealed class PrometheusOptionsTests
{
    private const string Base = "serverAddress=http://prometheus:9090;query=sum(x);threshold=10";
    private static readonly PrometheusScalerFactory Factory = new();

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "query=sum(x);threshold=10", "serverAddress", "is required" },
        { "serverAddress=http://p:9090;threshold=10", "query", "is required" },
        { "serverAddress=http://p:9090;query=x", "threshold", "is required" },
        { "serverAddress=prometheus:9090;query=x;threshold=1", "serverAddress", "absolute http(s) URL" },
        { "serverAddress=http://user:pw@p:9090;query=x;threshold=1", "serverAddress", "credentials" },
        { Base.Replace("threshold=10", "threshold=0"), "threshold", "greater than 0" },
        { Base.Replace("threshold=10", "threshold=lots"), "threshold", "must be a number" },
        { Base + ";activationThreshold=x", "activationThreshold", "must be a number" },
        { Base + ";ignoreNullValues=sometimes", "ignoreNullValues", "true or false" },
        { Base + ";timeout=0", "timeout", "milliseconds" },
        { Base + ";customHeaders=novalue", "customHeaders", "name=value" },
        { Base + ";queryParameters=a", "queryParameters", "name=value" },
        { Base + ";authModes=digest", "authModes", "unknown auth mode 'digest'" },
        { Base + ";treshold=5", "treshold", "did you mean 'threshold'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidMetadata_ErrorNamesTheField(string metadata, string field, string fragment) =>
        Scalers.AssertError(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)), field, fragment);

    [Theory]
    [InlineData(Base)]
    [InlineData(Base + ";activationThreshold=2.5;ignoreNullValues=false;timeout=1000;unsafeSsl=true")]
    [InlineData(Base + ";customHeaders=X-Scope-OrgID=t1,A=b;queryParameters=dedup=false;namespace=n;metricName=legacy")]
    [InlineData(Base + ";authModes=basic,bearer")]
    public void ValidMetadata_NoErrors(string metadata) => Assert.Empty(Scalers.Validate(Factory, SqsQueueOptionsTests.Parse(metadata)));

    [Fact]
    public void BasicWithoutUsername_AtRunTime_ErrorNamesUsername()
    {
        var errors = new Autoscaler.Validation.ErrorList();
        Autoscaler.Scaling.TriggerMetadataBinder.Bind<PrometheusTriggerOptions>(
            Scalers.Trigger("prometheus", SqsQueueOptionsTests.Parse(Base + ";authModes=basic"), withAuthRef: true),
            new Dictionary<string, string> { ["password"] = "pw-secret" }, new Dictionary<string, string>(), errors, resolved: true);
        Scalers.AssertError(errors.Errors, "username", "authModes basic");
        Assert.DoesNotContain("pw-secret", errors.Errors[0].ToString(), StringComparison.Ordinal);
    }
}
