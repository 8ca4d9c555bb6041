using Autoscaler.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Autoscaler.Tests.EndToEnd;

/// <summary>The README's tour, on a fake clock: the shipped demo sample goes 0 → N → 0 within two minutes.</summary>
public sealed class SampleTourTests
{
    [Fact]
    public async Task ShippedDemoWaveSample_GoesZeroToFiveAndBackToZero_WithinTwoMinutes()
    {
        var sample = await File.ReadAllTextAsync(RepoPaths.InRoot("manifests", "samples", "demo-wave.yaml"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        await using var service = await TestService.StartAsync(
            new Dictionary<string, string> { ["demo-wave.yaml"] = sample },
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var start = time.GetUtcNow();

        var timeline = new List<(double Seconds, int Desired, int Ready)>();
        for (var second = 0; second <= 120; second++)
        {
            var now = time.GetUtcNow();
            var status = await Eventually.ValueAsync(() => service.GetJsonAsync("/api/scaledobjects/demo/orders-worker"),
                s => s.TryGetProperty("lastDecisionTime", out var t) && t.GetDateTimeOffset() >= now - TimeSpan.FromSeconds(5),
                $"a decision within the last polling interval at t={second}s");
            timeline.Add(((now - start).TotalSeconds, status.GetProperty("desiredReplicas").GetInt32(), status.GetProperty("readyReplicas").GetInt32()));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // Idle first; the burst starts 10 s in and the demo source pushes, so 0 -> 5 comes without waiting for a poll.
        Assert.All(timeline.Where(p => p.Seconds < 10), p => Assert.Equal(0, p.Desired));
        var up = timeline.First(p => p.Desired > 0);
        Assert.Equal(5, up.Desired);
        Assert.InRange(up.Seconds, 10, 11);
        Assert.Contains(timeline, p => p.Ready == 5);

        // The burst ends at 40 s; the last read that saw it active was at most one 5 s poll before that, and
        // 20 s (cooldownPeriod) after that read it is back to 0.
        var down = timeline.First(p => p.Seconds > up.Seconds && p.Desired == 0);
        Assert.InRange(down.Seconds, 55, 61);
        Assert.All(timeline.Where(p => p.Seconds > down.Seconds && p.Seconds < 120), p => Assert.Equal(0, p.Desired));
    }
}
