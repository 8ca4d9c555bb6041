namespace Autoscaler.Scaling;

/// <summary>Where a trigger field's value may come from, looked up in this order.</summary>
[Flags]
public enum TriggerFieldSource
{
    /// <summary>The trigger's <c>metadata</c>.</summary>
    Metadata = 1,

    /// <summary>An environment variable of the target container, named by <c>metadata.&lt;field&gt;FromEnv</c>.</summary>
    Env = 2,

    /// <summary>The resolved TriggerAuthentication parameters.</summary>
    Auth = 4,

    /// <summary>Metadata or environment.</summary>
    MetadataOrEnv = Metadata | Env,

    /// <summary>Anywhere.</summary>
    Any = Metadata | Env | Auth,
}
