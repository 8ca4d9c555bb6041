namespace Autoscaler.Simulation.Traces;

/// <summary>The trace file formats <see cref="TraceReader"/> reads (see docs/simulation.md).</summary>
public enum TraceFormat
{
    /// <summary>NASA HTTP per minute: <c>minute_start_unix_utc,minute_start_local_edt,requests,outage</c>.</summary>
    Nasa,

    /// <summary>Azure Functions 2019: <c>HashOwner,HashApp,HashFunction,Trigger,1..1440</c> (invocations per minute, one function a row).</summary>
    AzureFunctions,

    /// <summary>Azure LLM inference 2023: one request a row, <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>; binned per second.</summary>
    AzureLlm,

    /// <summary>Crane DSP: <c>ts,value</c> at a fixed step; the value is a load in requests per second.</summary>
    Crane,

    /// <summary>Generic: <c>timestamp,requests</c> (Unix seconds, fixed step; requests in each interval).</summary>
    Csv,
}
