using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Autoscaler.Prediction.Forecasting;

/// <summary>
/// Box-bounded minimisation with MathNet's Nelder-Mead simplex: each parameter p in (0, upper) is searched through a
/// logistic transform, so the simplex moves freely and the model always sees valid smoothing constants.
/// </summary>
internal static class ParameterFit
{
    private const int MaxIterations = 300;

    public static double[] Minimize(Func<double[], double> objective, double[] start, double[] upper)
    {
        var bestValue = double.PositiveInfinity;
        var best = (double[])start.Clone();
        double Evaluate(Vector<double> u)
        {
            var p = new double[u.Count];
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = upper[i] / (1 + Math.Exp(-u[i]));
            }

            var value = objective(p);
            if (!double.IsFinite(value))
            {
                value = double.MaxValue;
            }

            if (value < bestValue)
            {
                bestValue = value;
                best = p;
            }

            return value;
        }

        var initial = Vector<double>.Build.Dense(start.Length, i => Math.Log(start[i] / (upper[i] - start[i])));
        try
        {
            NelderMeadSimplex.Minimum(ObjectiveFunction.Value(Evaluate), initial, Vector<double>.Build.Dense(start.Length, 1.0), 1e-5, MaxIterations);
        }
        catch (MaximumIterationsException)
        {
            // The best point seen so far is kept below.
        }

        return best;
    }
}
