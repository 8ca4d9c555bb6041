namespace Autoscaler.Simulation.Policies;

/// <summary>
/// A scaling policy for the simulator, found by <see cref="Name"/>. <see cref="Start"/> makes a fresh controller
/// for one demand series (one function), so state never leaks between series or runs. A predictive policy is one
/// more implementation, registered in <see cref="PolicyCatalog"/>.
/// </summary>
public interface IScalingPolicy
{
    /// <summary>The name used on the command line, for example <c>keda-default</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what it is and where its definition comes from.</summary>
    string Description { get; }

    /// <summary>A new controller for one series.</summary>
    IPolicyController Start(PolicySettings settings);
}
