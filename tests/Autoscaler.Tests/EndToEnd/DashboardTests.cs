using Autoscaler.Testing;

namespace Autoscaler.Tests.EndToEnd;

/// <summary>The dashboard in a real headless Chromium: the page's script renders the objects from the REST API.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task Dashboard_RendersEveryObjectWithItsReplicas_InARealBrowser()
    {
        var sample = await File.ReadAllTextAsync(RepoPaths.InRoot("manifests", "samples", "demo-manual.yaml"));
        await using var service = await TestService.StartAsync(new Dictionary<string, string> { ["demo.yaml"] = sample });
        await service.Client.PutAsync("/api/demo/sources/inbox", new StringContent("{\"value\": 42}", System.Text.Encoding.UTF8, "application/json"));
        await Eventually.WaitAsync(async () => (await service.GetJsonAsync("/api/scaledobjects/demo/inbox-consumer")).GetProperty("desiredReplicas").GetInt32() == 9, "9 replicas");

        var chromium = RequiredTool.Find("chromium", "/usr/bin/chromium");
        var profile = Directory.CreateTempSubdirectory("chromium-").FullName;
        try
        {
            await using var browser = ManagedProcess.Start(chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000",
                "--dump-dom", service.Client.BaseAddress!.ToString(),
            ]);
            var exit = await browser.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit == 0, browser.Output);
            var dom = browser.Output;
            Assert.Contains("<tr data-name=\"demo/inbox-consumer\">", dom, StringComparison.Ordinal);
            Assert.Contains("9 / 9 / ", dom, StringComparison.Ordinal);
            Assert.Contains("1 ScaledObject(s), 0 ScaledJob(s)", dom, StringComparison.Ordinal);
            Assert.Contains("inbox <span class=\"num\">42 / 5</span> → 9", dom, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
