using Autoscaler.Testing;
using Microsoft.Extensions.Options;

namespace Autoscaler.Tests.EndToEnd;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("--Autoscaler:ReadTimeout", "00:00:00", "ReadTimeout")]
    [InlineData("--Autoscaler:Embedded:ColdStart", "-00:00:01", "ColdStart")]
    [InlineData("--Autoscaler:ReloadInterval", "00:00:00.001", "ReloadInterval")]
    public async Task BadOption_StopsTheServiceAtStartUp_NamingTheOption(string option, string value, string name)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestService.StartAsync(new Dictionary<string, string>(), extraArgs: [option, value]));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }
}
