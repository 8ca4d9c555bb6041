namespace Autoscaler.Engine;

/// <summary>
/// Supplies the single trigger's values for the ticks a hold looks at, on demand (see
/// <see cref="ScaleEngine.HoldTicks(ScaleInput, ScaleDecision, int, int, TickValues, int, out ScalerState, bool)"/>):
/// fills <paramref name="values"/>[k] with the value read at tick <paramref name="firstTick"/> + k, where tick t is
/// the decision's Now + t × period (t ≥ 1). Called with consecutive ranges, in order, only as far as the hold goes.
/// </summary>
/// <param name="firstTick">The tick of values[0] (1 = the first tick after the decision).</param>
/// <param name="values">The values to fill, one per tick.</param>
public delegate void TickValues(int firstTick, Span<double> values);
