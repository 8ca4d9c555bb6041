namespace Autoscaler.Actuation;

/// <summary>The burst Deployment of a hybrid placement.</summary>
/// <param name="Target">The ScaledObject's target, whose pod template the burst Deployment clones.</param>
/// <param name="ScaledObjectName">The owning ScaledObject (owner reference and labels).</param>
/// <param name="Profile">The node profile the burst pods run on.</param>
public sealed record BurstRequest(ScaleTargetKey Target, string ScaledObjectName, string Profile)
{
    /// <summary>The burst Deployment: <c>apps/v1 Deployment &lt;target&gt;-burst</c> in the target's namespace.</summary>
    public ScaleTargetKey Burst => new(Target.Namespace, "apps/v1", "Deployment", Target.Name + "-burst");
}
