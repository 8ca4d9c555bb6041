using Autoscaler.Simulation.Traces;

namespace Autoscaler.Tests.Simulation;

public sealed class TraceReaderTests
{
    private const string NasaHeader = "minute_start_unix_utc,minute_start_local_edt,requests,outage";

    [Theory]
    [InlineData(TraceFormat.Nasa, NasaHeader + "\n804571200,1995-07-01 00:00,42,0\n804571260,1995-07-01 00:0", 3, "expected 4 columns, got 2")]
    [InlineData(TraceFormat.Nasa, NasaHeader + "\n804571200,1995-07-01 00:00,4x2,0", 2, "requests '4x2' is not a number")]
    [InlineData(TraceFormat.Nasa, NasaHeader + "\n804571200,1995-07-01 00:00,-1,0", 2, "must not be negative")]
    [InlineData(TraceFormat.Nasa, "time,requests\n804571200,4", 1, "expected the header")]
    [InlineData(TraceFormat.Nasa, NasaHeader + "\n804571200,a,1,0\n804571260,b,1,0\n804571230,c,1,0", 4, "time goes backwards")]
    [InlineData(TraceFormat.Crane, "ts,value\n100,1.5\n160,2\n250,3", 4, "not on the 60 s grid")]
    [InlineData(TraceFormat.AzureFunctions, "HashOwner,HashApp,HashFunction,Trigger,1,2,3\no,a,f,http,1,2,3\no,a,g,http,1,2", 3, "expected 7 columns, got 6")]
    [InlineData(TraceFormat.AzureLlm, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,1,2\n2023-11-16 18:17:0,1,2", 3, "is not 'yyyy-MM-dd HH:mm:ss.fffffff'")]
    [InlineData(TraceFormat.Csv, "timestamp,requests", 0, "no data rows")]
    [InlineData(TraceFormat.Csv, "", 0, "the file is empty")]
    public void BadOrTruncatedTrace_ErrorNamesLine(TraceFormat format, string text, int line, string reason)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceReader.Parse("t.csv", "t", text.Split('\n'), format));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.StartsWith(line > 0 ? $"t.csv:{line}: " : "t.csv: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nasa_GapInMinutes_FilledWithZeroRequests()
    {
        var trace = TraceReader.Parse("n.csv", "n", [NasaHeader, "600,a,5,0", "660,b,6,0", "840,c,7,0"], TraceFormat.Nasa);
        Assert.Equal(60, trace.IntervalSeconds);
        Assert.Equal([5.0, 6, 0, 0, 7], trace.Series[0].Requests);
    }

    [Fact]
    public void AzureLlm_Arrivals_BinnedPerSecond()
    {
        var trace = TraceReader.Parse("l.csv", "l", ["TIMESTAMP,ContextTokens,GeneratedTokens", "2023-11-16 18:17:03.9799600,1,1", "2023-11-16 18:17:03.9999600,1,1", "2023-11-16 18:17:05.5000000,1,1"], TraceFormat.AzureLlm);
        Assert.Equal(1, trace.IntervalSeconds);
        Assert.Equal([2.0, 0, 1], trace.Series[0].Requests);
    }

    [Fact]
    public void Crane_ValueIsRatePerSecond_RequestsPerInterval()
    {
        var trace = TraceReader.Parse("c.csv", "c", ["ts,value", "0,1.5", "60,2"], TraceFormat.Crane);
        Assert.Equal([90.0, 120], trace.Series[0].Requests);
    }

    [Fact]
    public void AzureFunctions_OneSeriesPerFunction()
    {
        var trace = TraceReader.Parse("f.csv", "f", ["HashOwner,HashApp,HashFunction,Trigger,1,2", "o,a,f1234567890,http,1,", "o,a,g,timer,0,3"], TraceFormat.AzureFunctions);
        Assert.Equal(2, trace.Series.Count);
        Assert.Equal("f1234567 (http)", trace.Series[0].Name);
        Assert.Equal([1.0, 0], trace.Series[0].Requests);
        Assert.Equal([0.0, 3], trace.Series[1].Requests);
    }

    [Fact]
    public void SharedTraces_EveryFileDetectedAndRead()
    {
        var folder = Autoscaler.Testing.RepoPaths.Traces;
        if (!Directory.Exists(folder) && !Autoscaler.Testing.RepoPaths.IsCi)
        {
            return; // the shared traces are absent outside CI; in CI they are always there
        }

        var files = Directory.EnumerateFiles(folder, "*.csv", SearchOption.AllDirectories).ToList();
        Assert.Equal(7, files.Count);
        foreach (var file in files)
        {
            var format = TraceReader.Detect(file);
            Assert.True(format is not null, file);
            var trace = TraceReader.Read(file, format!.Value);
            Assert.True(trace.Intervals > 100, file);
        }
    }
}
