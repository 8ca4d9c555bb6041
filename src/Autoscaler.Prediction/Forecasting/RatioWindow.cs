namespace Autoscaler.Prediction.Forecasting;

/// <summary>The newest ratios a learned factor keeps (a fixed-size ring; the oldest is overwritten), in no order.</summary>
internal sealed class RatioWindow
{
    private readonly double[] _ratios;
    private int _count;
    private int _next;

    public RatioWindow(int capacity) => _ratios = new double[capacity];

    /// <summary>The ratios kept (at most the capacity), in no particular order.</summary>
    public ReadOnlySpan<double> Values => _ratios.AsSpan(0, _count);

    /// <summary>Bytes held by the ratios.</summary>
    public int Bytes => _ratios.Length * sizeof(double);

    /// <summary>Keeps <paramref name="ratio"/>, dropping the oldest when full.</summary>
    public void Add(double ratio)
    {
        _ratios[_next] = ratio;
        _next = (_next + 1) % _ratios.Length;
        _count = Math.Min(_count + 1, _ratios.Length);
    }
}
