using Autoscaler.Prediction.History;

namespace Autoscaler.Prediction.Tests;

public sealed class HistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SamplesInOneStep_AreAveraged_AndSkippedStepsAreMissing_NotZero()
    {
        var history = new DemandHistory(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

        history.Record(T0, 4);
        history.Record(T0.AddSeconds(30), 6);
        history.Record(T0.AddMinutes(3), 2);

        Assert.Equal([5, double.NaN, double.NaN, 2], history.ToArray());
        Assert.Equal(2, history.ObservedCount);
    }

    [Fact]
    public void MarkMissing_AdvancesWithoutAValue()
    {
        var history = new DemandHistory(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        history.Record(T0, 1);

        history.MarkMissing(T0.AddSeconds(30));
        history.Record(T0.AddSeconds(60), 3);

        Assert.Equal([1, double.NaN, 3], history.ToArray());
    }

    [Fact]
    public void Retention_IsBounded_AndOlderDataIsDownsampled()
    {
        var history = new DemandHistory(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), coarseFactor: 15);

        for (var i = 0; i < 180; i++)
        {
            history.Record(T0.AddMinutes(i), i);
        }

        Assert.Equal(60, history.Count);
        Assert.Equal(120, history.At(0));
        var coarse = history.CoarseToArray();
        Assert.Equal(8, coarse.Length);
        Assert.Equal(Enumerable.Range(0, 15).Average(), coarse[0]);
        Assert.Equal(Enumerable.Range(105, 15).Average(), coarse[7]);
    }

    [Fact]
    public void Persistence_RoundTrips_WithGaps()
    {
        var history = new DemandHistory(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
        for (var i = 0; i < 300; i += i % 7 == 0 ? 2 : 1)
        {
            history.Record(T0.AddMinutes(i), i % 50);
        }

        var bytes = HistorySerializer.Serialize(history);
        var loaded = HistorySerializer.Deserialize(bytes, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));

        Assert.True(loaded.Loaded, loaded.Reason);
        // Values are stored as float32 (half the size); NaN stays NaN.
        AssertClose(history.ToArray(), loaded.History.ToArray());
        AssertClose(history.CoarseToArray(), loaded.History.CoarseToArray());
        Assert.Equal(history.LastStepStart, loaded.History.LastStepStart);
    }

    [Fact]
    public void Persistence_BadInput_LoadsEmpty_WithAReason_NeverThrows()
    {
        var history = new DemandHistory(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
        for (var i = 0; i < 100; i++)
        {
            history.Record(T0.AddMinutes(i), i);
        }

        var good = HistorySerializer.Serialize(history);
        var flipped = (byte[])good.Clone();
        flipped[60] ^= 0x5A;
        var otherVersion = (byte[])good.Clone();
        otherVersion[4] = 9;
        var cases = new Dictionary<string, (byte[] Data, string Reason)>
        {
            ["empty"] = ([], "empty"),
            ["truncated"] = (good[..40], "truncated"),
            ["cut"] = (good[..^10], "truncated"),
            ["bit flip"] = (flipped, "checksum"),
            ["version"] = (otherVersion, "version"),
            ["garbage"] = ("not a history at all, just some text that is long enough to pass the size check"u8.ToArray(), "magic"),
        };

        foreach (var (name, (data, reason)) in cases)
        {
            var result = HistorySerializer.Deserialize(data, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
            Assert.False(result.Loaded, name);
            Assert.True(result.History.IsEmpty, name);
            Assert.Contains(reason, result.Reason!, StringComparison.OrdinalIgnoreCase);
        }

        var otherStep = HistorySerializer.Deserialize(good, TimeSpan.FromSeconds(30), TimeSpan.FromHours(2));
        Assert.False(otherStep.Loaded);
        Assert.Contains("step", otherStep.Reason!);
    }

    [Fact]
    public void Files_SaveAndLoad_MissingFileIsEmpty()
    {
        var folder = Directory.CreateTempSubdirectory("autoscaler-history-");
        try
        {
            var path = Path.Combine(folder.FullName, "ns_name.hist");
            var missing = HistorySerializer.Load(path, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
            Assert.False(missing.Loaded);
            Assert.Contains("no history file", missing.Reason!);

            var history = new DemandHistory(TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
            history.Record(T0, 3);
            history.Record(T0.AddMinutes(2), 5);
            HistorySerializer.Save(history, path);
            var loaded = HistorySerializer.Load(path, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

            Assert.True(loaded.Loaded, loaded.Reason);
            Assert.Equal([3, double.NaN, 5], loaded.History.ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(double.IsNaN(expected[i]), double.IsNaN(actual[i]));
            if (!double.IsNaN(expected[i]))
            {
                Assert.Equal(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])));
            }
        }
    }
}
