namespace Autoscaler.Scalers.Demo;

/// <summary>Where a demo trigger's value comes from.</summary>
public enum DemoMode
{
    /// <summary>A repeating wave: idle for <c>delay</c>, then <c>peak</c> for <c>activeFor</c>, then idle until <c>period</c> ends.</summary>
    Wave,

    /// <summary>The value last set through <c>PUT /api/demo/sources/{source}</c> (0 until then).</summary>
    Manual,
}
